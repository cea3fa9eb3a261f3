//! Reading .docx files: the paragraphs become the lines of a text draft (so every text check
//! applies, and a finding's line is the paragraph number), and the format checks that can be
//! read from the XML run on the paragraph and section properties.

mod checks;
mod document;
mod error;
mod fonts;
mod package;
mod props;
mod styles;

pub use document::{DocxBody, DocxParagraph, DocxRun, Section, Shape};
pub use error::DocxError;
pub use fonts::Family;
pub use props::{Border, ParaProps, RunProps};

use thiserror::Error;

use crate::check::Report;
use crate::pdf::measure::{self, Page, ReadError};
use crate::source::SourceMap;

/// Checks measured on the rendered pages by [`check_docx_layout`].
pub const LAYOUT: [&str; 6] = ["D10", "D12", "D15", "D16", "D17", "D18"];

/// Why the layout pass could not run.
#[derive(Debug, Error)]
pub enum LayoutError {
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error(transparent)]
    Pdf(#[from] ReadError),
}

/// Format checks implemented on .docx input.
pub const IMPLEMENTED: [&str; 16] = [
    "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09", "D10", "D11", "D13", "D14",
    "D15", "D16", "D18",
];

/// Reads the body of a .docx file: paragraphs (table rows as markdown rows) and page setup.
pub fn read_docx(bytes: &[u8]) -> Result<DocxBody, DocxError> {
    let package = package::open(bytes)?;
    document::parse(&package.document)
}

/// The paragraphs' text, one paragraph a line.
pub fn docx_text(body: &DocxBody) -> String {
    body.paragraphs
        .iter()
        .map(|p| p.text.replace(['\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks a .docx file: every text check on its paragraphs plus the format checks. Line numbers
/// in the report are paragraph numbers (1-based); a table row counts as one paragraph. Spans and
/// fixes refer to the extracted text (`docx_text(&read_docx(bytes)?)`), not to the XML.
pub fn check_docx(bytes: &[u8]) -> Result<Report, DocxError> {
    check_with_pages(bytes, None)
}

/// [`check_docx`] plus the checks that need the laid-out pages ([`LAYOUT`]): `pdf` is the same
/// .docx converted to PDF by a word processor (`soffice --headless --convert-to pdf`, or Word).
/// This library runs no programs; the caller converts. What cannot be found on the pages is not
/// judged.
pub fn check_docx_layout(docx: &[u8], pdf: &[u8]) -> Result<Report, LayoutError> {
    let pages = measure::read(pdf)?;
    Ok(check_with_pages(docx, Some(&pages))?)
}

fn check_with_pages(bytes: &[u8], pages: Option<&[Page]>) -> Result<Report, DocxError> {
    let package = package::open(bytes)?;
    let body = document::parse(&package.document)?;
    let sheet = match package.styles.as_deref() {
        Some(xml) => styles::Stylesheet::parse(xml)?,
        None => styles::Stylesheet::default(),
    };
    let text = docx_text(&body);
    let mut report = crate::check_text(&text);
    let map = SourceMap::new(&text);
    let inputs = checks::Inputs {
        body: &body,
        sheet: &sheet,
        settings: package.settings.as_deref(),
        parts: &package.headers_footers,
        doc: &report.document,
        map: &map,
    };
    let mut extra = checks::run(&inputs);
    if let Some(pages) = pages {
        extra.extend(checks::layout::run(&inputs, pages));
    }
    report.findings.extend(extra);
    report.findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    Ok(report)
}
