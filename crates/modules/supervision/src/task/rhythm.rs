//! 报送频次: how often a long task's 责任人 reports its progress between registration and the
//! 落实情况反馈.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportEvery {
    /// 不定期: no rhythm, reports are filed when there is news.
    #[default]
    None,
    /// 每周报送: by Friday of each ISO week.
    Weekly,
    /// 每月报送: by the 25th of each month.
    Monthly,
}

impl ReportEvery {
    pub const ALL: [Self; 3] = [Self::None, Self::Weekly, Self::Monthly];

    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::None => "不定期",
            Self::Weekly => "每周报送",
            Self::Monthly => "每月报送",
        }
    }

    /// The code or the label; an empty value means no rhythm.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.is_empty() {
            return Some(Self::None);
        }
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s || r.label() == s)
    }
}
