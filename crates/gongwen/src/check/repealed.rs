//! T23 引用已废止的公文处理规定作为依据.

use super::{Cx, Finding, Severity};

/// Repealed texts, each with what replaced it.
const REPEALED: [(&str, &str); 5] = [
    (
        "国家行政机关公文处理办法",
        "《党政机关公文处理工作条例》（中办发〔2012〕14号）",
    ),
    (
        "中国共产党机关公文处理条例",
        "《党政机关公文处理工作条例》（中办发〔2012〕14号）",
    ),
    ("GB/T 9704-1999", "GB/T 9704-2012《党政机关公文格式》"),
    ("GB/T9704-1999", "GB/T 9704-2012《党政机关公文格式》"),
    ("国家行政机关公文格式", "GB/T 9704-2012《党政机关公文格式》"),
];

/// Words that make a citation a basis for action.
const BASIS: [&str; 6] = ["根据", "依据", "按照", "依照", "参照", "执行"];
/// Words that show the text is talking about the repeal itself.
const REPEAL: [&str; 5] = ["废止", "停止执行", "不再执行", "废除", "失效"];

pub(super) fn check(cx: &mut Cx<'_>) {
    for (p, element) in cx.paragraphs() {
        let text = p.text.as_str();
        if !BASIS.iter().any(|w| text.contains(w)) || REPEAL.iter().any(|w| text.contains(w)) {
            continue;
        }
        for (old, new) in REPEALED {
            if let Some(pos) = text.find(old) {
                let at = cx.within_bytes(p.at, text, pos, pos + old.len());
                cx.push(
                    Finding::new(
                        "T23",
                        Severity::Error,
                        element,
                        at,
                        format!("引用的“{old}”已于2012年7月1日停止执行，不能再作为依据。"),
                        "《党政机关公文处理工作条例》第四十二条",
                    )
                    .help(format!("现行依据为{new}。")),
                );
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn has(body: &str) -> bool {
        let src = format!("关于规范公文处理工作的通知\n\n各科室：\n{body}\n");
        check_text(&src).findings.iter().any(|f| f.code == "T23")
    }

    #[test]
    fn citing_repealed_rule_as_basis() {
        assert!(has(
            "　　根据《国家行政机关公文处理办法》，现就有关事项通知如下。"
        ));
        assert!(has("　　公文格式按照GB/T 9704-1999执行。"));
        assert!(!has(
            "　　根据《党政机关公文处理工作条例》，现就有关事项通知如下。"
        ));
        assert!(!has(
            "　　《国家行政机关公文处理办法》已于2012年7月1日停止执行，根据新条例办理。"
        ));
    }
}
