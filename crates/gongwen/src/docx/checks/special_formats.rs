//! D18 特定格式 (GB/T 9704-2012 10): which of the 信函, 令 and 纪要 formats a document uses,
//! and what the XML shows of their rules: the 纪要's 出席/请假/列席 labels in 黑体 (10.3), no
//! page number on the 信函's first page (10.1). The marks' distances from the top are measured
//! on the rendered page.

use crate::check::{Finding, Severity};
use crate::docx::fonts::Family;
use crate::model::ElementKind;
use crate::render::Format;

use super::{Inputs, has_page_field, is_red};

/// The special format a document is laid out in, when the XML says so with some certainty:
/// 令 and 纪要 by their 文种; a 函 is a 信函 only when its red double line is there (a 函 may
/// also be issued as a 文件).
pub(crate) fn detect(i: &Inputs<'_>) -> Option<Format> {
    match Format::for_document(i.doc) {
        Format::Letter if has_red_double_line(i) => Some(Format::Letter),
        f @ (Format::Order | Format::Minutes) => Some(f),
        _ => None,
    }
}

/// A red double border (double, thick-thin, thin-thick) in the body or in a header or footer.
fn has_red_double_line(i: &Inputs<'_>) -> bool {
    let in_body = i.body.paragraphs.iter().any(|p| {
        [&p.props.border_top, &p.props.border_bottom]
            .into_iter()
            .flatten()
            .any(|b| b.is_double() && b.color.as_deref().is_some_and(is_red))
    });
    in_body
        || i.body
            .section
            .headers
            .iter()
            .chain(&i.body.section.footers)
            .filter_map(|(_, id)| i.parts.get(id))
            .any(|xml| part_has_red_double_border(xml))
}

fn part_has_red_double_border(xml: &str) -> bool {
    let Ok(body) = crate::docx::document::parse(xml) else {
        return false;
    };
    body.paragraphs.iter().any(|p| {
        [&p.props.border_top, &p.props.border_bottom]
            .into_iter()
            .flatten()
            .any(|b| b.is_double() && b.color.as_deref().is_some_and(is_red))
    })
}

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    match detect(i) {
        Some(Format::Minutes) => minutes(i, out),
        Some(Format::Letter) => letter(i, out),
        _ => {}
    }
}

/// 10.3: “出席”“请假”“列席” in 3号 黑体.
fn minutes(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    for p in &i.doc.body {
        let Some(label) = crate::render::body::attendee_label(&p.text) else {
            continue;
        };
        let Some(e) = i.effective(p.at.line) else {
            continue;
        };
        let name = label.trim_end_matches('：');
        // The runs that hold the label's characters (before the colon).
        let mut seen = 0;
        let wrong = e.runs.iter().any(|(t, r)| {
            let in_label = seen < name.len();
            seen += t.trim_start().len();
            in_label
                && r.east_asia
                    .as_deref()
                    .is_some_and(|f| Family::of(f) != Some(Family::HeiTi))
        });
        if wrong {
            out.push(Finding::new(
                "D18",
                Severity::Warning,
                ElementKind::Body,
                i.at_line(p.at.line),
                format!("纪要的“{name}”应使用3号黑体，其后的单位和姓名用3号仿宋。"),
                "GB/T 9704-2012 10.3",
            ));
        }
    }
}

/// 10.1: the 信函's first page shows no page number.
fn letter(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let first_footer = if i.body.section.title_page {
        i.footer("first")
    } else {
        i.footer("default")
    };
    if first_footer.is_some_and(has_page_field) {
        out.push(Finding::new(
            "D18",
            Severity::Warning,
            ElementKind::PageNumber,
            i.at_start(),
            "信函格式首页不显示页码；应设置“首页不同”，首页页脚不放页码。",
            "GB/T 9704-2012 10.1",
        ));
    }
}
