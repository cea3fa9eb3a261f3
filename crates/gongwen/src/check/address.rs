//! T27 称谓与行文方向相符.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{DocKind, ElementKind};

use super::{Cx, Finding, Severity};

static POLITE_YOU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"贵(?:局|厅|委|办|部|院|公司|单位|校|所|中心|会|市|县|区|省)").expect("valid")
});

static PLAIN_YOU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"你(?:局|厅|委|办|部|院|公司|单位|校|所|中心|市|县|区|省)").expect("valid")
});

pub(super) fn check(cx: &mut Cx<'_>) {
    if let Some(kind) = cx.doc.kind {
        forms_of_address(cx, kind);
    }
}

fn forms_of_address(cx: &mut Cx<'_>, kind: DocKind) {
    let (re, message): (&Regex, &str) = match kind {
        DocKind::Reply | DocKind::Circular | DocKind::Decision | DocKind::Bulletin => (
            &POLITE_YOU,
            "下行文称呼受文机关用“你局”“你单位”等，不用“贵”字敬称。",
        ),
        DocKind::Request | DocKind::Report => (
            &PLAIN_YOU,
            "上行文不宜以“你局”“你单位”称呼上级机关，应直接写机关名称。",
        ),
        _ => return,
    };
    let doc = cx.doc;
    for p in &doc.body {
        if let Some(m) = re.find(&p.text) {
            let at = cx.within_bytes(p.at, &p.text, m.start(), m.end());
            cx.push(Finding::new(
                "T27",
                Severity::Warning,
                ElementKind::Body,
                at,
                format!("“{}”：{message}", m.as_str()),
                "公文写作惯例",
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
    fn t27_address() {
        let reply = "关于同意设立××产业园的批复\n\n××区人民政府：\n　　贵区《关于设立××产业园的请示》收悉。\n";
        assert!(codes(reply).contains(&"T27"));
        let ok = "关于同意设立××产业园的批复\n\n××区人民政府：\n　　你区《关于设立××产业园的请示》收悉。\n";
        assert!(!codes(ok).contains(&"T27"));
        let letter =
            "关于商请支持防汛物资调运的函\n\n省交通运输厅：\n　　贵厅一贯支持我市防汛工作。\n";
        assert!(!codes(letter).contains(&"T27"));
    }
}
