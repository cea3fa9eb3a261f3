//! T07 签发人 (条例 Art. 9(6); GB/T 9704-2012 7.2.6).

use crate::model::{Direction, DocKind, ElementKind};

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    if let Some(field) = doc.signers.as_ref() {
        let text = field.text.as_str();
        let after = text.strip_prefix("签发人").unwrap_or(text);
        let gap: String = after
            .chars()
            .take_while(|c| c.is_whitespace() || *c == ':' || *c == '：')
            .collect();
        if gap != "：" {
            let at = cx.within(field.at, 3, 3 + gap.chars().count());
            cx.push(
                Finding::new(
                    "T07",
                    Severity::Error,
                    ElementKind::Signer,
                    at,
                    "签发人标注应为“签发人”后加全角冒号，再写签发人姓名。",
                    "GB/T 9704-2012 7.2.6",
                )
                .fix("："),
            );
        }
        if field.value.as_ref().is_some_and(|v| v.is_empty()) {
            cx.push(Finding::new(
                "T07",
                Severity::Error,
                ElementKind::Signer,
                field.at,
                "签发人标注后缺少签发人姓名。",
                "《党政机关公文处理工作条例》第九条第六项",
            ));
        }
        return;
    }
    let has_header = doc.issuing_number.is_some() || !doc.issuer_marks.is_empty();
    // 议案 goes to the 人大 and is signed with the head's 签名章 instead (7.3.5.3).
    let upward = doc.direction == Some(Direction::Upward) && doc.kind != Some(DocKind::Motion);
    if upward
        && has_header
        && let Some(at) = doc
            .issuing_number
            .as_ref()
            .map(|f| f.at)
            .or_else(|| doc.issuer_marks.last().map(|m| m.at))
    {
        cx.push(
            Finding::new(
                "T07",
                Severity::Error,
                ElementKind::Signer,
                at,
                format!(
                    "{}是上行文，上行文应当标注签发人姓名，本文版头没有签发人。",
                    doc.kind.map_or("本文", |k| k.label())
                ),
                "《党政机关公文处理工作条例》第九条第六项；GB/T 9704-2012 7.2.6",
            )
            .help("上行文的发文字号居左空一字编排，与最后一个签发人姓名处在同一行，如“签发人：王明”。"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    fn find<'a>(r: &'a crate::Report, code: &str) -> Vec<&'a crate::Finding> {
        r.findings.iter().filter(|f| f.code == code).collect()
    }

    const TAIL: &str = "\n关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下。\n";

    #[test]
    fn t07_upward_needs_signer() {
        let body = "\n关于申请防汛资金的请示\n\n市人民政府：\n　　妥否，请批示。\n";
        let r = check_text(&format!("××县人民政府文件\n\n宁政〔2024〕8号\n{body}"));
        assert_eq!(find(&r, "T07").len(), 1);
        let r = check_text(&format!(
            "××县人民政府文件\n\n宁政〔2024〕8号　　签发人：王明\n{body}"
        ));
        assert!(find(&r, "T07").is_empty());
        let src = format!("××县人民政府文件\n\n宁政〔2024〕8号　　签发人:王明\n{body}");
        let r = check_text(&src);
        assert_eq!(find(&r, "T07").len(), 1);
        assert!(apply_fixes(&src, &r.findings).contains("签发人：王明"));
        // A downward document needs none.
        let r = check_text(&format!("××县人民政府文件\n\n宁政〔2024〕8号\n{TAIL}"));
        assert!(find(&r, "T07").is_empty());
    }
}
