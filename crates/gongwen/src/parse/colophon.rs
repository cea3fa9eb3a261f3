//! 版记: 抄送机关, 印发机关和印发日期.

use crate::model::{ChineseDate, Document, Field, Printing};
use crate::source::Line;

use super::closing::join;
use super::names::split_names;
use super::patterns::{COPY_TO, MOVED_RECIPIENTS, PRINTING};

/// Index of the first 版记 line after `from`, if any: a 抄送 line, a 主送 moved down, or the
/// 印发 line.
pub(super) fn find_colophon(lines: &[Line<'_>], skip: &[bool], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| {
        let t = lines[i].content;
        !skip[i]
            && (COPY_TO.is_match(t) && t.starts_with("抄")
                || MOVED_RECIPIENTS.is_match(t)
                || is_printing(t))
    })
}

fn is_printing(text: &str) -> bool {
    PRINTING
        .captures(text)
        .is_some_and(|c| c.name("yinfa").is_some() || text.chars().count() <= 60)
        && !text.contains('，')
}

pub(super) fn parse_colophon(lines: &[Line<'_>], skip: &[bool], start: usize, doc: &mut Document) {
    let mut copy_lines: Vec<&Line<'_>> = Vec::new();
    let mut in_copy = false;
    for i in start..lines.len() {
        let line = &lines[i];
        if skip[i] || line.is_blank() {
            in_copy = false;
            continue;
        }
        let t = line.content;
        if t.starts_with('抄') && COPY_TO.is_match(t) {
            copy_lines.push(line);
            in_copy = true;
        } else if is_printing(t) && PRINTING.is_match(t) {
            let c = PRINTING.captures(t).expect("matched");
            let organ = c.name("organ").expect("group").as_str().trim().to_string();
            let date = ChineseDate::parse_lenient(c.name("date").expect("group").as_str())
                .ok()
                .map(|(d, _)| d);
            doc.printing = Some(Field::new(
                t,
                Some(Printing { organ, date }),
                line.at_content(),
            ));
            in_copy = false;
        } else if in_copy {
            copy_lines.push(line);
        }
    }
    if let (Some(first), Some(last)) = (copy_lines.first(), copy_lines.last()) {
        let text: String = copy_lines.iter().map(|l| l.content).collect();
        let names_text = COPY_TO
            .captures(&text)
            .and_then(|c| c.name("names"))
            .map_or("", |m| m.as_str());
        let names = split_names(names_text);
        doc.copy_to = Some(Field::new(
            text.clone(),
            Some(names),
            join(first.at_content(), last.at_content()),
        ));
    }
}
