//! T10 层次序数: marker form, order of levels, consecutive numbering.

use crate::model::{ElementKind, HeadingLevel, MarkerProblem, Paragraph};

use super::{Cx, Finding, Severity};

const RULE: &str = "GB/T 9704-2012 7.3.3";

pub(super) fn check(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    sequence(cx, &doc.body, ElementKind::Body);
    for a in &doc.attachments {
        sequence(cx, &a.body, ElementKind::Attachment);
    }
}

fn sequence(cx: &mut Cx<'_>, paragraphs: &[Paragraph], element: ElementKind) {
    let mut last: [Option<u32>; 5] = [None; 5];
    let mut seen = [false; 5];
    for p in paragraphs {
        let Some(h) = p.heading.as_ref() else {
            continue;
        };
        let marker_at = cx.in_paragraph(p, 0, h.marker_len);
        let typed: String = p.text.chars().take(h.marker_len).collect();
        if let Some(problem) = h.problem {
            let canonical = h.canonical_marker();
            let why = match problem {
                MarkerProblem::HalfWidthBrackets => "括号应使用全角括号“（）”".to_string(),
                MarkerProblem::PunctuationAfterBracket(c) => format!("括号后不再加“{c}”"),
                MarkerProblem::WrongSeparator(c) => match h.level {
                    HeadingLevel::One => format!("汉字序数后用顿号“、”，不用“{c}”"),
                    _ => format!("阿拉伯数字序数后用下脚点“.”，不用“{c}”"),
                },
            };
            cx.push(
                Finding::new(
                    "T10",
                    Severity::Warning,
                    element,
                    marker_at,
                    format!("结构层次序数“{typed}”写法不规范：{why}，应为“{canonical}”。"),
                    RULE,
                )
                .fix(canonical),
            );
        }
        let level = h.level as usize;
        if !seen[level] && h.number == 1 {
            let deeper = (level + 1..=4).find(|k| seen[*k]);
            if let Some(k) = deeper {
                let deeper_level = [
                    HeadingLevel::One,
                    HeadingLevel::Two,
                    HeadingLevel::Three,
                    HeadingLevel::Four,
                ][k - 1];
                cx.push(Finding::new(
                    "T10",
                    Severity::Warning,
                    element,
                    marker_at,
                    format!(
                        "层次序数颠倒：第{}层“{typed}”出现在第{k}层{}之后。层次序数依次用“一、”“（一）”“1.”“（1）”，下一层不能出现在上一层之外。",
                        level,
                        deeper_level.example()
                    ),
                    RULE,
                ));
            }
        }
        let expected = last[level].map_or(1, |n| n + 1);
        if h.number != expected && h.number != 1 {
            cx.push(Finding::new(
                "T10",
                Severity::Warning,
                element,
                marker_at,
                format!(
                    "层次序数不连续：此处应为“{}”，写成了“{typed}”。",
                    h.level.marker(expected)
                ),
                RULE,
            ));
        }
        last[level] = Some(h.number);
        seen[level] = true;
        for slot in last.iter_mut().skip(level + 1) {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    fn t10(body: &str) -> Vec<(usize, String)> {
        let src = format!("关于做好防汛工作的通知\n\n各区人民政府：\n{body}");
        check_text(&src)
            .findings
            .into_iter()
            .filter(|f| f.code == "T10")
            .map(|f| (f.line, f.message))
            .collect()
    }

    #[test]
    fn well_formed_structure_passes() {
        let body = "　　一、总体要求\n　　（一）指导思想。坚持人民至上。\n　　（二）工作目标。\n　　1.完善预案。\n　　2.加强值守。\n　　二、重点任务\n　　1.排查隐患。\n　　（1）水库。\n　　（2）堤防。\n　　三、保障措施\n";
        assert!(t10(body).is_empty(), "{:?}", t10(body));
    }

    #[test]
    fn skipping_a_level_is_allowed() {
        assert!(t10("　　一、总体要求\n　　1.完善预案。\n　　二、重点任务\n").is_empty());
    }

    #[test]
    fn malformed_marker_is_fixed() {
        let src = "关于做好防汛工作的通知\n\n各区人民政府：\n　　一、总体要求\n　　(一)指导思想。\n　　（二）、工作目标。\n　　1、完善预案。\n";
        let r = check_text(src);
        assert_eq!(r.findings.iter().filter(|f| f.code == "T10").count(), 3);
        let fixed = apply_fixes(src, &r.findings);
        assert!(fixed.contains("　　（一）指导思想。\n　　（二）工作目标。\n　　1.完善预案。"));
    }

    #[test]
    fn gap_and_inversion() {
        let gap = t10("　　一、总体要求\n　　二、重点任务\n　　四、保障措施\n");
        assert_eq!(gap.len(), 1);
        assert_eq!(gap[0].0, 6);
        let inverted = t10("　　（一）指导思想。\n　　一、总体要求\n");
        assert_eq!(inverted.len(), 1);
        assert!(inverted[0].1.contains("颠倒"));
    }

    #[test]
    fn restarting_a_list_is_not_a_gap() {
        assert!(
            t10("　　一、总体要求\n　　1.甲。\n　　2.乙。\n　　说明如下。\n　　1.丙。\n")
                .is_empty()
        );
    }
}
