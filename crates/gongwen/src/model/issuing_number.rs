//! 发文字号: 机关代字 + 〔年份〕 + 顺序号 + 号 (条例 Art. 9(5); GB/T 9704-2012 7.2.5).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use thiserror::Error;

/// 发文字号, e.g. `皖政办〔2022〕12号`. Only a well-formed number can be built, and `Display`
/// prints the canonical form, so `parse(print(x)) == x`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IssuingNumber {
    /// 机关代字
    agency_code: String,
    /// 年份, always four digits
    year: u16,
    /// 顺序号, from 1, without padding
    number: u32,
}

/// Why a text is not a canonical 发文字号. Displayed as a sentence a drafter can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IssuingNumberError {
    #[error("发文字号为空。")]
    Empty,
    #[error("发文字号缺少机关代字。")]
    MissingAgencyCode,
    #[error("机关代字中不应出现“{0}”，机关代字只由汉字或字母组成。")]
    InvalidAgencyChar(char),
    #[error("发文字号中不应有空格。")]
    Whitespace,
    #[error("年份应使用六角括号“〔〕”括入，不应使用“{0}”。")]
    WrongBracket(char),
    #[error("年份应使用六角括号“〔〕”括入，发文字号中缺少括号。")]
    MissingBracket,
    #[error("六角括号“〔”没有对应的“〕”。")]
    UnclosedBracket,
    #[error("年份应标全称（四位数字），不应简写为“{0}”。")]
    ShortYear(String),
    #[error("年份“{0}”不是四位阿拉伯数字。")]
    InvalidYear(String),
    #[error("年份和顺序号应使用半角阿拉伯数字。")]
    FullWidthDigits,
    #[error("顺序号前不加“第”字。")]
    HasDi,
    #[error("发文字号缺少顺序号。")]
    MissingNumber,
    #[error("顺序号不编虚位，“{0}”不应有前导“0”。")]
    LeadingZero(String),
    #[error("顺序号从1开始，不能为0。")]
    ZeroNumber,
    #[error("顺序号后应加“号”字。")]
    MissingHao,
    #[error("“号”字后不应再有其他内容（“{0}”）。")]
    TrailingText(String),
}

impl IssuingNumber {
    /// Builds a number from its parts; the parts are checked as strictly as the text form.
    pub fn new(agency_code: &str, year: u16, number: u32) -> Result<Self, IssuingNumberError> {
        if agency_code.is_empty() {
            return Err(IssuingNumberError::MissingAgencyCode);
        }
        if let Some(c) = agency_code.chars().find(|c| !is_agency_char(*c)) {
            return Err(IssuingNumberError::InvalidAgencyChar(c));
        }
        if !(1000..=9999).contains(&year) {
            return Err(IssuingNumberError::InvalidYear(year.to_string()));
        }
        if number == 0 {
            return Err(IssuingNumberError::ZeroNumber);
        }
        Ok(Self {
            agency_code: agency_code.to_string(),
            year,
            number,
        })
    }

    /// 机关代字
    pub fn agency_code(&self) -> &str {
        &self.agency_code
    }

    /// 年份
    pub fn year(&self) -> u16 {
        self.year
    }

    /// 顺序号
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Reads a draft's 发文字号 forgivingly: returns the number it clearly means together with
    /// every deviation from the canonical form, so that a checker can offer the canonical text
    /// as a certain fix. Fails when the meaning is not clear (e.g. a two-digit year).
    pub fn parse_lenient(
        text: &str,
    ) -> Result<(IssuingNumber, Vec<IssuingNumberError>), IssuingNumberError> {
        let mut deviations = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        if chars.iter().all(|c| c.is_whitespace()) {
            return Err(IssuingNumberError::Empty);
        }
        let mut i = 0;
        let mut code = String::new();
        while i < chars.len() && !is_open_bracket(chars[i]) && digit_value(chars[i]).is_none() {
            let c = chars[i];
            if c.is_whitespace() {
                if !code.is_empty() {
                    note(IssuingNumberError::Whitespace, &mut deviations);
                }
            } else if is_agency_char(c) {
                code.push(c);
            } else {
                return Err(IssuingNumberError::InvalidAgencyChar(c));
            }
            i += 1;
        }
        if code.is_empty() {
            return Err(IssuingNumberError::MissingAgencyCode);
        }
        if i >= chars.len() || !is_open_bracket(chars[i]) {
            return Err(IssuingNumberError::MissingBracket);
        }
        if chars[i] != '〔' {
            note(IssuingNumberError::WrongBracket(chars[i]), &mut deviations);
        }
        i += 1;
        let (year_digits, next) = read_digits(&chars, i, &mut deviations);
        i = next;
        match year_digits.len() {
            4 => {}
            0 => return Err(IssuingNumberError::InvalidYear(String::new())),
            1 | 2 => return Err(IssuingNumberError::ShortYear(year_digits)),
            _ => return Err(IssuingNumberError::InvalidYear(year_digits)),
        }
        let year: u16 = year_digits
            .parse()
            .map_err(|_| IssuingNumberError::InvalidYear(year_digits.clone()))?;
        if year < 1000 {
            return Err(IssuingNumberError::InvalidYear(year_digits));
        }
        i = skip_spaces(&chars, i, &mut deviations);
        if i >= chars.len() || !is_close_bracket(chars[i]) {
            return Err(IssuingNumberError::UnclosedBracket);
        }
        if chars[i] != '〕' {
            note(IssuingNumberError::WrongBracket(chars[i]), &mut deviations);
        }
        i += 1;
        i = skip_spaces(&chars, i, &mut deviations);
        if i < chars.len() && chars[i] == '第' {
            note(IssuingNumberError::HasDi, &mut deviations);
            i += 1;
            i = skip_spaces(&chars, i, &mut deviations);
        }
        let (number_digits, next) = read_digits(&chars, i, &mut deviations);
        i = next;
        if number_digits.is_empty() {
            return Err(IssuingNumberError::MissingNumber);
        }
        let number: u32 = number_digits
            .parse()
            .map_err(|_| IssuingNumberError::MissingNumber)?;
        if number == 0 {
            return Err(IssuingNumberError::ZeroNumber);
        }
        if number_digits.starts_with('0') {
            note(
                IssuingNumberError::LeadingZero(number_digits),
                &mut deviations,
            );
        }
        i = skip_spaces(&chars, i, &mut deviations);
        if i < chars.len() && chars[i] == '号' {
            i += 1;
        } else {
            note(IssuingNumberError::MissingHao, &mut deviations);
        }
        let rest: String = chars[i..].iter().collect();
        if !rest.trim().is_empty() {
            return Err(IssuingNumberError::TrailingText(rest.trim().to_string()));
        }
        let value = IssuingNumber::new(&code, year, number)?;
        Ok((value, deviations))
    }
}

