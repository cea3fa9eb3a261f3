//! 版头: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人.

use crate::model::{Classification, DocKind, Document, Field, IssuingNumber, Urgency};
use crate::source::Line;

use super::names::split_names;
use super::patterns::{CLASSIFICATION, COPY_NUMBER, ISSUING_NUMBER, SIGNER};

/// How many non-blank lines from the top may still belong to the 版头.
const HEADER_WINDOW: usize = 12;

/// Reads the 版头 into `doc`; says where it ends, or where the title starts when the 发文字号
/// stands below the title.
pub(super) fn parse_header(lines: &[Line<'_>], skip: &[bool], doc: &mut Document) -> TitleFirst {
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| !skip[i] && !lines[i].is_blank())
        .take(HEADER_WINDOW)
        .take_while(|&i| !lines[i].content.contains('。'))
        .collect();
    let number_at = candidates
        .iter()
        .copied()
        .find(|&i| ISSUING_NUMBER.is_match(lines[i].content));
    if let Some(start) = number_at.and_then(|n| title_above_number(lines, &candidates, n)) {
        // Web copies put the 发文字号 under the title. The lines above the title are still 版头;
        // the number line is read here and the title is left to the front parser.
        let n = number_at.expect("checked");
        read_number_line(&lines[n], doc);
        let above: Vec<usize> = candidates.iter().copied().filter(|&i| i < start).collect();
        parse_header_lines(lines, &above, None, doc);
        return TitleFirst::Yes {
            title: start,
            number: n,
        };
    }
    TitleFirst::No(parse_header_lines(lines, &candidates, number_at, doc))
}

/// Where the 版头 ends, and whether the 发文字号 stands below the title.
pub(super) enum TitleFirst {
    No(usize),
    Yes { title: usize, number: usize },
}

/// The first line of a title that stands directly above the 发文字号 at `number`: the lines
/// between the last 版头 element and the number, read together, name a 文种 after “关于”.
fn title_above_number(lines: &[Line<'_>], candidates: &[usize], number: usize) -> Option<usize> {
    let above: Vec<usize> = candidates.iter().copied().filter(|&i| i < number).collect();
    let start_pos = above
        .iter()
        .position(|&i| !is_header_element(lines[i].content))?;
    let block = &above[start_pos..];
    if block.len() > 3 || block.iter().any(|&i| is_header_element(lines[i].content)) {
        return None;
    }
    let text: String = block.iter().map(|&i| lines[i].content).collect();
    let is_title = text.contains("关于")
        && !text.ends_with("文件")
        && DocKind::from_title(&text).is_some()
        && !text.trim_end().ends_with("的");
    is_title.then_some(block[0])
}

/// 份号, 密级, 紧急程度 or a “××文件” mark: lines that belong to the 版头 whatever follows.
fn is_header_element(text: &str) -> bool {
    COPY_NUMBER.is_match(text)
        || (CLASSIFICATION.is_match(text) && text.chars().count() <= 20)
        || is_urgency_word(text)
        || is_issuer_mark(text)
}

fn parse_header_lines(
    lines: &[Line<'_>],
    candidates: &[usize],
    number_at: Option<usize>,
    doc: &mut Document,
) -> usize {
    let mut end = 0;
    let mut consumed = false;
    for &i in candidates {
        let line = &lines[i];
        let text = line.content;
        let before_number = number_at.is_some_and(|n| i < n);
        if COPY_NUMBER.is_match(text) && !consumed {
            doc.copy_number = Some(Field::new(text, Some(text.to_string()), line.at_content()));
        } else if CLASSIFICATION.is_match(text) && text.chars().count() <= 20 {
            doc.classification = Some(Field::new(
                text,
                text.parse::<Classification>().ok(),
                line.at_content(),
            ));
        } else if is_urgency_word(text) {
            doc.urgency = Some(Field::new(
                text,
                text.parse::<Urgency>().ok(),
                line.at_content(),
            ));
        } else if Some(i) == number_at {
            read_number_line(line, doc);
        } else if let Some(c) = SIGNER.captures(text) {
            let names = c.name("names").expect("group");
            doc.signers = Some(Field::new(
                text,
                Some(split_names(names.as_str())),
                line.at_content(),
            ));
        } else if is_issuer_mark(text) || before_number {
            doc.issuer_marks
                .push(Field::new(text, Some(text.to_string()), line.at_content()));
        } else {
            return i;
        }
        end = i + 1;
        consumed = true;
    }
    end
}

fn read_number_line(line: &Line<'_>, doc: &mut Document) {
    let caps = ISSUING_NUMBER
        .captures(line.content)
        .expect("matched before");
    let num = caps.name("num").expect("group");
    let value = num.as_str().parse::<IssuingNumber>().ok();
    doc.issuing_number = Some(Field::new(
        num.as_str(),
        value,
        line.at_bytes(num.start(), num.end()),
    ));
    let rest = caps.name("rest").expect("group");
    let trimmed = rest.as_str().trim_start();
    let offset = rest.start() + (rest.as_str().len() - trimmed.len());
    if let Some(c) = SIGNER.captures(trimmed) {
        let names = c.name("names").expect("group");
        doc.signers = Some(Field::new(
            trimmed,
            Some(split_names(names.as_str())),
            line.at_bytes(offset, line.content.len()),
        ));
    }
}

/// 特急, 加急 and the telegram and legacy words, standing alone on a line.
fn is_urgency_word(text: &str) -> bool {
    matches!(text, "特急" | "加急" | "特提" | "平急") || Urgency::LEGACY.contains(&text)
}

/// “××文件”, or a short line of an organ name without punctuation.
fn is_issuer_mark(text: &str) -> bool {
    text.ends_with("文件")
        && text.chars().count() <= 40
        && !text.contains(['，', '。', '：', '；', '、'])
        && !text.starts_with("关于")
}
