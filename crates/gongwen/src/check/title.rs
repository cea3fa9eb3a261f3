//! T01 文种, T02 标题末尾标点, T28 标题中的紧急程度.

use crate::model::ElementKind;
use crate::model::doc_kind::title_core;

use super::{Cx, Finding, Severity};

const ART8: &str = "《党政机关公文处理工作条例》第八条、第九条";

/// Kinds of writing that are not 公文 文种 but are often put at the end of a title.
const NON_STATUTORY_ERROR: [&str; 3] = ["申请", "汇报", "申请书"];
/// Documents that must be issued with a 通知 (关于印发…的通知), not as a 文种 of their own.
const ISSUE_WITH_CIRCULAR: [&str; 9] = [
    "总结", "方案", "办法", "规定", "计划", "要点", "细则", "规划", "制度",
];

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(title) = cx.doc.title.as_ref() else {
        return;
    };
    let Some(last) = title.lines.last() else {
        return;
    };
    let whole = title.lines[0].at;
    let mut at = whole;
    at.span.end = last.at.span.end;
    at.bytes.end = last.at.bytes.end;
    let core = title_core(&title.text);

    for doubled in ["请示报告", "报告请示"] {
        if core.contains(doubled) {
            cx.push(
                Finding::new(
                    "T01",
                    Severity::Error,
                    ElementKind::Title,
                    at,
                    format!("标题中“{doubled}”文种叠用。请示与报告是两个文种，不能并用。"),
                    ART8,
                )
                .help("需要上级批准的用“请示”，汇报工作、反映情况的用“报告”。"),
            );
            return;
        }
    }
    if cx.doc.kind.is_none() {
        let (severity, message, help) = if let Some(w) =
            NON_STATUTORY_ERROR.iter().find(|w| core.ends_with(*w))
        {
            (
                Severity::Error,
                format!(
                    "“{w}”不是法定文种。标题应由发文机关名称、事由和文种组成，文种须为条例规定的15种之一。"
                ),
                "向上级请求批准事项应使用“请示”；向不相隶属机关请求批准应使用“函”。".to_string(),
            )
        } else if let Some(w) = ISSUE_WITH_CIRCULAR.iter().find(|w| core.ends_with(*w)) {
            (
                Severity::Warning,
                format!("“{w}”不是法定文种，不宜作为公文标题的文种。"),
                format!("以“关于印发……{w}的通知”的形式行文，{w}作为附件。"),
            )
        } else {
            (
                Severity::Error,
                "标题未以法定文种结尾。标题应由发文机关名称、事由和文种组成。".to_string(),
                "文种为：决议、决定、命令（令）、公报、公告、通告、意见、通知、通报、报告、请示、批复、议案、函、纪要。".to_string(),
            )
        };
        cx.push(Finding::new("T01", severity, ElementKind::Title, at, message, ART8).help(help));
    }

    let content = last.text.as_str();
    let trailing: Vec<char> = content
        .chars()
        .rev()
        .take_while(|c| "。，；：！？、.,;:!?".contains(*c))
        .collect();
    if !trailing.is_empty() {
        let n = content.chars().count();
        let punct_at = cx.within(last.at, n - trailing.len(), n);
        cx.push(
            Finding::new(
                "T02",
                Severity::Hint,
                ElementKind::Title,
                punct_at,
                "标题末尾不加标点符号。",
                "公文写作惯例",
            )
            .fix(""),
        );
    }

    for word in ["特急", "加急"] {
        for line in &title.lines {
            if let Some(pos) = line.text.find(word) {
                let word_at = cx.within_bytes(line.at, &line.text, pos, pos + word.len());
                cx.push(
                    Finding::new(
                        "T28",
                        Severity::Hint,
                        ElementKind::Title,
                        word_at,
                        format!("“{word}”是紧急程度，应标注在版头的紧急程度位置，不宜写入标题。"),
                        "GB/T 9704-2012 7.2.3",
                    )
                    .help("紧急程度顶格编排在版心左上角，份号、密级之下。"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn codes(src: &str) -> Vec<&'static str> {
        check_text(src).findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn statutory_kind_passes() {
        let src = "关于做好2024年春节期间安全生产工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下。\n";
        assert!(!codes(src).contains(&"T01"));
    }

    #[test]
    fn doubled_and_non_statutory_kinds() {
        let f = check_text(
            "关于购置办公设备的请示报告\n\n市财政局：\n　　我局现有办公设备老化，拟购置一批。\n",
        );
        let t01 = f.findings.iter().find(|f| f.code == "T01").unwrap();
        assert_eq!(t01.severity.label(), "错误");
        assert!(t01.message.contains("叠用"));
        let f = check_text(
            "关于追加防汛经费的申请\n\n市财政局：\n　　今年汛期提前，防汛物资消耗较大。\n",
        );
        assert!(
            f.findings
                .iter()
                .any(|f| f.code == "T01" && f.message.contains("申请"))
        );
        let f = check_text(
            "××区2024年防汛工作方案\n\n各街道办事处：\n　　为做好防汛工作，制定本方案。\n",
        );
        assert!(
            f.findings
                .iter()
                .any(|f| f.code == "T01" && f.severity.label() == "警告")
        );
    }

    #[test]
    fn trailing_punctuation_is_fixed() {
        let src = "关于召开全市安全生产工作会议的通知。\n\n各区人民政府：\n　　经市政府同意，定于3月5日召开会议。\n";
        let r = check_text(src);
        let t02 = r.findings.iter().find(|f| f.code == "T02").unwrap();
        assert_eq!((t02.line, t02.column), (1, 18));
        let fixed = crate::apply_fixes(src, &r.findings);
        assert!(fixed.starts_with("关于召开全市安全生产工作会议的通知\n"));
        assert!(!codes("关于召开全市安全生产工作会议的通知\n\n各区人民政府：\n　　经研究，定于3月5日召开会议。\n").contains(&"T02"));
    }

    #[test]
    fn urgency_word_in_title() {
        assert!(
            codes(
                "关于做好寒潮防范工作的特急通知\n\n各县人民政府：\n　　据气象部门预报，寒潮将至。\n"
            )
            .contains(&"T28")
        );
        assert!(
            !codes(
                "关于做好寒潮防范工作的紧急通知\n\n各县人民政府：\n　　据气象部门预报，寒潮将至。\n"
            )
            .contains(&"T28")
        );
    }
}
