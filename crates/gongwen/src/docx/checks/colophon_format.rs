//! D15 版记 (GB/T 9704-2012 7.4) as far as the XML shows it: the 抄送 and 印发 lines in 4号
//! 仿宋, 1 character in from the left (and from the right where the 抄送 line wraps), and the
//! separator lines above the first element, between them and below the last. Whether the 版记
//! sits at the bottom of the last page is measured on the rendered page.

use crate::check::{Finding, Severity};
use crate::model::ElementKind;
use crate::render::Format;

use super::{Effective, Family, Inputs, is_dash_line, run_issues};

/// 4号 in half-points; one 4号 character in twips.
const SIZE_4HAO: u32 = 28;
const CHAR_4HAO: f64 = 280.0;
/// Characters of 4号 in the 156 mm 版心: a longer 抄送 line wraps.
const CHARS_PER_LINE: usize = 31;

/// A paragraph that draws a rule: empty and shaded, bordered or holding a line shape, or a
/// line of “—”.
fn is_rule(i: &Inputs<'_>, line: usize) -> bool {
    let Some(p) = i.paragraph(line) else {
        return false;
    };
    if p.in_table {
        return false;
    }
    if is_dash_line(&p.text) {
        return true;
    }
    if !p.text.trim().is_empty() {
        return false;
    }
    let Some(e) = i.effective(line) else {
        return false;
    };
    let shaded = e
        .para
        .shading
        .as_deref()
        .is_some_and(|f| !matches!(f.to_ascii_lowercase().as_str(), "auto" | "ffffff"));
    shaded
        || e.para.border_top.as_ref().is_some_and(|b| b.is_line())
        || e.para.border_bottom.as_ref().is_some_and(|b| b.is_line())
        || p.shapes.iter().any(|s| s.is_line)
}

fn border_below(i: &Inputs<'_>, line: usize) -> bool {
    i.effective(line)
        .and_then(|e| e.para.border_bottom)
        .is_some_and(|b| b.is_line())
}

fn border_above(i: &Inputs<'_>, line: usize) -> bool {
    i.effective(line)
        .and_then(|e| e.para.border_top)
        .is_some_and(|b| b.is_line())
}

/// Where the first line of text starts, in characters of 4号 from the left of the 版心.
fn start_chars(e: &Effective<'_>, text: &str) -> f64 {
    let p = &e.para;
    let chars = |c: Option<i32>| c.map(|c| f64::from(c) / 100.0);
    let twips = |t: Option<i32>| f64::from(t.unwrap_or(0)) / CHAR_4HAO;
    let left = chars(p.left_chars).unwrap_or_else(|| twips(p.left));
    let hanging = chars(p.hanging_chars).unwrap_or_else(|| twips(p.hanging));
    let first = chars(p.first_line_chars).unwrap_or_else(|| twips(p.first_line));
    let spaces = text.chars().take_while(|c| *c == '　').count() as f64
        + text.chars().take_while(|c| *c == ' ').count() as f64 / 2.0;
    left - hanging + first + spaces
}

fn right_chars(e: &Effective<'_>) -> f64 {
    let p = &e.para;
    p.right_chars
        .map(|c| f64::from(c) / 100.0)
        .unwrap_or_else(|| f64::from(p.right.unwrap_or(0)) / CHAR_4HAO)
}

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let d = i.doc;
    let rule = "GB/T 9704-2012 7.4";
    let elements: Vec<(usize, ElementKind)> = [
        d.copy_to.as_ref().map(|c| (c.at.line, ElementKind::CopyTo)),
        d.printing
            .as_ref()
            .map(|p| (p.at.line, ElementKind::Printing)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if elements.is_empty() {
        return;
    }
    for &(line, element) in &elements {
        let Some(e) = i.effective(line) else {
            // A 版记 set in a table: its borders are the rules; nothing to say.
            return;
        };
        let text = &i.body.paragraphs[line - 1].text;
        let mut issues = run_issues(&e, Family::FangSong, SIZE_4HAO);
        if !issues.is_empty() {
            issues.push("应为4号仿宋".to_string());
        }
        let start = start_chars(&e, text);
        if !(0.5..=1.6).contains(&start) {
            issues.push(format!("左空{start:.1}字，应左空一字"));
        }
        if element == ElementKind::CopyTo
            && text.trim().chars().count() > CHARS_PER_LINE
            && right_chars(&e) < 0.5
        {
            issues.push("回行时应右空一字".to_string());
        }
        if !issues.is_empty() {
            out.push(Finding::new(
                "D15",
                Severity::Warning,
                element,
                i.at_line(line),
                format!("版记中的{}{}。", element.label(), issues.join("，")),
                "GB/T 9704-2012 7.4.2、7.4.3",
            ));
        }
    }
    // 10.1: the 信函's 版记 has no rules.
    if Format::for_document(d) == Format::Letter {
        return;
    }
    let first = elements[0].0;
    let last = elements[elements.len() - 1].0;
    let unknown = |line: usize| {
        i.paragraph(line)
            .is_some_and(|p| p.in_table || p.shapes.iter().any(|s| !s.is_line))
    };
    if unknown(first - 1) || unknown(last + 1) {
        return;
    }
    let mut missing = Vec::new();
    if !(border_above(i, first) || border_below(i, first - 1) || is_rule(i, first - 1)) {
        missing.push("首条分隔线（版记第一个要素之上）");
    }
    if elements.len() == 2
        && last > first
        && last - first <= 2
        && !(border_below(i, first)
            || border_above(i, last)
            || (last - first == 2 && is_rule(i, first + 1)))
    {
        missing.push("抄送机关与印发机关之间的细分隔线");
    }
    if !(border_below(i, last) || border_above(i, last + 1) || is_rule(i, last + 1)) {
        missing.push("末条分隔线（印发机关和印发日期之下）");
    }
    if !missing.is_empty() {
        out.push(Finding::new(
            "D15",
            Severity::Warning,
            elements[0].1,
            i.at_line(first),
            format!(
                "版记缺少{}；版记各要素之间、首尾均应加与版心等宽的分隔线，首末条粗、中间细。",
                missing.join("、")
            ),
            rule,
        ));
    }
}
