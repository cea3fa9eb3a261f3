//! 会议状态. A cancelled or postponed meeting is kept and shown as such, but it is not counted.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = MeetingState)]
pub enum State {
    /// 计划中
    Planned,
    /// 已通知
    Notified,
    /// 已召开
    Held,
    /// 已取消
    Cancelled,
    /// 已延期
    Postponed,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Notified => "notified",
            Self::Held => "held",
            Self::Cancelled => "cancelled",
            Self::Postponed => "postponed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "计划中",
            Self::Notified => "已通知",
            Self::Held => "已召开",
            Self::Cancelled => "已取消",
            Self::Postponed => "已延期",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Planned,
            Self::Notified,
            Self::Held,
            Self::Cancelled,
            Self::Postponed,
        ]
        .into_iter()
        .find(|x| x.code() == s.trim() || x.label() == s.trim())
    }

    /// Still to be held: it may be changed, notified, cancelled or postponed.
    pub fn open(self) -> bool {
        matches!(self, Self::Planned | Self::Notified)
    }
}

/// The SQL condition of the meetings that count in figures and plans.
pub const COUNTED: &str = "state IN ('planned', 'notified', 'held')";
