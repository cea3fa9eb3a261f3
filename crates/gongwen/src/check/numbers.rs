//! T24, the number rules of GB/T 15835-2011 (N1 年份不简写, N5 半角数字, N6 日期用“日”) and the
//! list rule P7 (“等”前不加顿号).

use std::sync::LazyLock;

use regex::Regex;

use super::scan::Scan;
use super::{Cx, Severity};

const PUNCT: &str = "GB/T 15834-2011《标点符号用法》";
const NUMBERS: &str = "GB/T 15835-2011《出版物上数字用法》";

static SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9〔\[［.．])(?P<y>[0-9]{2})年[0-9]{1,2}月").expect("valid")
});
static FULL_WIDTH_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[０-９]+").expect("valid"));
static HAO_FOR_RI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9０-９]{1,2}月[0-9０-９]{1,2}(?P<hao>号)(?P<next>.?)").expect("valid")
});

/// N1, N5, N6: years not abbreviated, half-width digits, 日 not 号; and P7 “、等”.
pub(super) fn numbers(cx: &mut Cx<'_>, s: &mut Scan<'_>) {
    let text = s.p.text.clone();
    for c in SHORT_YEAR.captures_iter(&text) {
        let y = c.name("y").expect("group");
        let i = s.byte_to_char(y.start());
        s.emit(
            cx,
            i,
            i + 3,
            Severity::Error,
            format!("年份不能简写，“{}年”应写全四位年份。", y.as_str()),
            NUMBERS,
            None,
        );
    }
    for m in FULL_WIDTH_DIGITS.find_iter(&text) {
        let i = s.byte_to_char(m.start());
        let n = m.as_str().chars().count();
        let half: String = m
            .as_str()
            .chars()
            .map(|c| char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c))
            .collect();
        s.emit(
            cx,
            i,
            i + n,
            Severity::Warning,
            format!("阿拉伯数字应使用半角形式，“{}”应写作“{half}”。", m.as_str()),
            NUMBERS,
            Some(half),
        );
    }
    for c in HAO_FOR_RI.captures_iter(&text) {
        let next = c.name("next").map_or("", |m| m.as_str());
        if ["文", "楼", "院", "线", "令"].contains(&next) {
            continue;
        }
        let h = c.name("hao").expect("group");
        let i = s.byte_to_char(h.start());
        s.emit(
            cx,
            i,
            i + 1,
            Severity::Hint,
            "公文中日期用“日”，不用“号”。".to_string(),
            "公文写作惯例",
            Some("日".to_string()),
        );
    }
    let mut from = 0;
    while let Some(pos) = text[from..].find("、等") {
        let b = from + pos;
        let i = s.byte_to_char(b);
        s.emit(
            cx,
            i,
            i + 1,
            Severity::Hint,
            "“等”前不加顿号。".to_string(),
            PUNCT,
            Some(String::new()),
        );
        from = b + "、等".len();
    }
}
