//! D10 版头分隔线 (GB/T 9704-2012 7.2.7): under the 发文字号 a red line as wide as the 版心.
//! From the XML: that the line is there, red, and about 156 mm long. Its distance below the
//! 发文字号 (4 mm) depends on how the lines are set and is measured on the rendered page
//! ([`check_docx_layout`](crate::check_docx_layout)).

use crate::check::{Finding, Severity};
use crate::model::ElementKind;
use crate::render::Format;

use super::{Inputs, is_dash_line, is_red};

/// 版心 width and how far a drawn line may be off it before it is reported.
const TEXT_WIDTH_MM: f64 = 156.0;
const WIDTH_SLACK_MM: f64 = 2.0;
const TWIPS_PER_MM: f64 = 56.693;

/// How the separator is drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Drawn {
    /// A paragraph's bottom (or top) border: colour, length in mm when the page says.
    Border(Option<String>, Option<f64>),
    /// A line shape: colour when given as RGB, length in mm.
    Shape(Option<String>, Option<f64>),
    /// A line of “—” typed as text: whether every run of it is red.
    Text(bool),
}

/// The separator found, and the paragraph (1-based line) below which the title's blank lines
/// start. `None` line: the separator is a drawing anchored in the number's paragraph, whose
/// height is not known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Separator {
    pub drawn: Drawn,
    pub line: Option<usize>,
}

/// What lies between the 发文字号 and the 标题.
pub(crate) enum Found {
    Separator(Separator),
    /// Nothing that could be a line.
    Nothing,
    /// Something this reader does not interpret (a picture, a table, a line in the page
    /// header): no judgement.
    Unknown,
}

/// Only the 文件 format has this separator (the 信函's double lines are D18's business, the
/// 令 has none, the 纪要's is practice).
pub(crate) fn applies(i: &Inputs<'_>) -> Option<(usize, usize)> {
    if Format::for_document(i.doc) != Format::Standard {
        return None;
    }
    let number = i.doc.issuing_number.as_ref()?.at.line;
    let title = i.doc.title.as_ref()?.lines.first()?.at.line;
    (number < title).then_some((number, title))
}

pub(crate) fn find(i: &Inputs<'_>, number: usize, title: usize) -> Found {
    let section = &i.body.section;
    let border_length = |line: usize| -> Option<f64> {
        let e = i.effective(line)?;
        let page = section.page_width? - section.left? - section.right?;
        let chars = |c: Option<i32>| c.map(|c| c * 320 / 100);
        let left = chars(e.para.left_chars).or(e.para.left).unwrap_or(0);
        let right = chars(e.para.right_chars).or(e.para.right).unwrap_or(0);
        Some(f64::from(page - left - right) / TWIPS_PER_MM)
    };
    for line in number..=title {
        let Some(p) = i.paragraph(line) else {
            return Found::Unknown;
        };
        if p.in_table {
            return Found::Unknown;
        }
        let Some(e) = i.effective(line) else {
            return Found::Unknown;
        };
        let below = e.para.border_bottom.as_ref().filter(|b| b.is_line());
        let above = e.para.border_top.as_ref().filter(|b| b.is_line());
        if line < title
            && let Some(b) = below
        {
            return Found::Separator(Separator {
                drawn: Drawn::Border(b.color.clone(), border_length(line)),
                line: Some(line),
            });
        }
        if line > number
            && let Some(b) = above
        {
            return Found::Separator(Separator {
                drawn: Drawn::Border(b.color.clone(), border_length(line)),
                line: Some(line - 1),
            });
        }
        if line == title {
            break;
        }
        if let Some(s) = p.shapes.first() {
            if p.shapes.len() > 1 || !s.is_line {
                return Found::Unknown;
            }
            let own_line = line > number && p.text.trim().is_empty();
            return Found::Separator(Separator {
                drawn: Drawn::Shape(s.color.clone(), s.width_mm),
                line: own_line.then_some(line),
            });
        }
        if line > number && is_dash_line(&p.text) {
            let red = e
                .runs
                .iter()
                .all(|(_, r)| r.color.as_deref().is_some_and(is_red));
            return Found::Separator(Separator {
                drawn: Drawn::Text(red),
                line: Some(line),
            });
        }
    }
    // Templates sometimes draw the 版头 in the first page's header, and a floating line may be
    // anchored in any paragraph near it (the mark's, the title's, the blank after it).
    let in_header = i
        .headers()
        .any(|h| h.contains("<w:pBdr") || h.contains("<v:line") || h.contains("prst=\"line\""));
    let anchored_nearby = (1..=title + 2)
        .filter_map(|l| i.paragraph(l))
        .any(|p| !p.shapes.is_empty());
    if in_header || anchored_nearby {
        Found::Unknown
    } else {
        Found::Nothing
    }
}

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let Some((number, title)) = applies(i) else {
        return;
    };
    let rule = "GB/T 9704-2012 7.2.7";
    let mut issues = Vec::new();
    let at_line = match find(i, number, title) {
        Found::Unknown => return,
        Found::Nothing => {
            out.push(Finding::new(
                "D10",
                Severity::Error,
                ElementKind::IssuingNumber,
                i.at_line(number),
                "发文字号之下没有版头分隔线；应在发文字号下4mm处居中印一条与版心等宽的红色分隔线。",
                rule,
            ));
            return;
        }
        Found::Separator(s) => {
            let (color, length) = match &s.drawn {
                Drawn::Border(c, l) => (Some(c.as_deref().unwrap_or("auto")), *l),
                Drawn::Shape(c, l) => (c.as_deref(), *l),
                Drawn::Text(red) => (Some(if *red { "FF0000" } else { "auto" }), None),
            };
            if let Some(c) = color
                && !is_red(c)
            {
                issues.push("不是红色".to_string());
            }
            if let Some(l) = length
                && (l - TEXT_WIDTH_MM).abs() > WIDTH_SLACK_MM
            {
                issues.push(format!("长约{l:.0}mm，应与版心等宽（156mm）"));
            }
            s.line.unwrap_or(number)
        }
    };
    if !issues.is_empty() {
        out.push(Finding::new(
            "D10",
            Severity::Error,
            ElementKind::IssuingNumber,
            i.at_line(at_line),
            format!("版头分隔线{}。", issues.join("，")),
            rule,
        ));
    }
}
