//! What the caller may choose about the layout; everything else follows from the document.

use crate::model::{DocKind, Document};

/// The layout families of GB/T 9704-2012: the ordinary 文件 format (§7) and the three special
/// formats of §10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 文件格式: 版头 with the red separator, 主体, 版记.
    Standard,
    /// 信函格式 (10.1): mark 30 mm from the top edge, red double lines, no number on page 1.
    Letter,
    /// 命令（令）格式 (10.2): mark of name + 令, 令号, signature seal.
    Order,
    /// 纪要格式 (10.3): 纪要 mark, 出席/请假/列席 lines.
    Minutes,
}

impl Format {
    /// The format a document is normally issued in: a 函 whose mark is the bare organ name is a
    /// letter; 命令 and 纪要 have their own formats; everything else is a 文件.
    pub fn for_document(doc: &Document) -> Format {
        match doc.kind {
            Some(DocKind::Letter) if !doc.issuer_marks.iter().any(|m| m.text.ends_with("文件")) => {
                Format::Letter
            }
            Some(DocKind::Order) => Format::Order,
            Some(DocKind::Minutes) => Format::Minutes,
            _ => Format::Standard,
        }
    }
}

/// Whether the 署名 will be stamped with the organ's seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seal {
    /// 加盖印章 (7.3.5.1): date 4 characters from the right, 署名 centred over it, room above
    /// for the seal.
    #[default]
    Sealed,
    /// 不加盖印章 (7.3.5.2): 署名 2 characters from the right one blank line below the text, the
    /// date below it starting 2 characters further right.
    Unsealed,
}

/// Choices for [`render_docx`](super::render_docx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderOptions {
    /// `None`: [`Format::for_document`].
    pub format: Option<Format>,
    pub seal: Seal,
}

impl RenderOptions {
    pub(crate) fn format_for(&self, doc: &Document) -> Format {
        self.format.unwrap_or_else(|| Format::for_document(doc))
    }
}
