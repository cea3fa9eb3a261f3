//! D03 行距, D04 正文字体字号颜色, D05 首行缩进 (GB/T 9704-2012 5.2, 7.3.3).

use crate::check::{Finding, Severity};
use crate::model::{DocKind, ElementKind};
use crate::render::body::attendee_label;

use super::{Family, Inputs, SIZE_3HAO, is_black, run_issues};

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let mut font_bad: Vec<(usize, Vec<String>)> = Vec::new();
    let mut indent_bad: Vec<usize> = Vec::new();
    let mut spacing_bad: Vec<(usize, String)> = Vec::new();
    for p in &i.doc.body {
        let line = p.at.line;
        let Some(mut e) = i.effective(line) else {
            continue;
        };
        // 10.3: the 出席/请假/列席 labels of a 纪要 are set in 黑体; the names after them are 正文.
        if i.doc.kind == Some(DocKind::Minutes)
            && let Some(label) = attendee_label(&p.text)
        {
            let mut seen = 0;
            e.runs.retain(|(t, _)| {
                let in_label = seen < label.len();
                seen += t.len();
                !in_label
            });
        }
        if p.heading.is_none() {
            let mut issues = run_issues(&e, Family::FangSong, SIZE_3HAO);
            if e.runs
                .iter()
                .any(|(_, r)| r.color.as_deref().is_some_and(|c| !is_black(c)))
            {
                issues.push("文字不是黑色".to_string());
            }
            if !issues.is_empty() {
                font_bad.push((line, issues));
            }
        }
        let raw = i.map.lines[line - 1].raw;
        let text_indented = raw.starts_with("　　") || raw.starts_with("    ");
        let chars_ok = e
            .para
            .first_line_chars
            .is_some_and(|c| (180..=220).contains(&c));
        let twips_ok = e.para.first_line.is_some_and(|t| (560..=700).contains(&t))
            && e.para.hanging.unwrap_or(0) == 0;
        let none_set =
            e.para.first_line.unwrap_or(0) == 0 && e.para.first_line_chars.unwrap_or(0) == 0;
        if !(chars_ok || twips_ok || text_indented && none_set) {
            indent_bad.push(line);
        }
        let grid_ok = i
            .body
            .section
            .line_pitch
            .is_some_and(|p| (540..=600).contains(&p))
            && matches!(
                i.body.section.grid_type.as_deref(),
                Some("lines" | "linesAndChars")
            );
        let spacing_ok = match (e.para.line_rule.as_deref(), e.para.line) {
            (Some("exact" | "atLeast"), Some(l)) => (540..=600).contains(&l),
            (None | Some("auto"), l) => grid_ok && l.is_none_or(|l| l <= 240),
            _ => false,
        };
        if !spacing_ok {
            let shown = match (e.para.line_rule.as_deref(), e.para.line) {
                (Some("exact" | "atLeast"), Some(l)) => {
                    format!("行距为{:.1}磅", f64::from(l) / 20.0)
                }
                (_, Some(l)) => format!("行距为{:.2}倍行距", f64::from(l) / 240.0),
                (_, None) => "未设置固定行距".to_string(),
            };
            spacing_bad.push((line, shown));
        }
    }
    if let Some((line, issues)) = font_bad.first() {
        out.push(Finding::new(
            "D04",
            Severity::Warning,
            ElementKind::Body,
            i.at_line(*line),
            format!(
                "正文一般用3号仿宋体字、黑色：此段{}；全文共{}段不符合。",
                issues.join("，"),
                font_bad.len()
            ),
            "GB/T 9704-2012 5.2.2、5.2.4、7.3.3",
        ));
    }
    if let Some(line) = indent_bad.first() {
        out.push(Finding::new(
            "D05",
            Severity::Error,
            ElementKind::Body,
            i.at_line(*line),
            format!(
                "正文每个自然段左空二字（首行缩进2字符）：此段未缩进二字；全文共{}段不符合。",
                indent_bad.len()
            ),
            "GB/T 9704-2012 7.3.3",
        ));
    }
    if let Some((line, shown)) = spacing_bad.first() {
        out.push(Finding::new(
            "D03",
            Severity::Warning,
            ElementKind::Body,
            i.at_line(*line),
            format!("一般每页排22行、每行28个字，行距约28.95磅（固定值）：此段{shown}；全文共{}段不符合。", spacing_bad.len()),
            "GB/T 9704-2012 5.2.3",
        ));
    }
}
