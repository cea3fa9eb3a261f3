//! D13 成文日期的位置 (GB/T 9704-2012 7.3.5) and D14 附件另页 (7.3.7), read from the paragraph
//! properties.

use crate::check::{Finding, Severity};
use crate::docx::fonts::Family;
use crate::model::ElementKind;

use super::Inputs;

/// Two characters of 3号 less a little slack: the least right indent either layout gives.
const MIN_RIGHT_INDENT: i32 = 560;

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    date(i, out);
    attachments(i, out);
}

/// D13: a sealed document sets the date 4 characters from the right, an unsealed one at least 2;
/// a right-aligned date flush with the edge, or a centred one, is neither.
fn date(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let Some(d) = &i.doc.date else {
        return;
    };
    let line = d.at.line;
    let Some(e) = i.effective(line) else {
        return;
    };
    let raw = i.map.lines[line - 1].raw;
    let message = match e.para.align.as_deref() {
        Some("right" | "end") if e.para.right.unwrap_or(0) < MIN_RIGHT_INDENT => format!(
            "成文日期右对齐但右缩进只有{:.1}字；加盖印章的应右空四字，不加盖印章的按7.3.5.2编排。",
            f64::from(e.para.right.unwrap_or(0)) / 320.0
        ),
        Some("center") if !raw.starts_with([' ', '　']) => {
            "成文日期居中编排；应居右，加盖印章的右空四字。".to_string()
        }
        _ => return,
    };
    out.push(Finding::new(
        "D13",
        Severity::Warning,
        ElementKind::Date,
        i.at_line(line),
        message,
        "GB/T 9704-2012 7.3.5",
    ));
}

/// D14: each attachment starts a new page, its “附件N” label in 黑体 (7.3.7).
fn attachments(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    for a in &i.doc.attachments {
        let line = a.label.at.line;
        let Some(p) = i.body.paragraphs.get(line - 1) else {
            continue;
        };
        let Some(e) = i.effective(line) else {
            continue;
        };
        // Blank paragraphs between a page break and the label keep it on the new page.
        let new_page = p.after_page_break
            || e.para.page_break_before == Some(true)
            || i.body.paragraphs[..line - 1]
                .iter()
                .rev()
                .take_while(|q| q.text.trim().is_empty())
                .any(|q| q.after_page_break || q.props.page_break_before == Some(true));
        if !new_page {
            out.push(Finding::new(
                "D14",
                Severity::Error,
                ElementKind::Attachment,
                i.at_line(line),
                format!("“{}”没有另起一页；附件应另面编排。", a.label.text),
                "GB/T 9704-2012 7.3.7",
            ));
        }
        let wrong_font = e.runs.iter().any(|(t, r)| {
            !t.trim().is_empty()
                && r.east_asia
                    .as_deref()
                    .is_some_and(|f| Family::of(f) != Some(Family::HeiTi))
        });
        if wrong_font {
            out.push(Finding::new(
                "D14",
                Severity::Warning,
                ElementKind::Attachment,
                i.at_line(line),
                format!("“{}”应使用3号黑体。", a.label.text),
                "GB/T 9704-2012 7.3.7",
            ));
        }
    }
}
