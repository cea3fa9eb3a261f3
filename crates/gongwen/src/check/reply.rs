//! T29 批复、复函引述来文.

use crate::model::doc_kind::title_core;
use crate::model::{DocKind, ElementKind};

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    if let Some(kind) = cx.doc.kind {
        reply_quotes_incoming(cx, kind);
    }
}

fn reply_quotes_incoming(cx: &mut Cx<'_>, kind: DocKind) {
    let doc = cx.doc;
    let is_reply_letter = kind == DocKind::Letter
        && doc
            .title
            .as_ref()
            .is_some_and(|t| title_core(&t.text).ends_with("复函"));
    if kind != DocKind::Reply && !is_reply_letter {
        return;
    }
    let Some(first) = doc.body.first() else {
        return;
    };
    let (has_title, has_received) = (first.text.contains('《'), first.text.contains("收悉"));
    if has_title && has_received {
        return;
    }
    // “你省关于…的请示收悉” names the incoming document without quoting its exact title; the
    // 国务院 and provincial governments write their own 批复 this way, so that is only a hint.
    let names_incoming = has_received
        && ["请示收悉", "报告收悉", "函收悉", "来函收悉", "请示（"]
            .iter()
            .any(|p| first.text.contains(p));
    let (missing, severity) = match (has_title, has_received) {
        (false, false) => ("来文标题和“收悉”", Severity::Warning),
        (false, true) if names_incoming => ("用书名号引述的来文标题", Severity::Hint),
        (false, true) => ("用书名号引述的来文标题", Severity::Warning),
        _ => ("“收悉”", Severity::Warning),
    };
    cx.push(
        Finding::new(
            "T29",
            severity,
            ElementKind::Body,
            first.at,
            format!("{}开头应引述来文，本文第一段缺少{missing}。", kind.label()),
            "公文写作惯例",
        )
        .help("如：“你局《关于××的请示》（×发〔2024〕5号）收悉。”"),
    );
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn codes(src: &str) -> Vec<&'static str> {
        check_text(src).findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn t29_reply_quotes_incoming() {
        let bad = "关于同意设立产业园的批复\n\n凤阳县人民政府：\n　　经研究，同意设立产业园。\n";
        assert!(codes(bad).contains(&"T29"));
        let ok = "关于同意设立产业园的批复\n\n凤阳县人民政府：\n　　你县《关于设立产业园的请示》（凤政〔2024〕5号）收悉。经研究，批复如下。\n";
        assert!(!codes(ok).contains(&"T29"));
    }

    /// The 国务院 style “你省关于…的请示收悉” names the incoming 请示 without 书名号: a hint only.
    #[test]
    fn t29_named_but_unquoted_request_is_a_hint() {
        let src = "国务院关于同意设立“中国农民丰收节”的批复\n国函〔2018〕80号\n农业农村部：\n关于申请设立“中国农民丰收节”的请示收悉。同意自2018年起设立。\n国务院\n2018年6月7日\n";
        let r = check_text(src);
        let t29: Vec<_> = r.findings.iter().filter(|f| f.code == "T29").collect();
        assert_eq!(t29.len(), 1);
        assert_eq!(t29[0].severity.label(), "提示");
        let vague = "关于同意设立产业园的批复\n\n凤阳县人民政府：\n　　来文收悉。经研究，同意设立产业园。\n";
        let r = check_text(vague);
        let t29 = r.findings.iter().find(|f| f.code == "T29").unwrap();
        assert_eq!(t29.severity.label(), "警告");
    }
}
