//! Word segmentation, the same at write time and at query time.

use std::sync::LazyLock;

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

/// Text as space-separated lower-case words, including the shorter words inside long ones
/// (so 督查督办 is also found by 督查).
pub fn segment(text: &str) -> String {
    JIEBA
        .cut_for_search(text, true)
        .into_iter()
        .map(|t| t.word.trim().to_lowercase())
        .filter(|w| is_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a query, each of which a hit must contain.
pub fn terms(q: &str) -> Vec<String> {
    let mut out: Vec<String> = JIEBA
        .cut(q, true)
        .into_iter()
        .map(|t| t.word.trim().to_lowercase())
        .filter(|w| is_word(w))
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_chinese_into_words() {
        let s = segment("关于做好2022年度防汛抗旱工作的通知");
        for w in ["防汛", "抗旱", "通知", "2022"] {
            assert!(s.split(' ').any(|x| x == w), "{w} missing from {s}");
        }
        assert!(!s.contains('，'));
        assert_eq!(terms("防汛 通知！"), vec!["防汛", "通知"]);
        assert!(terms("，。！").is_empty());
    }
}
