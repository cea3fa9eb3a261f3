//! 公文 (official documents of Party and government organs): the element model of the 条例
//! (2012), reading of text drafts and .docx files, and the 规范 checker for GB/T 9704-2012 and the
//! 条例. [`check_text`] runs the text checks (T codes), [`check_docx`] adds the format checks that
//! can be read from the .docx XML (D codes), [`check_docx_layout`] adds those measured on the
//! pages of the same file converted to PDF, [`apply_fixes`] applies the certain corrections.
//!
//! ```
//! let draft = "关于做好防汛工作的通知\n\n各区人民政府:\n　　请认真贯彻执行。\n";
//! let report = sanban_gongwen::check_text(draft);
//! let f = &report.findings[0];
//! assert_eq!((f.code, f.line, f.severity.label()), ("T08", 3, "错误"));
//! let fixed = sanban_gongwen::apply_fixes(draft, &report.findings);
//! assert!(fixed.contains("各区人民政府：\n"));
//! ```

pub mod check;
pub mod docx;
mod fix;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod render;
mod source;

pub use check::{Finding, Fix, Report, Severity};
pub use docx::{DocxError, LayoutError, check_docx, check_docx_layout};
pub use fix::apply_fixes;
pub use model::{
    ChineseDate, Classification, Direction, DocKind, Document, ElementKind, IssuingNumber,
    IssuingNumberError, Urgency,
};
pub use pdf::{
    FormRow, FormSheet, PdfError, PdfOutput, PdfRenderer, PeriodicalArticle, PeriodicalSheet,
};
pub use render::{RenderError, RenderOptions, render_docx};

/// Parses a plain-text or markdown draft and runs every text check on it.
pub fn check_text(source: &str) -> Report {
    let map = source::SourceMap::new(source);
    let document = parse::parse_map(&map);
    let findings = check::run(&map, &document);
    Report { document, findings }
}
