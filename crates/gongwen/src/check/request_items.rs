//! T18 报告不得夹带请示事项, T19 请示一文一事 (条例 Art. 15(4)).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{DocKind, ElementKind, Paragraph};

use super::{Cx, Finding, Severity};

const ART15: &str = "《党政机关公文处理工作条例》第十五条第四项";

/// Phrases that ask a superior to decide.
const APPROVAL_PHRASES: [&str; 11] = [
    "请批示",
    "请审批",
    "请批准",
    "请予批准",
    "请予审批",
    "请批复",
    "请予批复",
    "请核准",
    "妥否",
    "当否",
    "请予核准",
];

/// A request worded without the fixed phrases (“所需资金请市财政予以安排”): warned, not an error,
/// because the wording is freer.
static INDIRECT_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:请|恳请|建议)[^，。；]{0,10}?(?:予以|给予)(?:安排|解决|支持|批准|拨付|协调)")
        .expect("valid")
});

static DISTINCT_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:恳请|请求|申请|拟请|特请)[^。；]{0,30}?(?:批准|审批|同意|核准|拨付|解决|支持)")
        .expect("valid")
});

pub(super) fn check(cx: &mut Cx<'_>) {
    match cx.doc.kind {
        Some(DocKind::Report) => report_with_request(cx),
        Some(DocKind::Request) => one_matter(cx),
        _ => {}
    }
}

fn report_with_request(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for p in &doc.body {
        if let Some((pos, phrase)) = APPROVAL_PHRASES
            .iter()
            .flat_map(|ph| p.text.match_indices(ph).map(|(pos, _)| (pos, *ph)))
            .filter(|(pos, _)| !reports_past_request(&p.text[..*pos]))
            .min()
        {
            let at = cx.within_bytes(p.at, &p.text, pos, pos + phrase.len());
            cx.push(
                Finding::new(
                    "T18",
                    Severity::Error,
                    ElementKind::Body,
                    at,
                    format!("报告中出现请求批示的用语“{phrase}”。报告不得夹带请示事项。"),
                    ART15,
                )
                .help("需要上级批准的事项应另行请示；报告可用“特此报告”结尾。"),
            );
        } else if let Some(m) = INDIRECT_REQUEST.find(&p.text) {
            let at = cx.within_bytes(p.at, &p.text, m.start(), m.end());
            cx.push(
                Finding::new(
                    "T18",
                    Severity::Warning,
                    ElementKind::Body,
                    at,
                    format!(
                        "报告中“{}”是向上级提出的请求事项。报告不得夹带请示事项。",
                        m.as_str()
                    ),
                    ART15,
                )
                .help("需要上级批准或解决的事项应另行请示。"),
            );
        }
    }
}

/// “已报请批准”“提请批准” tell of a request made elsewhere, not one made in this report.
fn reports_past_request(before: &str) -> bool {
    before.ends_with('报') || before.ends_with('提') || before.ends_with('申')
}

fn one_matter(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let asking: Vec<&Paragraph> = doc
        .body
        .iter()
        .filter(|p| p.heading.is_some() && DISTINCT_REQUEST.is_match(&p.text))
        .collect();
    if asking.len() >= 2 {
        cx.push(Finding::new(
            "T19",
            Severity::Hint,
            ElementKind::Body,
            asking[1].at,
            format!(
                "本请示在{}个分项中分别提出请求，可能不止一件事。请示应当一文一事。",
                asking.len()
            ),
            ART15,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn codes(src: &str) -> Vec<&'static str> {
        check_text(src).findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn t18_report_must_not_ask() {
        let bad = "关于2024年上半年防汛工作情况的报告\n\n市人民政府：\n　　上半年，我局全力做好防汛工作。\n　　以上报告妥否，请批示。\n";
        assert!(codes(bad).contains(&"T18"));
        let indirect = "关于2024年上半年防汛工作情况的报告\n\n市人民政府：\n　　下半年拟加固堤防3处，所需资金请市财政予以安排。\n　　特此报告。\n";
        let r = check_text(indirect);
        let f = r.findings.iter().find(|f| f.code == "T18").unwrap();
        assert_eq!(f.severity.label(), "警告");
        let good = "关于2024年上半年防汛工作情况的报告\n\n市人民政府：\n　　上半年，我局全力做好防汛工作，堤防加固项目已报请批准。\n　　特此报告。\n";
        assert!(!codes(good).contains(&"T18"));
    }

    #[test]
    fn t19_several_requests() {
        let bad = "关于有关事项的请示\n\n市人民政府：\n　　一、关于经费。恳请市政府批准追加经费200万元。\n　　二、关于编制。请求市政府同意增加编制5名。\n　　妥否，请批示。\n";
        assert!(codes(bad).contains(&"T19"));
        let good = "关于追加防汛经费的请示\n\n市人民政府：\n　　一、基本情况。今年汛期提前。\n　　二、请示事项。恳请市政府批准追加经费200万元。\n　　妥否，请批示。\n";
        assert!(!codes(good).contains(&"T19"));
    }
}
