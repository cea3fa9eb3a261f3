//! 层次序数 (GB/T 9704-2012 7.3.3): 一、 → （一） → 1. → （1）.

use serde::Serialize;

/// Heading level of the structure numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum HeadingLevel {
    /// 第一层：一、
    One = 1,
    /// 第二层：（一）
    Two = 2,
    /// 第三层：1.
    Three = 3,
    /// 第四层：（1）
    Four = 4,
}

impl HeadingLevel {
    /// The marker the standard gives for `number` at this level.
    pub fn marker(self, number: u32) -> String {
        match self {
            Self::One => format!("{}、", chinese_ordinal(number)),
            Self::Two => format!("（{}）", chinese_ordinal(number)),
            Self::Three => format!("{number}."),
            Self::Four => format!("（{number}）"),
        }
    }

    /// How the level is named to a drafter: “一、”“（一）”“1.”“（1）”.
    pub fn example(self) -> &'static str {
        match self {
            Self::One => "“一、”",
            Self::Two => "“（一）”",
            Self::Three => "“1.”",
            Self::Four => "“（1）”",
        }
    }
}

/// What is wrong with a marker as typed, when its level and number are still clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MarkerProblem {
    /// (一) / (1): half-width brackets
    HalfWidthBrackets,
    /// （一）、 / （1）. : punctuation after the closing bracket
    PunctuationAfterBracket(char),
    /// 一. / 一， / 1、 / 1， : wrong mark after the number
    WrongSeparator(char),
}

/// A paragraph's leading 层次序数.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: HeadingLevel,
    pub number: u32,
    /// Length of the marker as typed, in chars from the start of the paragraph text.
    pub marker_len: usize,
    pub problem: Option<MarkerProblem>,
}

impl Heading {
    /// Recognises a leading marker. Conservative: a digit run followed by another digit, a
    /// percent sign or a unit (12.5%、2024年) is not a marker.
    pub fn detect(text: &str) -> Option<Heading> {
        let chars: Vec<char> = text.chars().collect();
        let first = *chars.first()?;
        if first == '（' || first == '(' {
            return detect_bracketed(&chars);
        }
        if first.is_ascii_digit() {
            return detect_arabic(&chars);
        }
        if is_chinese_digit(first) {
            return detect_chinese(&chars);
        }
        None
    }

    /// The marker the standard wants in place of the typed one.
    pub fn canonical_marker(&self) -> String {
        self.level.marker(self.number)
    }
}

