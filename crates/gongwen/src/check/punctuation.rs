//! T24 标点符号与数字 (GB/T 15834-2011, GB/T 15835-2011): the P and N rules of the reference
//! that can be decided without understanding the sentence.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ElementKind, Paragraph};

use super::context::is_han;
use super::numbers::numbers;
use super::scan::Scan;
use super::{Cx, Severity};

const PUNCT: &str = "GB/T 15834-2011《标点符号用法》";
const NUMBERS: &str = "GB/T 15835-2011《出版物上数字用法》";

static YEAR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{4}\s*(?P<dash>[-－~])\s*[0-9]{4}\s*年").expect("valid"));
static NUMBER_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9.\-/])[0-9]+(?:\.[0-9]+)?%?\s*(?P<dash>[-－])\s*[0-9]+(?:\.[0-9]+)?(?:%|万|亿|元|人|家|个|天|小时|公里|米|吨|倍|岁|次|项)").expect("valid")
});
static PERCENT_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9.])(?P<left>[0-9]+(?:\.[0-9]+)?)\s*[～~]\s*[0-9]+(?:\.[0-9]+)?%")
        .expect("valid")
});
pub(super) fn check(cx: &mut Cx<'_>) {
    title(cx);
    let mut previous_whole = true;
    for (p, element) in cx.paragraphs() {
        // A draft pasted with hard line breaks splits sentences, and with them bracket pairs,
        // over several lines: check pairing only where the line and the one before end a sentence.
        let whole = ends_sentence(&p.text);
        let check_pairs = whole && previous_whole;
        previous_whole = whole;
        let mut scan = Scan {
            p,
            chars: p.text.chars().collect(),
            element,
            claimed: Vec::new(),
        };
        let start = p.heading.as_ref().map_or(0, |h| h.marker_len);
        quotes(cx, &mut scan);
        parentheses(cx, &mut scan, start);
        half_width(cx, &mut scan, start);
        if check_pairs {
            balance(cx, &mut scan);
        }
        ellipsis(cx, &mut scan);
        ranges(cx, &mut scan);
        numbers(cx, &mut scan);
    }
}

/// The title gets the paired-mark rules only: its end is T02's business.
fn title(cx: &mut Cx<'_>) {
    let Some(t) = cx.doc.title.as_ref() else {
        return;
    };
    for line in &t.lines {
        let p = Paragraph {
            text: line.text.clone(),
            at: line.at,
            heading: None,
        };
        let mut scan = Scan {
            p: &p,
            chars: p.text.chars().collect(),
            element: ElementKind::Title,
            claimed: Vec::new(),
        };
        quotes(cx, &mut scan);
        parentheses(cx, &mut scan, 0);
        balance(cx, &mut scan);
    }
}

/// Does the line end a sentence (or a heading, which stands alone on its line)?
fn ends_sentence(text: &str) -> bool {
    text.ends_with(['。', '！', '？', '；', '：', '…', '”', '）', '》'])
        || crate::model::Heading::detect(text).is_some()
}

fn has_han(chars: &[char]) -> bool {
    chars.iter().any(|c| is_han(*c))
}

/// P2: straight double quotes in Chinese text.
fn quotes(cx: &mut Cx<'_>, s: &mut Scan<'_>) {
    let at: Vec<usize> = (0..s.chars.len()).filter(|&i| s.chars[i] == '"').collect();
    if at.is_empty() || !at.len().is_multiple_of(2) || !has_han(&s.chars) {
        return;
    }
    for pair in at.chunks(2) {
        let (a, b) = (pair[0], pair[1]);
        let inner: String = s.chars[a + 1..b].iter().collect();
        s.emit(
            cx,
            a,
            b + 1,
            Severity::Warning,
            "中文文本中的引号应使用全角引号“”，不应使用半角引号\"\"。".to_string(),
            PUNCT,
            Some(format!("“{inner}”")),
        );
    }
}

