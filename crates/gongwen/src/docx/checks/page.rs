//! D01 纸张, D02 页边距 (GB/T 9704-2012 5.1, 5.2.1).

use crate::check::{Finding, Severity};
use crate::model::ElementKind;

use super::{Inputs, MM1};

fn mm(twips: i32) -> f64 {
    f64::from(twips) / 56.693
}

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let s = &i.body.section;
    if let (Some(w), Some(h)) = (s.page_width, s.page_height)
        && ((w - 11906).abs() > 30 || (h - 16838).abs() > 30 || s.landscape || w > h)
    {
        out.push(Finding::new(
            "D01",
            Severity::Error,
            ElementKind::Document,
            i.at_start(),
            format!(
                "纸张应为A4纵向（210mm×297mm），本文为{:.0}mm×{:.0}mm{}。",
                mm(w),
                mm(h),
                if s.landscape { "横向" } else { "" }
            ),
            "GB/T 9704-2012 5.1",
        ));
    }
    let margins = [
        (
            s.top,
            2098,
            "上白边（天头）",
            37,
            Severity::Error,
            "GB/T 9704-2012 5.2.1",
        ),
        (
            s.left,
            1587,
            "左白边（订口）",
            28,
            Severity::Error,
            "GB/T 9704-2012 5.2.1",
        ),
        (
            s.right,
            1474,
            "右白边",
            26,
            Severity::Warning,
            "GB/T 9704-2012 5.2.1（由版心156mm推得）",
        ),
        (
            s.bottom,
            1984,
            "下白边",
            35,
            Severity::Warning,
            "GB/T 9704-2012 5.2.1（由版心225mm推得）",
        ),
    ];
    for (value, want, name, want_mm, severity, rule) in margins {
        if let Some(v) = value
            && (v - want).abs() > MM1
        {
            out.push(Finding::new(
                "D02",
                severity,
                ElementKind::Document,
                i.at_start(),
                format!("{name}应为{want_mm}mm±1mm，本文为{:.1}mm。", mm(v)),
                rule,
            ));
        }
    }
}
