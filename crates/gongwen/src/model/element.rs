//! The 18 公文要素 of 条例 Art. 9, as names a finding can point at.

use serde::{Serialize, Serializer};

/// 公文要素: which element of the document a finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElementKind {
    /// 份号
    CopyNumber,
    /// 密级和保密期限
    Classification,
    /// 紧急程度
    Urgency,
    /// 发文机关标志
    IssuerMark,
    /// 发文字号
    IssuingNumber,
    /// 签发人
    Signer,
    /// 标题
    Title,
    /// 主送机关
    Recipients,
    /// 正文
    Body,
    /// 附件说明
    AttachmentNote,
    /// 发文机关署名
    Signature,
    /// 成文日期
    Date,
    /// 印章
    Seal,
    /// 附注
    Notes,
    /// 附件
    Attachment,
    /// 抄送机关
    CopyTo,
    /// 印发机关和印发日期
    Printing,
    /// 页码
    PageNumber,
    /// 全文: for findings about the document as a whole.
    Document,
}

impl ElementKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::CopyNumber => "份号",
            Self::Classification => "密级和保密期限",
            Self::Urgency => "紧急程度",
            Self::IssuerMark => "发文机关标志",
            Self::IssuingNumber => "发文字号",
            Self::Signer => "签发人",
            Self::Title => "标题",
            Self::Recipients => "主送机关",
            Self::Body => "正文",
            Self::AttachmentNote => "附件说明",
            Self::Signature => "发文机关署名",
            Self::Date => "成文日期",
            Self::Seal => "印章",
            Self::Notes => "附注",
            Self::Attachment => "附件",
            Self::CopyTo => "抄送机关",
            Self::Printing => "印发机关和印发日期",
            Self::PageNumber => "页码",
            Self::Document => "全文",
        }
    }
}

/// Serialised as its Chinese name, which is what a reader of a report expects to see.
impl Serialize for ElementKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}
