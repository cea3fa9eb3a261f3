//! 成文日期 and 印发日期: GB/T 9704-2012 7.3.5.4 wants Arabic numerals, the full year, and no
//! padding zeros (2022年1月5日). The old 二〇二二年一月五日 style is obsolete (§2.10).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use thiserror::Error;

/// A calendar date written the 公文 way: `2022年1月5日`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ChineseDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a date at all, or names a day that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("“{0}”不是日期。")]
    NotADate(String),
    #[error("年份应标全称（四位数字），不应简写为“{0}”。")]
    ShortYear(String),
    #[error("{0}月不存在。")]
    InvalidMonth(u32),
    #[error("{year}年{month}月没有{day}日。")]
    InvalidDay { year: u16, month: u8, day: u32 },
}

/// How a readable date differs from the canonical form; each one is mechanically fixable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DateDeviation {
    /// 用汉字数字（二〇二四年）书写
    ChineseNumerals,
    /// 月、日编虚位（01月）
    ZeroPadding,
    /// 用“.”“-”“/”分隔而非“年月日”
    Separators,
    /// 全角数字
    FullWidthDigits,
    /// 日期中有空格
    Whitespace,
}

impl DateDeviation {
    pub fn describe(self) -> &'static str {
        match self {
            Self::ChineseNumerals => "日期应使用阿拉伯数字，不应使用汉字数字",
            Self::ZeroPadding => "月、日不编虚位（如“1月”不写作“01月”）",
            Self::Separators => "日期应写作“××××年×月×日”，不应使用“.”“-”“/”分隔",
            Self::FullWidthDigits => "日期中的数字应使用半角阿拉伯数字",
            Self::Whitespace => "日期中不应有空格",
        }
    }
}

impl ChineseDate {
    pub fn new(year: u16, month: u32, day: u32) -> Result<Self, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::InvalidMonth(month));
        }
        let month = month as u8;
        if day == 0 || day > u32::from(days_in_month(year, month)) {
            return Err(DateError::InvalidDay { year, month, day });
        }
        Ok(Self {
            year,
            month,
            day: day as u8,
        })
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn month(&self) -> u8 {
        self.month
    }

    pub fn day(&self) -> u8 {
        self.day
    }

    /// Reads any common way of writing a date and lists how it differs from the canonical form.
    pub fn parse_lenient(text: &str) -> Result<(ChineseDate, Vec<DateDeviation>), DateError> {
        let mut deviations = Vec::new();
        let push = |d: DateDeviation, list: &mut Vec<DateDeviation>| {
            if !list.contains(&d) {
                list.push(d);
            }
        };
        let mut cleaned = String::new();
        for c in text.trim().chars() {
            if c.is_whitespace() {
                push(DateDeviation::Whitespace, &mut deviations);
            } else if ('０'..='９').contains(&c) {
                push(DateDeviation::FullWidthDigits, &mut deviations);
                cleaned.push(char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c));
            } else {
                cleaned.push(c);
            }
        }
        let not_a_date = || DateError::NotADate(text.trim().to_string());
        let parts: Vec<String> = if cleaned.ends_with('日') && cleaned.contains('年') {
            let body = cleaned.trim_end_matches('日');
            let (y, rest) = body.split_once('年').ok_or_else(not_a_date)?;
            let (m, d) = rest.split_once('月').ok_or_else(not_a_date)?;
            vec![y.to_string(), m.to_string(), d.to_string()]
        } else {
            let sep = ['.', '-', '/', '．', '－', '／']
                .into_iter()
                .find(|s| cleaned.contains(*s))
                .ok_or_else(not_a_date)?;
            let parts: Vec<String> = cleaned.split(sep).map(str::to_string).collect();
            if parts.len() != 3 {
                return Err(not_a_date());
            }
            push(DateDeviation::Separators, &mut deviations);
            parts
        };
        let mut numbers = [0u32; 3];
        for (slot, part) in numbers.iter_mut().zip(&parts) {
            if part.is_empty() {
                return Err(not_a_date());
            }
            if part.chars().all(|c| c.is_ascii_digit()) {
                if part.len() > 1 && part.starts_with('0') {
                    push(DateDeviation::ZeroPadding, &mut deviations);
                }
                *slot = part.parse().map_err(|_| not_a_date())?;
            } else {
                push(DateDeviation::ChineseNumerals, &mut deviations);
                *slot = chinese_number(part).ok_or_else(not_a_date)?;
            }
        }
        let year_text = &parts[0];
        if year_text.chars().count() != 4 {
            return if year_text.chars().count() <= 2 {
                Err(DateError::ShortYear(year_text.clone()))
            } else {
                Err(not_a_date())
            };
        }
        let year = u16::try_from(numbers[0]).map_err(|_| not_a_date())?;
        let date = ChineseDate::new(year, numbers[1], numbers[2])?;
        Ok((date, deviations))
    }
}

/// Reads 二〇二四 (digit by digit) or 十二 / 二十一 / 三十 (positional up to 99).
fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '零' | '○' | 'O' | 'o' | 'Ｏ' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let chars: Vec<char> = text.chars().collect();
    if !chars.contains(&'十') {
        return chars
            .iter()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(*c)?));
    }
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap =
                (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
            if leap { 29 } else { 28 }
        }
    }
}

impl FromStr for ChineseDate {
    type Err = DateError;

    /// Strict: only `2022年1月5日`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (date, deviations) = Self::parse_lenient(s)?;
        if deviations.is_empty() {
            Ok(date)
        } else {
            Err(DateError::NotADate(s.to_string()))
        }
    }
}

impl fmt::Display for ChineseDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_round_trips() {
        let d: ChineseDate = "2022年1月5日".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2022, 1, 5));
        assert_eq!(d.to_string(), "2022年1月5日");
    }

    #[test]
    fn lenient_reads_old_and_sloppy_forms() {
        let cases = [
            ("二〇二四年一月五日", DateDeviation::ChineseNumerals),
            ("二〇二四年十二月三十一日", DateDeviation::ChineseNumerals),
            ("2024年01月05日", DateDeviation::ZeroPadding),
            ("2024.1.5", DateDeviation::Separators),
            ("2024-01-05", DateDeviation::Separators),
            ("２０２４年１月５日", DateDeviation::FullWidthDigits),
            ("2024年 1月5日", DateDeviation::Whitespace),
        ];
        for (text, dev) in cases {
            let (d, devs) = ChineseDate::parse_lenient(text).unwrap();
            assert!(devs.contains(&dev), "{text}: {devs:?}");
            assert!(d.to_string().starts_with("2024年"), "{text}");
        }
        let (d, _) = ChineseDate::parse_lenient("二〇二四年十二月三十一日").unwrap();
        assert_eq!(d.to_string(), "2024年12月31日");
    }

    #[test]
    fn impossible_days_are_rejected() {
        assert!(matches!(
            "2023年2月29日".parse::<ChineseDate>(),
            Err(DateError::InvalidDay { .. })
        ));
        assert!("2024年2月29日".parse::<ChineseDate>().is_ok());
        assert!(matches!(
            "2024年13月1日".parse::<ChineseDate>(),
            Err(DateError::InvalidMonth(13))
        ));
        assert!(matches!(
            "24年3月1日".parse::<ChineseDate>(),
            Err(DateError::ShortYear(_))
        ));
    }

    #[test]
    fn strict_rejects_padding() {
        assert!("2024年01月05日".parse::<ChineseDate>().is_err());
    }
}