/// P1: half-width parentheses around Chinese text.
fn parentheses(cx: &mut Cx<'_>, s: &mut Scan<'_>, start: usize) {
    let mut i = start;
    while i < s.chars.len() {
        if s.chars[i] == '('
            && let Some(len) = s.chars[i + 1..].iter().position(|c| *c == ')' || *c == '(')
            && s.chars[i + 1 + len] == ')'
        {
            let j = i + 1 + len;
            let inner = &s.chars[i + 1..j];
            let before_han = i > 0 && is_han(s.chars[i - 1]);
            if has_han(inner) || before_han {
                let inner: String = inner.iter().collect();
                s.emit(
                    cx,
                    i,
                    j + 1,
                    Severity::Warning,
                    "中文文本中的括号应使用全角括号“（）”，不应使用半角括号“()”。".to_string(),
                    PUNCT,
                    Some(format!("（{inner}）")),
                );
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
}

/// P1: half-width , ; : ? ! and . next to Chinese characters.
fn half_width(cx: &mut Cx<'_>, s: &mut Scan<'_>, start: usize) {
    for i in start..s.chars.len() {
        let c = s.chars[i];
        let full = match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '?' => '？',
            '!' => '！',
            '.' => '。',
            _ => continue,
        };
        let prev = i.checked_sub(1).map(|k| s.chars[k]);
        let next = s.chars.get(i + 1).copied();
        let flagged = if c == '.' {
            // A full stop typed as a dot: after a Chinese character, at the end or before another.
            prev.is_some_and(|p| is_han(p) || "）)”》".contains(p)) && next.is_none_or(is_han)
        } else {
            prev.is_some_and(is_han)
                || next.is_some_and(is_han) && !prev.is_some_and(|p| p.is_ascii_alphanumeric())
        };
        if flagged {
            s.emit(
                cx,
                i,
                i + 1,
                Severity::Warning,
                format!("中文文本中应使用全角标点“{full}”，不应使用半角“{c}”。"),
                PUNCT,
                Some(full.to_string()),
            );
        }
    }
}

/// P3: paired marks that are not closed or not opened.
fn balance(cx: &mut Cx<'_>, s: &mut Scan<'_>) {
    const PAIRS: [(char, char); 3] = [('（', '）'), ('《', '》'), ('〔', '〕')];
    for (open, close) in PAIRS {
        let mut stack = Vec::new();
        let mut unmatched = None;
        for (i, c) in s.chars.iter().enumerate() {
            if *c == open {
                stack.push(i);
            } else if *c == close && stack.pop().is_none() && unmatched.is_none() {
                unmatched = Some(i);
            }
        }
        if let Some(i) = unmatched.or_else(|| stack.first().copied()) {
            s.emit(
                cx,
                i,
                i + 1,
                Severity::Error,
                format!(
                    "标点“{open}{close}”不成对：此处的“{}”没有对应的另一半。",
                    s.chars[i]
                ),
                PUNCT,
                None,
            );
        }
    }
}

/// P4: the ellipsis is six dots in two characters “……”.
fn ellipsis(cx: &mut Cx<'_>, s: &mut Scan<'_>) {
    let mut i = 0;
    while i < s.chars.len() {
        let c = s.chars[i];
        if !matches!(c, '.' | '。' | '…' | '．') {
            i += 1;
            continue;
        }
        let run = s.chars[i..].iter().take_while(|x| **x == c).count();
        let bad = match c {
            '…' => run != 2,
            '。' => run >= 2,
            _ => run >= 3,
        };
        if bad {
            let typed: String = s.chars[i..i + run].iter().collect();
            s.emit(
                cx,
                i,
                i + run,
                Severity::Warning,
                format!("省略号应为“……”（两个三连点），不应写作“{typed}”。"),
                PUNCT,
                Some("……".to_string()),
            );
        }
        i += run;
    }
}

/// P5 and N2: dashes in ranges, and the percent sign on both ends of a range.
fn ranges(cx: &mut Cx<'_>, s: &mut Scan<'_>) {
    let text = s.p.text.clone();
    for c in YEAR_RANGE.captures_iter(&text) {
        let d = c.name("dash").expect("group");
        let i = s.byte_to_char(d.start());
        s.emit(
            cx,
            i,
            i + 1,
            Severity::Warning,
            format!("标示时间起止应使用一字线“—”，不应使用“{}”。", d.as_str()),
            PUNCT,
            Some("—".to_string()),
        );
    }
    for c in NUMBER_RANGE.captures_iter(&text) {
        let d = c.name("dash").expect("group");
        let i = s.byte_to_char(d.start());
        s.emit(
            cx,
            i,
            i + 1,
            Severity::Warning,
            format!("标示数值范围应使用浪纹线“～”，不应使用“{}”。", d.as_str()),
            PUNCT,
            Some("～".to_string()),
        );
    }
    for c in PERCENT_RANGE.captures_iter(&text) {
        let left = c.name("left").expect("group");
        if text[left.end()..].starts_with('%') {
            continue;
        }
        let i = s.byte_to_char(left.end());
        s.emit(
            cx,
            i,
            i,
            Severity::Warning,
            "百分数范围前后两个数的百分号都不能省略（如“10%～20%”）。".to_string(),
            NUMBERS,
            Some("%".to_string()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    fn run(body: &str) -> (Vec<String>, String) {
        let src = format!("关于做好防汛工作的通知\n\n各区人民政府：\n{body}\n");
        let r = check_text(&src);
        let msgs = r
            .findings
            .iter()
            .filter(|f| f.code == "T24")
            .map(|f| f.message.clone())
            .collect();
        let fixed = apply_fixes(&src, &r.findings);
        (msgs, fixed.lines().nth(3).unwrap_or("").to_string())
    }

    #[test]
    fn clean_text_passes() {
        let (m, _) = run(
            "　　2021—2025年，全市降水量增加10%～20%，投入资金3000万元（含省级补助），“十四五”期间建成堤防12.5公里……",
        );
        assert!(m.is_empty(), "{m:?}");
        let (m, _) = run(
            "　　会议定于8:30开始，网址为https://www.example.gov.cn/a.html，文号为GB/T 9704-2012。",
        );
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn half_width_punctuation_is_fixed() {
        let (m, fixed) = run("　　各地要高度重视,切实做好防汛工作(含山洪防治).");
        assert_eq!(m.len(), 3, "{m:?}");
        assert_eq!(
            fixed,
            "　　各地要高度重视，切实做好防汛工作（含山洪防治）。"
        );
    }

    #[test]
    fn quotes_ellipsis_ranges() {
        let (m, fixed) =
            run("　　落实\"四个一\"要求,包括水库...堤防等，2021-2025年投入3-5亿元，增幅10～20%。");
        assert_eq!(m.len(), 6, "{m:?}");
        assert_eq!(
            fixed,
            "　　落实“四个一”要求，包括水库……堤防等，2021—2025年投入3～5亿元，增幅10%～20%。"
        );
    }

    #[test]
    fn hard_wrapped_lines_are_not_unbalanced() {
        let (m, _) = run("　　根据《中华人民共和国防\n洪法》规定，现通知如下。");
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn unbalanced_and_numbers() {
        let (m, _) = run("　　根据《防洪法规定，24年3月起执行。");
        assert_eq!(m.len(), 2, "{m:?}");
        let (m, fixed) = run("　　于５月１号前报送水库、堤防、等情况。");
        assert_eq!(m.len(), 4, "{m:?}");
        assert_eq!(fixed, "　　于5月1日前报送水库、堤防等情况。");
    }
}
