//! The parts of a .docx package this reader needs.

use std::io::{Cursor, Read};

use super::error::DocxError;

/// The XML parts, as text. Only `document` is mandatory.
pub(crate) struct Package {
    pub document: String,
    pub styles: Option<String>,
    pub settings: Option<String>,
}

pub(crate) fn open(bytes: &[u8]) -> Result<Package, DocxError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let mut part = |name: &str| -> Result<Option<String>, DocxError> {
        let mut file = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(DocxError::NotZip(e.to_string())),
        };
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| DocxError::NotZip(e.to_string()))?;
        Ok(Some(text))
    };
    let document = part("word/document.xml")?.ok_or(DocxError::MissingDocument)?;
    let styles = part("word/styles.xml")?;
    let settings = part("word/settings.xml")?;
    Ok(Package {
        document,
        styles,
        settings,
    })
}
