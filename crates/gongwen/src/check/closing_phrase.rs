//! T26 结束语与文种相符.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{DocKind, ElementKind, Paragraph};

use super::{Cx, Finding, Severity};

static REQUEST_CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"请(?:予|求)?(?:批示|批复|审批|批准|审定|审示|核准|指示|审核|研究|示|支持|同意|帮助|解决)|恳请|特请|妥否|当否|可否|是否可行|特此请示").expect("valid")
});

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(kind) = cx.doc.kind else {
        return;
    };
    if kind == DocKind::Request {
        request_closing(cx);
    }
    closing_mismatch(cx, kind);
}

/// The last two non-heading paragraphs of the body: where a closing phrase stands.
fn closing_paragraphs(body: &[Paragraph]) -> Vec<&Paragraph> {
    body.iter()
        .rev()
        .filter(|p| p.heading.is_none())
        .take(2)
        .collect()
}

fn request_closing(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let closing = closing_paragraphs(&doc.body);
    let Some(last) = closing.first() else {
        return;
    };
    if closing.iter().any(|p| REQUEST_CLOSING.is_match(&p.text)) {
        return;
    }
    cx.push(Finding::new(
        "T26",
        Severity::Warning,
        ElementKind::Body,
        last.at,
        "请示的结尾应明确提出请求，如“妥否，请批示”“当否，请批复”。",
        "《党政机关公文处理工作条例》第八条；公文写作惯例",
    ));
}

fn closing_mismatch(cx: &mut Cx<'_>, kind: DocKind) {
    let phrases: &[&str] = match kind {
        DocKind::Circular
        | DocKind::Bulletin
        | DocKind::Decision
        | DocKind::Reply
        | DocKind::Announcement
        | DocKind::Notice => &["妥否", "当否", "请批示", "请审批", "请批准", "请批复"],
        DocKind::Letter => &["妥否", "当否", "请批示"],
        _ => return,
    };
    let doc = cx.doc;
    for p in closing_paragraphs(&doc.body) {
        if let Some((pos, ph)) = phrases
            .iter()
            .filter_map(|ph| p.text.find(ph).map(|pos| (pos, *ph)))
            .min()
        {
            let at = cx.within_bytes(p.at, &p.text, pos, pos + ph.len());
            cx.push(Finding::new(
                "T26",
                Severity::Warning,
                ElementKind::Body,
                at,
                format!("“{ph}”是请示的结束语，与文种“{}”不符。", kind.label()),
                "《党政机关公文处理工作条例》第八条；公文写作惯例",
            ));
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
    fn t26_closings() {
        let no_ask = "关于追加防汛经费的请示\n\n市人民政府：\n　　今年汛期提前，拟追加经费200万元。\n　　特此报告。\n";
        assert!(codes(no_ask).contains(&"T26"));
        let ok = "关于追加防汛经费的请示\n\n市人民政府：\n　　今年汛期提前，拟追加经费200万元。\n　　妥否，请批示。\n";
        assert!(!codes(ok).contains(&"T26"));
        let notice =
            "关于做好防汛工作的通知\n\n各区人民政府：\n　　请认真贯彻执行。\n　　妥否，请批示。\n";
        assert!(codes(notice).contains(&"T26"));
    }
}