fn detect_bracketed(chars: &[char]) -> Option<Heading> {
    let open = chars[0];
    let digits_end = 1 + chars[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let (level, number, close_at) = if digits_end > 1 {
        let number: u32 = chars[1..digits_end]
            .iter()
            .collect::<String>()
            .parse()
            .ok()?;
        (HeadingLevel::Four, number, digits_end)
    } else {
        let end = 1 + chars[1..]
            .iter()
            .take_while(|c| is_chinese_digit(**c))
            .count();
        if end == 1 {
            return None;
        }
        let number = chinese_value(&chars[1..end])?;
        (HeadingLevel::Two, number, end)
    };
    let close = *chars.get(close_at)?;
    if close != '）' && close != ')' {
        return None;
    }
    let mut marker_len = close_at + 1;
    let mut problem = None;
    if open == '(' || close == ')' {
        problem = Some(MarkerProblem::HalfWidthBrackets);
    }
    if let Some(&after) = chars.get(marker_len)
        && matches!(after, '、' | '.' | '．' | '，' | ',')
    {
        problem = Some(MarkerProblem::PunctuationAfterBracket(after));
        marker_len += 1;
    }
    if number == 0 {
        return None;
    }
    Some(Heading {
        level,
        number,
        marker_len,
        problem,
    })
}

fn detect_arabic(chars: &[char]) -> Option<Heading> {
    let end = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if end > 3 {
        return None;
    }
    let sep = *chars.get(end)?;
    let next = chars.get(end + 1).copied();
    // 1.5倍 / 3.2% / 1、2月 are numbers, not markers.
    if next.is_none_or(|n| n.is_ascii_digit() || n.is_whitespace() && sep != '.') {
        return None;
    }
    let problem = match sep {
        '.' | '．' => None,
        '、' | '，' => {
            if next.is_some_and(|n| n.is_ascii_digit() || "月日号年".contains(n)) {
                return None;
            }
            Some(MarkerProblem::WrongSeparator(sep))
        }
        _ => return None,
    };
    let number: u32 = chars[..end].iter().collect::<String>().parse().ok()?;
    if number == 0 {
        return None;
    }
    Some(Heading {
        level: HeadingLevel::Three,
        number,
        marker_len: end + 1,
        problem,
    })
}

fn detect_chinese(chars: &[char]) -> Option<Heading> {
    let end = chars.iter().take_while(|c| is_chinese_digit(**c)).count();
    let number = chinese_value(&chars[..end])?;
    let sep = *chars.get(end)?;
    let problem = match sep {
        '、' => None,
        '.' | '．' | '，' | ',' => Some(MarkerProblem::WrongSeparator(sep)),
        _ => return None,
    };
    // Require text after the marker, so a bare enumeration is not mistaken for a heading.
    chars.get(end + 1)?;
    Some(Heading {
        level: HeadingLevel::One,
        number,
        marker_len: end + 1,
        problem,
    })
}

fn is_chinese_digit(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// 一 … 九十九
fn chinese_value(chars: &[char]) -> Option<u32> {
    let d = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|p| p as u32 + 1)
    };
    match chars {
        [u] if *u != '十' => d(*u),
        ['十'] => Some(10),
        ['十', u] => Some(10 + d(*u)?),
        [t, '十'] => Some(d(*t)? * 10),
        [t, '十', u] => Some(d(*t)? * 10 + d(*u)?),
        _ => None,
    }
}

/// 1 → 一, 12 → 十二, 21 → 二十一
pub(crate) fn chinese_ordinal(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n - 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(t: &str) -> Option<(HeadingLevel, u32, Option<MarkerProblem>)> {
        Heading::detect(t).map(|h| (h.level, h.number, h.problem))
    }

    #[test]
    fn the_four_levels() {
        assert_eq!(h("一、总体要求"), Some((HeadingLevel::One, 1, None)));
        assert_eq!(h("十二、其他"), Some((HeadingLevel::One, 12, None)));
        assert_eq!(h("（三）加强领导。"), Some((HeadingLevel::Two, 3, None)));
        assert_eq!(h("2.明确责任。"), Some((HeadingLevel::Three, 2, None)));
        assert_eq!(h("（4）按时报送。"), Some((HeadingLevel::Four, 4, None)));
    }

    #[test]
    fn malformed_markers_keep_level() {
        use MarkerProblem::*;
        assert_eq!(
            h("(一)加强领导"),
            Some((HeadingLevel::Two, 1, Some(HalfWidthBrackets)))
        );
        assert_eq!(
            h("（一）、加强领导"),
            Some((HeadingLevel::Two, 1, Some(PunctuationAfterBracket('、'))))
        );
        assert_eq!(
            h("1、明确责任"),
            Some((HeadingLevel::Three, 1, Some(WrongSeparator('、'))))
        );
        assert_eq!(
            h("一.总体要求"),
            Some((HeadingLevel::One, 1, Some(WrongSeparator('.'))))
        );
    }

    #[test]
    fn numbers_are_not_markers() {
        assert_eq!(h("12.5%的企业"), None);
        assert_eq!(h("2024年全市"), None);
        assert_eq!(h("一是加强领导"), None);
        assert_eq!(h("十分重要"), None);
        assert_eq!(h("3、4月份"), None);
    }

    #[test]
    fn ordinals() {
        assert_eq!(chinese_ordinal(1), "一");
        assert_eq!(chinese_ordinal(10), "十");
        assert_eq!(chinese_ordinal(15), "十五");
        assert_eq!(chinese_ordinal(20), "二十");
        assert_eq!(chinese_ordinal(23), "二十三");
        assert_eq!(HeadingLevel::Two.marker(11), "（十一）");
    }
}
