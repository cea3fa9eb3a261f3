//! Applying the certain fixes of a report to the source.

use crate::check::Finding;
use crate::model::Span;

/// Applies every fix carried by `findings` to `source`. Fixes are applied in source order; a fix
/// that overlaps one already taken is left for the next run. Insertions at the same point are
/// applied once.
pub fn apply_fixes(source: &str, findings: &[Finding]) -> String {
    let mut fixes: Vec<(Span, &str)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|x| (x.span, x.replacement.as_str())))
        .collect();
    fixes.sort_by_key(|(s, _)| (s.start, s.end));
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut cursor = 0;
    let mut last: Option<Span> = None;
    for (span, replacement) in fixes {
        if span.end > chars.len() || span.start < cursor {
            continue;
        }
        if let Some(prev) = last
            && (prev.overlaps(&span) || prev == span)
        {
            continue;
        }
        out.extend(&chars[cursor..span.start]);
        out.push_str(replacement);
        cursor = span.end;
        last = Some(span);
    }
    out.extend(&chars[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Fix, Severity};
    use crate::model::ElementKind;

    fn finding(start: usize, end: usize, replacement: &str) -> Finding {
        Finding {
            code: "T24",
            severity: Severity::Warning,
            element: ElementKind::Body,
            line: 1,
            column: start + 1,
            span: Span::new(start, end),
            bytes: Span::new(start, end),
            message: String::new(),
            rule: "",
            help: None,
            fix: Some(Fix {
                span: Span::new(start, end),
                bytes: Span::new(start, end),
                replacement: replacement.to_string(),
            }),
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let src = "甲,乙,丙";
        let f = [finding(3, 4, "，"), finding(1, 2, "，"), finding(1, 3, "X")];
        assert_eq!(apply_fixes(src, &f), "甲，乙，丙");
    }

    #[test]
    fn insertion_at_end() {
        assert_eq!(
            apply_fixes("抄送：市委", &[finding(5, 5, "。")]),
            "抄送：市委。"
        );
    }
}
