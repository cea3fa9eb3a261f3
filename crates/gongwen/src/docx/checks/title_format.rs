//! D06 标题, D07 层次序数的字体 (GB/T 9704-2012 7.3.1, 7.3.3).

use crate::check::{Finding, Severity};
use crate::model::{ElementKind, HeadingLevel};

use super::{Family, Inputs, SIZE_2HAO, SIZE_3HAO, run_issues};

pub(super) fn title(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let Some(t) = i.doc.title.as_ref() else {
        return;
    };
    let mut issues = Vec::new();
    for l in &t.lines {
        let Some(e) = i.effective(l.at.line) else {
            continue;
        };
        for s in run_issues(&e, Family::XiaoBiaoSong, SIZE_2HAO) {
            if !issues.contains(&s) {
                issues.push(s);
            }
        }
        if e.para.align.as_deref() != Some("center") && !issues.iter().any(|s| s == "未居中") {
            issues.push("未居中".to_string());
        }
    }
    if !issues.is_empty() {
        out.push(Finding::new(
            "D06",
            Severity::Warning,
            ElementKind::Title,
            i.at_line(t.lines[0].at.line),
            format!("标题一般用2号小标宋体字，居中排布：{}。", issues.join("，")),
            "GB/T 9704-2012 7.3.1",
        ));
    }
}

pub(super) fn headings(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let levels = [
        (HeadingLevel::One, Family::HeiTi),
        (HeadingLevel::Two, Family::KaiTi),
        (HeadingLevel::Three, Family::FangSong),
        (HeadingLevel::Four, Family::FangSong),
    ];
    for (level, family) in levels {
        let mut bad: Vec<(usize, Vec<String>)> = Vec::new();
        for p in &i.doc.body {
            if p.heading.as_ref().map(|h| h.level) != Some(level) {
                continue;
            }
            let Some(mut e) = i.effective(p.at.line) else {
                continue;
            };
            // The marker's run carries the heading font; a level-2/3 heading may continue in body font.
            e.runs.truncate(1);
            let issues = run_issues(&e, family, SIZE_3HAO);
            if !issues.is_empty() {
                bad.push((p.at.line, issues));
            }
        }
        if let Some((line, issues)) = bad.first() {
            out.push(Finding::new(
                "D07",
                Severity::Warning,
                ElementKind::Body,
                i.at_line(*line),
                format!(
                    "{}层次序数一般用3号{}字：此处{}；共{}处不符合。",
                    level.example(),
                    family.label(),
                    issues.join("，"),
                    bad.len()
                ),
                "GB/T 9704-2012 7.3.3",
            ));
        }
    }
}
