//! T30 命令（令）、议案、决议的发文主体.

use crate::model::{DocKind, ElementKind};

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    if let Some(kind) = cx.doc.kind {
        entitled_issuer(cx, kind);
    }
}

fn entitled_issuer(cx: &mut Cx<'_>, kind: DocKind) {
    let doc = cx.doc;
    let issuers: Vec<&str> = doc
        .issuer_names()
        .into_iter()
        .chain(doc.signatures.iter().map(|s| s.text.as_str()))
        .collect();
    let Some(at) = doc.title.as_ref().map(|t| t.lines[0].at) else {
        return;
    };
    let message = match kind {
        DocKind::Motion
            if !issuers.is_empty() && !issuers.iter().any(|i| i.contains("人民政府")) =>
        {
            "议案由人民政府按照法律程序向同级人民代表大会或者其常务委员会提请审议，发文机关应为人民政府。"
        }
        DocKind::Order
            if !issuers.is_empty()
                && !issuers.iter().any(|i| {
                    [
                        "政府",
                        "国务院",
                        "省长",
                        "市长",
                        "县长",
                        "区长",
                        "主席",
                        "总理",
                        "部",
                        "委员会",
                    ]
                    .iter()
                    .any(|w| i.contains(w))
                }) =>
        {
            "命令（令）只能由法律规定有权发布的机关或者领导人发布，请核实发文机关。"
        }
        DocKind::Resolution
            if !doc.title.as_ref().is_some_and(|t| {
                ["会议", "大会", "全会", "委员会"]
                    .iter()
                    .any(|w| t.text.contains(w))
            }) && !doc.body.iter().take(1).any(|p| p.text.contains("会议")) =>
        {
            "决议是会议讨论通过的重大决策事项，标题或题注应写明通过决议的会议。"
        }
        _ => return,
    };
    cx.push(Finding::new(
        "T30",
        Severity::Hint,
        ElementKind::Title,
        at,
        message,
        "《党政机关公文处理工作条例》第八条",
    ));
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn codes(src: &str) -> Vec<&'static str> {
        check_text(src).findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn t30_motion_from_government() {
        let bad = "淮南市财政局文件\n\n淮财〔2024〕3号\n\n关于提请审议预算调整方案的议案\n\n市人民代表大会常务委员会：\n　　现提请审议。\n";
        assert!(codes(bad).contains(&"T30"));
        let ok = "淮南市人民政府文件\n\n淮府〔2024〕3号\n\n关于提请审议预算调整方案的议案\n\n市人民代表大会常务委员会：\n　　现提请审议。\n";
        assert!(!codes(ok).contains(&"T30"));
    }
}
