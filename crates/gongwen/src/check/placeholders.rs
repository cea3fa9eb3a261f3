//! T33 未完成的稿件: placeholders left in the text.

use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, Finding, Severity};

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<run>[Xx×ＸⅩ]{2,})",
        r"|[年月〕]\s*(?P<one>[Xx×Ｘ])",
        r"|【待[^】]*】|【[^】]*(?:填写|补充|确认|核实|待定)[^】]*】",
        r"|[（(]\s*待(?:定|补充|填写?|确认|核实)[^）)]*[）)]",
        r"|_{3,}|＿{2,}|＊{2,}|□{2,}",
    ))
    .expect("valid")
});

/// True when the text still contains a placeholder; element checks then leave it to T33.
pub(crate) fn has_placeholder(text: &str) -> bool {
    matches(text).next().is_some()
}

/// Placeholder ranges in `text` (bytes). An ASCII run such as “XX” next to other Latin letters is
/// a word, not a placeholder.
fn matches(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    PLACEHOLDER.captures_iter(text).filter_map(move |c| {
        if let Some(run) = c.name("run") {
            let prev = text[..run.start()].chars().next_back();
            let next = text[run.end()..].chars().next();
            let latin = |ch: Option<char>| ch.is_some_and(|x| x.is_ascii_alphabetic());
            if run.as_str().is_ascii() && (latin(prev) || latin(next)) {
                return None;
            }
            return Some((run.start(), run.end()));
        }
        if let Some(one) = c.name("one") {
            // Only a single letter standing for a number before 月, 日 or 号.
            let next = text[one.end()..].trim_start().chars().next();
            return next
                .is_some_and(|n| "月日号".contains(n))
                .then_some((one.start(), one.end()));
        }
        let m = c.get(0).expect("whole match");
        Some((m.start(), m.end()))
    })
}

pub(super) fn check(cx: &mut Cx<'_>) {
    let map = cx.map;
    for line in &map.lines {
        for (from, to) in matches(line.content) {
            let at = line.at_bytes(from, to);
            let element = cx.element_of_line(line.no);
            cx.push(
                Finding::new(
                    "T33",
                    Severity::Error,
                    element,
                    at,
                    format!(
                        "“{}”是未填写的占位内容，稿件尚未完成。",
                        &line.content[from..to]
                    ),
                    "公文拟制惯例",
                )
                .help("印发前应将占位符替换为实际内容。"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn lines(src: &str) -> Vec<usize> {
        check_text(src)
            .findings
            .iter()
            .filter(|f| f.code == "T33")
            .map(|f| f.line)
            .collect()
    }

    #[test]
    fn placeholders_are_found() {
        let src = "关于召开××工作会议的通知\n\n各区人民政府：\n　　会议定于2024年X月X日召开，地点【待定】，联系人XXX。\n";
        assert_eq!(lines(src), vec![1, 4, 4, 4, 4]);
    }

    #[test]
    fn ordinary_text_passes() {
        let src = "关于做好XBRL财务报告报送工作的通知\n\n各区人民政府：\n　　请于2024年5月6日前报送，X射线设备另行统计，计算公式为3×4。\n";
        assert!(lines(src).is_empty());
    }
}
