//! 文种: the 15 kinds of 公文 of 条例 Art. 8.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use thiserror::Error;

use super::direction::Direction;

/// 文种
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DocKind {
    /// 决议
    Resolution,
    /// 决定
    Decision,
    /// 命令（令）
    Order,
    /// 公报
    Communique,
    /// 公告
    Announcement,
    /// 通告
    Notice,
    /// 意见
    Opinion,
    /// 通知
    Circular,
    /// 通报
    Bulletin,
    /// 报告
    Report,
    /// 请示
    Request,
    /// 批复
    Reply,
    /// 议案
    Motion,
    /// 函
    Letter,
    /// 纪要
    Minutes,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("“{0}”不是《党政机关公文处理工作条例》规定的15种文种之一。")]
pub struct UnknownDocKind(pub String);

impl DocKind {
    pub const ALL: [DocKind; 15] = [
        Self::Resolution,
        Self::Decision,
        Self::Order,
        Self::Communique,
        Self::Announcement,
        Self::Notice,
        Self::Opinion,
        Self::Circular,
        Self::Bulletin,
        Self::Report,
        Self::Request,
        Self::Reply,
        Self::Motion,
        Self::Letter,
        Self::Minutes,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Resolution => "决议",
            Self::Decision => "决定",
            Self::Order => "命令",
            Self::Communique => "公报",
            Self::Announcement => "公告",
            Self::Notice => "通告",
            Self::Opinion => "意见",
            Self::Circular => "通知",
            Self::Bulletin => "通报",
            Self::Report => "报告",
            Self::Request => "请示",
            Self::Reply => "批复",
            Self::Motion => "议案",
            Self::Letter => "函",
            Self::Minutes => "纪要",
        }
    }

    /// The direction a kind usually travels in. Practice, not a rule of the 条例; kinds that go
    /// several ways (意见, 纪要, 公告 …) have none.
    pub fn typical_direction(self) -> Option<Direction> {
        match self {
            Self::Request | Self::Report | Self::Motion => Some(Direction::Upward),
            Self::Letter => Some(Direction::Parallel),
            Self::Decision
            | Self::Order
            | Self::Circular
            | Self::Bulletin
            | Self::Reply
            | Self::Resolution => Some(Direction::Downward),
            Self::Communique
            | Self::Announcement
            | Self::Notice
            | Self::Opinion
            | Self::Minutes => None,
        }
    }

    /// The kind a title ends with, ignoring a trailing bracketed remark such as （征求意见稿）.
    pub fn from_title(title: &str) -> Option<DocKind> {
        let core = title_core(title);
        // 命令 before 令, and every two-character kind before 函, so the longest suffix wins.
        if core.ends_with("命令") || core.ends_with('令') {
            return Some(Self::Order);
        }
        Self::ALL
            .into_iter()
            .find(|k| *k != Self::Order && core.ends_with(k.label()))
    }
}

/// A title without trailing punctuation, whitespace and bracketed remarks (（草案）, （征求意见稿）).
pub(crate) fn title_core(title: &str) -> &str {
    let mut core = title.trim();
    loop {
        let trimmed = core
            .trim_end_matches(|c: char| c.is_whitespace() || "。，；：！？、.,;:!?".contains(c));
        let trimmed = match trimmed
            .strip_suffix('）')
            .or_else(|| trimmed.strip_suffix(')'))
        {
            Some(inner) => match inner.rfind(['（', '(']) {
                Some(pos) if pos > 0 => &inner[..pos],
                _ => trimmed,
            },
            None => trimmed,
        };
        if trimmed.len() == core.len() {
            return core;
        }
        core = trimmed;
    }
}

impl FromStr for DocKind {
    type Err = UnknownDocKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "令" => Ok(Self::Order),
            t => Self::ALL
                .into_iter()
                .find(|k| k.label() == t)
                .ok_or_else(|| UnknownDocKind(t.to_string())),
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_title() {
        let k = |t| DocKind::from_title(t);
        assert_eq!(k("关于开展安全生产大检查的通知"), Some(DocKind::Circular));
        assert_eq!(k("关于商请支持××工作的函"), Some(DocKind::Letter));
        assert_eq!(k("关于××的复函"), Some(DocKind::Letter));
        assert_eq!(k("关于××办法的通知（征求意见稿）"), Some(DocKind::Circular));
        assert_eq!(k("××省人民政府令"), Some(DocKind::Order));
        assert_eq!(k("关于申请××经费的申请"), None);
        assert_eq!(k("关于××的请示。"), Some(DocKind::Request));
    }

    #[test]
    fn parse_and_print() {
        for k in DocKind::ALL {
            assert_eq!(k.label().parse::<DocKind>().unwrap(), k);
        }
        assert_eq!("令".parse::<DocKind>().unwrap(), DocKind::Order);
        assert!("申请".parse::<DocKind>().is_err());
    }
}
