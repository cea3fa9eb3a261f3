//! 行文方向. The classification is common practice, not a term of the 条例.

use serde::Serialize;

/// 行文方向
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Direction {
    /// 上行文: to a superior organ
    Upward,
    /// 下行文: to subordinate organs
    Downward,
    /// 平行文: between organs without a subordinate relationship
    Parallel,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Self::Upward => "上行文",
            Self::Downward => "下行文",
            Self::Parallel => "平行文",
        }
    }
}
