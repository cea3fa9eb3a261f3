//! Why a .docx file could not be read.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum DocxError {
    #[error("文件不是有效的 .docx（ZIP）文件：{0}")]
    NotZip(String),
    #[error(".docx 文件中缺少正文部件 word/document.xml。")]
    MissingDocument,
    #[error(".docx 文件中的 {part} 不是有效的 XML：{reason}")]
    Xml { part: &'static str, reason: String },
}
