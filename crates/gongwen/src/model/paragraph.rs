//! 正文段落 and the markdown tables a draft may contain.

use serde::Serialize;

use super::heading::Heading;
use super::span::SourceRef;

/// One paragraph of 正文 (or of an attachment): one line of the draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub text: String,
    pub at: SourceRef,
    /// 层次序数, when the paragraph starts with one.
    pub heading: Option<Heading>,
}

/// A table written as markdown rows (`| 项目 | 金额 |`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    pub cells: Vec<String>,
    pub at: SourceRef,
}
