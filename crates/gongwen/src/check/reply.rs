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
    let missing = match (has_title, has_received) {
        (false, false) => "来文标题和“收悉”",
        (false, true) => "用书名号引述的来文标题",
        _ => "“收悉”",
    };
    cx.push(
        Finding::new(
            "T29",
            Severity::Warning,
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
}
