//! The snippet and the marks of a hit, found in the text as it is shown.

use std::borrow::Cow;

use super::Piece;

/// The text in lower case, as its words were indexed. Chinese text has no case, and lowering it
/// char by char through Unicode's tables was the largest part of a search page's own work
/// (about a tenth of its CPU), so text that lowering would not change is used as it is.
fn lowered(text: &str) -> Cow<'_, str> {
    if text.chars().all(keeps_case) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// Whether lowering leaves `c` as it is. CJK punctuation, kana and the ideographs
/// (U+3000–U+9FFF) have no case at all.
fn keeps_case(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_uppercase()
    } else if ('\u{3000}'..='\u{9FFF}').contains(&c) {
        true
    } else {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    }
}

/// About 60 characters of `text` around the first word found.
pub(super) fn snippet_around(text: &str, words: &[String]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let lower = lowered(text);
    let first = words
        .iter()
        .filter_map(|w| lower.find(w.as_str()))
        .min()
        .map(|b| lower[..b].chars().count())
        .unwrap_or(0);
    let start = first.saturating_sub(20);
    let end = (start + 60).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// Splits `text` into pieces, marking the words of the query.
pub(super) fn mark(text: &str, words: &[String]) -> Vec<Piece> {
    let lower = lowered(text);
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(w.as_str()) {
            let b = from + pos;
            hits.push((b, b + w.len()));
            from = b + w.len();
        }
    }
    hits.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in hits {
        if s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        if s > at {
            out.push(Piece {
                text: text[at..s].to_string(),
                hit: false,
            });
        }
        out.push(Piece {
            text: text[s..e].to_string(),
            hit: true,
        });
        at = e;
    }
    if at < text.len() {
        out.push(Piece {
            text: text[at..].to_string(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn marks_every_occurrence() {
        let words = vec!["防汛".to_string()];
        let pieces = mark("做好防汛工作，防汛无小事", &words);
        let hits: Vec<&str> = pieces
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, vec!["防汛", "防汛"]);
        assert_eq!(
            pieces.iter().map(|p| p.text.as_str()).collect::<String>(),
            "做好防汛工作，防汛无小事"
        );
    }

    #[test]
    fn marks_words_whatever_their_case() {
        let words = vec!["oa".to_string(), "ｇｂ".to_string()];
        let hits: Vec<String> = mark("关于OA系统与ＧＢ标准的通知", &words)
            .into_iter()
            .filter(|p| p.hit)
            .map(|p| p.text)
            .collect();
        assert_eq!(hits, vec!["OA", "ＧＢ"]);
    }

    #[test]
    fn snippets_centre_on_the_first_hit() {
        let text = format!("{}防汛{}", "甲".repeat(100), "乙".repeat(100));
        let s = snippet_around(&text, &["防汛".to_string()]);
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("防汛"));
        assert_eq!(s.chars().count(), 62);
    }

    #[test]
    fn chinese_text_is_not_copied_to_be_lowered() {
        assert!(matches!(
            lowered("关于做好防汛工作的通知（2022年）"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(lowered("关于OA的通知"), Cow::Owned(_)));
    }

    #[test]
    fn the_cjk_range_has_no_case() {
        for c in '\u{3000}'..='\u{9FFF}' {
            assert_eq!(
                c.to_lowercase().to_string(),
                c.to_string(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    proptest! {
        #[test]
        fn lowers_as_the_standard_library_does(text in "(\\PC|Σ|ǅ|İ|Ａ|ß){0,40}") {
            let expected = text.to_lowercase();
            prop_assert_eq!(lowered(&text).into_owned(), expected);
        }
    }
}
