//! D16 页脚与页码 (GB/T 9704-2012 7.5).

use crate::check::{Finding, Severity};
use crate::model::ElementKind;

use super::Inputs;

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    if !i.body.section.has_footer {
        out.push(Finding::new(
            "D16",
            Severity::Warning,
            ElementKind::PageNumber,
            i.at_start(),
            "文档没有页脚，未设置页码。页码用4号半角宋体阿拉伯数字，编排在版心下边缘之下。",
            "GB/T 9704-2012 7.5",
        ));
        return;
    }
    let odd_even = i
        .settings
        .is_some_and(|s| s.contains("<w:evenAndOddHeaders"));
    if !odd_even {
        out.push(Finding::new(
            "D16",
            Severity::Warning,
            ElementKind::PageNumber,
            i.at_start(),
            "未设置奇偶页不同的页脚。单页码居右空一字，双页码居左空一字，需分别设置奇数页和偶数页页脚。",
            "GB/T 9704-2012 7.5",
        ));
    }
}
