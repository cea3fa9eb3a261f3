//! 公文: the 18 elements of 条例 Art. 9 as one typed record.

use serde::Serialize;

use super::attachment::{Attachment, AttachmentNote};
use super::classification::Classification;
use super::date::ChineseDate;
use super::direction::Direction;
use super::doc_kind::DocKind;
use super::issuing_number::IssuingNumber;
use super::paragraph::{Paragraph, Table};
use super::printing::Printing;
use super::span::{Field, SourceRef};
use super::urgency::Urgency;

/// 标题: may run over several lines; `text` is the lines joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Title {
    pub text: String,
    pub lines: Vec<Field<String>>,
}

/// 公文. Every element is optional because a draft may lack it; which ones a document must have
/// depends on its kind, and that is the checker's business.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Document {
    /// 1 份号
    pub copy_number: Option<Field<String>>,
    /// 2 密级和保密期限
    pub classification: Option<Field<Classification>>,
    /// 3 紧急程度
    pub urgency: Option<Field<Urgency>>,
    /// 4 发文机关标志 (one line per organ in a joint issue)
    pub issuer_marks: Vec<Field<String>>,
    /// 5 发文字号
    pub issuing_number: Option<Field<IssuingNumber>>,
    /// 6 签发人
    pub signers: Option<Field<Vec<String>>>,
    /// 7 标题
    pub title: Option<Title>,
    /// 题注 under the title of a 决议 or 纪要: “（2024年1月5日××会议通过）”.
    pub title_note: Option<Field<String>>,
    /// 文种, read from the title.
    pub kind: Option<DocKind>,
    /// 行文方向, from the 文种 (practice).
    pub direction: Option<Direction>,
    /// 8 主送机关
    pub recipients: Option<Field<Vec<String>>>,
    /// 9 正文
    pub body: Vec<Paragraph>,
    /// Tables inside the 正文.
    pub tables: Vec<Table>,
    /// 10 附件说明
    pub attachment_note: Option<AttachmentNote>,
    /// 11 发文机关署名 (one line per organ)
    pub signatures: Vec<Field<String>>,
    /// 12 成文日期
    pub date: Option<Field<ChineseDate>>,
    /// 13 印章: a placeholder line such as “（印章）” in a text draft.
    pub seal: Option<SourceRef>,
    /// 14 附注
    pub notes: Option<Field<String>>,
    /// 15 附件
    pub attachments: Vec<Attachment>,
    /// 16 抄送机关
    pub copy_to: Option<Field<Vec<String>>>,
    /// 17 印发机关和印发日期
    pub printing: Option<Field<Printing>>,
    /// 18 页码 (page-number lines found in the text)
    pub page_numbers: Vec<Field<u32>>,
}

impl Document {
    /// Every body paragraph of the document and its attachments, in order.
    pub fn all_paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.body
            .iter()
            .chain(self.attachments.iter().flat_map(|a| a.body.iter()))
    }

    /// The 发文机关 names as they appear in the 标志, without the trailing “文件”.
    pub fn issuer_names(&self) -> Vec<&str> {
        self.issuer_marks
            .iter()
            .map(|m| m.text.strip_suffix("文件").unwrap_or(&m.text).trim())
            .collect()
    }
}
