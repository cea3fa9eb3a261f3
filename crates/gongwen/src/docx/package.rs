//! The parts of a .docx package this reader needs.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::error::DocxError;

/// The XML parts, as text. Only `document` is mandatory.
pub(crate) struct Package {
    pub document: String,
    pub styles: Option<String>,
    pub settings: Option<String>,
    /// Header and footer parts by relationship id. A part that is missing or unreadable is
    /// left out.
    pub headers_footers: HashMap<String, String>,
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
    let rels = part("word/_rels/document.xml.rels")?;
    let mut headers_footers = HashMap::new();
    for (id, target) in rels
        .as_deref()
        .map(header_footer_targets)
        .unwrap_or_default()
    {
        let name = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("word/{target}"),
        };
        if let Ok(Some(xml)) = part(&name) {
            headers_footers.insert(id, xml);
        }
    }
    Ok(Package {
        document,
        styles,
        settings,
        headers_footers,
    })
}

/// (Id, Target) of the header and footer relationships.
fn header_footer_targets(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(ref e) | Event::Empty(ref e)
                if e.local_name().as_ref() == "Relationship" =>
            {
                let get = |k: &str| super::props::attr(e, k);
                let kind = get("Type").unwrap_or_default();
                if (kind.ends_with("/footer") || kind.ends_with("/header"))
                    && let (Some(id), Some(target)) = (get("Id"), get("Target"))
                {
                    out.push((id, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}
