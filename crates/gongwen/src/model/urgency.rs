//! 紧急程度 (条例 Art. 9(3); GB/T 9704-2012 7.2.3).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use thiserror::Error;

/// 紧急程度. Ordinary 公文 use 特急 / 加急; telegrams also 特提 / 平急.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Urgency {
    /// 特急
    ExtraUrgent,
    /// 加急
    Urgent,
    /// 特提 (telegrams only)
    TelegramFlash,
    /// 平急 (telegrams only)
    TelegramPriority,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UrgencyError {
    #[error("“{0}”是旧的紧急程度标注，现行规定为“特急”或“加急”。")]
    Legacy(String),
    #[error("“{0}”不是规定的紧急程度，应为“特急”或“加急”。")]
    Unknown(String),
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Self::ExtraUrgent => "特急",
            Self::Urgent => "加急",
            Self::TelegramFlash => "特提",
            Self::TelegramPriority => "平急",
        }
    }

    /// Words drafters still write that the 2012 rules replaced.
    pub const LEGACY: [&'static str; 5] = ["急件", "紧急", "特急件", "加急件", "急"];
}

impl FromStr for Urgency {
    type Err = UrgencyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "特急" => Ok(Self::ExtraUrgent),
            "加急" => Ok(Self::Urgent),
            "特提" => Ok(Self::TelegramFlash),
            "平急" => Ok(Self::TelegramPriority),
            other if Self::LEGACY.contains(&other) => Err(UrgencyError::Legacy(other.to_string())),
            other => Err(UrgencyError::Unknown(other.to_string())),
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_and_legacy_words() {
        assert_eq!("特急".parse::<Urgency>().unwrap(), Urgency::ExtraUrgent);
        assert_eq!("加急".parse::<Urgency>().unwrap().to_string(), "加急");
        assert!(matches!(
            "急件".parse::<Urgency>(),
            Err(UrgencyError::Legacy(_))
        ));
        assert!(matches!(
            "很急".parse::<Urgency>(),
            Err(UrgencyError::Unknown(_))
        ));
    }
}
