//! 密级和保密期限 (条例 Art. 9(2); GB/T 9704-2012 7.2.2; 保密法 2024 Art. 20).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use thiserror::Error;

/// 密级: the three levels a 涉密公文 may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SecrecyLevel {
    /// 绝密
    TopSecret,
    /// 机密
    Secret,
    /// 秘密
    Confidential,
}

impl SecrecyLevel {
    pub fn label(self) -> &'static str {
        match self {
            Self::TopSecret => "绝密",
            Self::Secret => "机密",
            Self::Confidential => "秘密",
        }
    }

    /// Longest period the 保密法 allows unless otherwise provided, in years.
    pub fn max_years(self) -> u32 {
        match self {
            Self::TopSecret => 30,
            Self::Secret => 20,
            Self::Confidential => 10,
        }
    }

    fn from_prefix(text: &str) -> Option<(Self, &str)> {
        [Self::TopSecret, Self::Secret, Self::Confidential]
            .into_iter()
            .find_map(|l| text.strip_prefix(l.label()).map(|rest| (l, rest)))
    }
}

/// 保密期限
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SecrecyPeriod {
    /// ×年
    Years(u32),
    /// ×个月
    Months(u32),
    /// 长期
    LongTerm,
}

impl SecrecyPeriod {
    /// Length in months, for comparing with the statutory limit; `None` for 长期.
    pub fn months(self) -> Option<u32> {
        match self {
            Self::Years(y) => Some(y * 12),
            Self::Months(m) => Some(m),
            Self::LongTerm => None,
        }
    }
}

impl fmt::Display for SecrecyPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Years(y) => write!(f, "{y}年"),
            Self::Months(m) => write!(f, "{m}个月"),
            Self::LongTerm => f.write_str("长期"),
        }
    }
}

/// 密级和保密期限, e.g. `机密★5年`. The period is optional in the type because drafts omit it;
/// the checker reports the omission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Classification {
    pub level: SecrecyLevel,
    pub period: Option<SecrecyPeriod>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClassificationError {
    #[error("密级应为“绝密”“机密”“秘密”之一。")]
    UnknownLevel,
    #[error("保密期限中的数字应使用阿拉伯数字（如“5年”），不应写作“{0}”。")]
    NonArabicPeriod(String),
    #[error("无法识别保密期限“{0}”。")]
    UnreadablePeriod(String),
}

impl FromStr for Classification {
    type Err = ClassificationError;

    /// Accepts `机密`, `机密★5年`, `机密 5年`, `秘密★6个月`, `绝密★长期`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (level, rest) =
            SecrecyLevel::from_prefix(s).ok_or(ClassificationError::UnknownLevel)?;
        let rest = rest
            .trim_start_matches(['★', '☆', '*', '＊', ' ', '　'])
            .trim();
        if rest.is_empty() {
            return Ok(Self {
                level,
                period: None,
            });
        }
        if rest == "长期" {
            return Ok(Self {
                level,
                period: Some(SecrecyPeriod::LongTerm),
            });
        }
        let (number, unit_months) = if let Some(n) = rest.strip_suffix("个月") {
            (n, true)
        } else if let Some(n) = rest.strip_suffix('年') {
            (n, false)
        } else {
            return Err(ClassificationError::UnreadablePeriod(rest.to_string()));
        };
        if number.is_empty() {
            return Err(ClassificationError::UnreadablePeriod(rest.to_string()));
        }
        if !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(ClassificationError::NonArabicPeriod(rest.to_string()));
        }
        let n: u32 = number
            .parse()
            .map_err(|_| ClassificationError::UnreadablePeriod(rest.to_string()))?;
        let period = if unit_months {
            SecrecyPeriod::Months(n)
        } else {
            SecrecyPeriod::Years(n)
        };
        Ok(Self {
            level,
            period: Some(period),
        })
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.level.label())?;
        if let Some(p) = self.period {
            write!(f, "★{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_level_and_period() {
        let c: Classification = "机密★5年".parse().unwrap();
        assert_eq!(c.level, SecrecyLevel::Secret);
        assert_eq!(c.period, Some(SecrecyPeriod::Years(5)));
        assert_eq!(c.to_string(), "机密★5年");
        let c: Classification = "秘密".parse().unwrap();
        assert_eq!(c.period, None);
        let c: Classification = "秘密★6个月".parse().unwrap();
        assert_eq!(c.period, Some(SecrecyPeriod::Months(6)));
    }

    #[test]
    fn rejects_unknown_level_and_chinese_numerals() {
        assert_eq!(
            "内部".parse::<Classification>().unwrap_err(),
            ClassificationError::UnknownLevel
        );
        assert!(matches!(
            "机密★五年".parse::<Classification>(),
            Err(ClassificationError::NonArabicPeriod(_))
        ));
    }
}