fn note(e: IssuingNumberError, list: &mut Vec<IssuingNumberError>) {
    if !list.contains(&e) {
        list.push(e);
    }
}

fn read_digits(
    chars: &[char],
    mut i: usize,
    deviations: &mut Vec<IssuingNumberError>,
) -> (String, usize) {
    i = skip_spaces(chars, i, deviations);
    let mut digits = String::new();
    while i < chars.len() {
        match digit_value(chars[i]) {
            Some(d) => {
                if !chars[i].is_ascii_digit() {
                    note(IssuingNumberError::FullWidthDigits, deviations);
                }
                digits.push(char::from(b'0' + d));
                i += 1;
            }
            None => break,
        }
    }
    (digits, i)
}

fn skip_spaces(chars: &[char], mut i: usize, deviations: &mut Vec<IssuingNumberError>) -> usize {
    while i < chars.len() && chars[i].is_whitespace() {
        note(IssuingNumberError::Whitespace, deviations);
        i += 1;
    }
    i
}

/// Half- or full-width digit value.
fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Characters allowed in a 机关代字: CJK ideographs and Latin letters.
fn is_agency_char(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The correct 六角括号 and the look-alikes drafters type instead.
pub(crate) fn is_open_bracket(c: char) -> bool {
    matches!(c, '〔' | '[' | '［' | '【' | '（' | '(' | '﹝' | '〖' | '{')
}

pub(crate) fn is_close_bracket(c: char) -> bool {
    matches!(c, '〕' | ']' | '］' | '】' | '）' | ')' | '﹞' | '〗' | '}')
}

impl FromStr for IssuingNumber {
    type Err = IssuingNumberError;

    /// Strict: accepts only the canonical form.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (value, deviations) = Self::parse_lenient(s)?;
        match deviations.into_iter().next() {
            Some(first) => Err(first),
            None => Ok(value),
        }
    }
}

impl fmt::Display for IssuingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.agency_code, self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_round_trips() {
        let n: IssuingNumber = "皖政办〔2022〕12号".parse().unwrap();
        assert_eq!(n.agency_code(), "皖政办");
        assert_eq!(n.year(), 2022);
        assert_eq!(n.number(), 12);
        assert_eq!(n.to_string(), "皖政办〔2022〕12号");
    }

    #[test]
    fn strict_rejects_each_common_mistake() {
        let cases = [
            ("国办发[2024]5号", IssuingNumberError::WrongBracket('[')),
            ("国办发（2024）5号", IssuingNumberError::WrongBracket('（')),
            ("国办发【2024】5号", IssuingNumberError::WrongBracket('【')),
            ("国办发﹝2024﹞5号", IssuingNumberError::WrongBracket('﹝')),
            (
                "国办发〔24〕5号",
                IssuingNumberError::ShortYear("24".into()),
            ),
            ("国办发〔2024〕第5号", IssuingNumberError::HasDi),
            (
                "国办发〔2024〕05号",
                IssuingNumberError::LeadingZero("05".into()),
            ),
            ("国办发〔2024〕5", IssuingNumberError::MissingHao),
            ("〔2024〕5号", IssuingNumberError::MissingAgencyCode),
            ("国办发2024年5号", IssuingNumberError::MissingBracket),
            ("国办发〔2024〕0号", IssuingNumberError::ZeroNumber),
            ("国办发〔２０２４〕5号", IssuingNumberError::FullWidthDigits),
            (
                "国办发〔2024〕5号文",
                IssuingNumberError::TrailingText("文".into()),
            ),
            ("", IssuingNumberError::Empty),
        ];
        for (text, expected) in cases {
            assert_eq!(
                text.parse::<IssuingNumber>().unwrap_err(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn lenient_recovers_the_meant_number() {
        let (n, devs) = IssuingNumber::parse_lenient("国办发 [2024] 第05号").unwrap();
        assert_eq!(n.to_string(), "国办发〔2024〕5号");
        assert!(devs.contains(&IssuingNumberError::HasDi));
        assert!(devs.contains(&IssuingNumberError::WrongBracket('[')));
        assert!(devs.contains(&IssuingNumberError::LeadingZero("05".into())));
    }

    #[test]
    fn errors_read_as_chinese_sentences() {
        let e = "国办发[2024]5号".parse::<IssuingNumber>().unwrap_err();
        assert_eq!(e.to_string(), "年份应使用六角括号“〔〕”括入，不应使用“[”。");
    }
}
