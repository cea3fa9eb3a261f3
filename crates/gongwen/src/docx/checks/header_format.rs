//! D08 份号、密级、紧急程度, D09 发文机关标志 (GB/T 9704-2012 7.2.1—7.2.4).

use crate::check::{Finding, Severity};
use crate::model::ElementKind;

use super::{Family, Inputs, SIZE_3HAO, is_red};

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let d = i.doc;
    let lines: [(Option<usize>, ElementKind, Option<Family>); 3] = [
        (
            d.copy_number.as_ref().map(|f| f.at.line),
            ElementKind::CopyNumber,
            None,
        ),
        (
            d.classification.as_ref().map(|f| f.at.line),
            ElementKind::Classification,
            Some(Family::HeiTi),
        ),
        (
            d.urgency.as_ref().map(|f| f.at.line),
            ElementKind::Urgency,
            Some(Family::HeiTi),
        ),
    ];
    for (line, element, family) in lines {
        let Some(line) = line else {
            continue;
        };
        let Some(e) = i.effective(line) else {
            continue;
        };
        let mut issues = Vec::new();
        for (_, r) in &e.runs {
            if let (Some(fam), Some(font)) = (family, r.east_asia.as_deref())
                && Family::of(font) != Some(fam)
            {
                issues.push(format!("字体为“{font}”，应为{}", fam.label()));
            }
            if let Some(sz) = r.size
                && sz != SIZE_3HAO
            {
                issues.push(format!("字号为{}磅，应为3号", f64::from(sz) / 2.0));
            }
        }
        let indented = e.para.first_line.unwrap_or(0) != 0
            || e.para.first_line_chars.unwrap_or(0) != 0
            || e.para.left.unwrap_or(0) != 0;
        if indented || matches!(e.para.align.as_deref(), Some("center" | "right" | "end")) {
            issues.push("应顶格左对齐".to_string());
        }
        issues.dedup();
        if !issues.is_empty() {
            out.push(Finding::new(
                "D08",
                Severity::Warning,
                element,
                i.at_line(line),
                format!("{}编排不规范：{}。", element.label(), issues.join("；")),
                "GB/T 9704-2012 7.2.1—7.2.3",
            ));
        }
    }
    for mark in &d.issuer_marks {
        let Some(e) = i.effective(mark.at.line) else {
            continue;
        };
        let mut issues = Vec::new();
        if e.runs
            .iter()
            .any(|(_, r)| r.color.as_deref().is_none_or(|c| !is_red(c)))
        {
            issues.push("应为红色");
        }
        if e.para.align.as_deref() != Some("center") {
            issues.push("应居中");
        }
        if !issues.is_empty() {
            out.push(Finding::new(
                "D09",
                Severity::Warning,
                ElementKind::IssuerMark,
                i.at_line(mark.at.line),
                format!(
                    "发文机关标志{}（推荐使用红色小标宋体字，居中排布）。",
                    issues.join("、")
                ),
                "GB/T 9704-2012 7.2.4",
            ));
        }
    }
}
