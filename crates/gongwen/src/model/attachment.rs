//! 附件说明 (GB/T 9704-2012 7.3.4) and the attachments themselves (7.3.7).

use serde::Serialize;

use super::paragraph::{Paragraph, Table};
use super::span::{Field, SourceRef};

/// 附件说明: “附件：1. ××”, one item a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentNote {
    pub at: SourceRef,
    pub items: Vec<AttachmentItem>,
}

/// One attachment named in the 附件说明.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentItem {
    /// 顺序号, when written.
    pub number: Option<u32>,
    /// 附件名称, as written, without the order number.
    pub name: String,
    /// Where the name sits.
    pub at: SourceRef,
}

/// 附件: an attachment page, “附件2” on the first line and its title below.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// The label line; its value is the number after “附件”, if any.
    pub label: Field<Option<u32>>,
    /// 附件标题
    pub title: Option<Field<String>>,
    pub body: Vec<Paragraph>,
    pub tables: Vec<Table>,
}
