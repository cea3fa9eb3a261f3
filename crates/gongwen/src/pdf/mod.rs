//! Rendering a [`Document`] as PDF through typst, with the geometry of
//! [`render_docx`](crate::render_docx): GB/T 9704-2012's A4 page, 版心, 22 lines of 28
//! characters, 版头, 主体, 版记 and page numbers, and the 信函, 令 and 纪要 formats.
//!
//! Fonts are scanned once into a [`PdfRenderer`], which then renders any number of documents.
//! Each face the standard's practice names (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体)
//! is mapped to the best family installed, and every substitution is reported as a D19 finding.
//! A document with a character no installed font can show is refused rather than printed with
//! an empty box.

mod body;
mod faces;
mod fonts;
mod form;
mod glyphs;
mod head;
mod markup;
pub mod measure;
mod periodical;
mod preamble;
mod world;

use std::path::PathBuf;

use thiserror::Error;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

use crate::check::{Finding, Severity};
use crate::model::{Document, ElementKind};
use crate::render::{Format, RenderOptions, header};

pub use faces::{Face, FaceChoice, Weight};
pub use form::{FormRow, FormSheet};
pub use periodical::{PeriodicalArticle, PeriodicalSheet};

/// Why a PDF could not be made.
#[derive(Debug, Error)]
pub enum PdfError {
    #[error(
        "本机没有可用的中文字体，无法排版 PDF。请安装 Noto CJK 字体（Debian/Ubuntu：apt-get install fonts-noto-cjk），\
         或把仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312 等字体文件放入字体目录（--fonts 目录）。"
    )]
    NoCjkFont,
    #[error("公文没有可排版的内容：标题、发文机关标志和正文都为空。")]
    Empty,
    #[error("以下字符在本机所有字体中都没有字形，排版会显示为空框：{}。请安装含这些字符的字体或修改稿件。", .0.iter().map(|c| format!("“{c}”（U+{:04X}）", *c as u32)).collect::<Vec<_>>().join("、"))]
    MissingGlyphs(Vec<char>),
    #[error("排版失败：{0}")]
    Typst(String),
}

/// A rendered PDF and what the renderer has to say about it.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// D19: the font substitutions used, and characters taken from another font.
    pub findings: Vec<Finding>,
}

/// Fonts scanned once, the typst library, and the face → family choices; reusable for any
/// number of documents.
pub struct PdfRenderer {
    fonts: fonts::FontStore,
    book: LazyHash<typst::text::FontBook>,
    library: LazyHash<Library>,
    choices: Vec<FaceChoice>,
    latin: Option<String>,
}

impl PdfRenderer {
    /// Scans the system font directories (fontconfig's, and TeX Live's Fandol folder) and
    /// `extra`, the directory where an office keeps its licensed fonts. Fonts in `extra` win over
    /// system fonts of the same name.
    pub fn new(extra: Option<PathBuf>) -> Result<Self, PdfError> {
        Self::with_dirs(extra.into_iter().collect(), true)
    }

    /// Only the given directories (and the system ones when `system`).
    pub fn with_dirs(dirs: Vec<PathBuf>, system: bool) -> Result<Self, PdfError> {
        let fonts = fonts::FontStore::scan(&dirs, system);
        let choices = faces::choose(&fonts).ok_or(PdfError::NoCjkFont)?;
        let latin = faces::LATIN_FAMILIES
            .iter()
            .find(|f| fonts.has_family(f))
            .map(|f| f.to_string());
        Ok(Self {
            book: LazyHash::new(fonts.book.clone()),
            fonts,
            library: LazyHash::new(Library::builder().build()),
            choices,
            latin,
        })
    }

    /// The family chosen for each face.
    pub fn choices(&self) -> &[FaceChoice] {
        &self.choices
    }

    /// The Times-like family used for Latin letters and digits, if any is installed.
    pub fn latin_family(&self) -> Option<&str> {
        self.latin.as_deref()
    }

    /// One line per face for a report, e.g. “仿宋_GB2312 → FandolFang R”.
    pub fn substitution_lines(&self) -> Vec<String> {
        self.choices.iter().map(FaceChoice::describe).collect()
    }

    /// Lays `doc` out as a PDF.
    pub fn render(&self, doc: &Document, opts: &RenderOptions) -> Result<PdfOutput, PdfError> {
        let markup = self.markup(doc, opts)?;
        let mut findings = self.substitution_findings();
        findings.extend(glyphs::check(
            &self.fonts,
            &self.choices,
            self.latin.as_deref(),
            &markup.used,
        )?);
        let (pdf, pages) = self.compile_paged(markup.out)?;
        Ok(PdfOutput {
            pdf,
            pages,
            findings,
        })
    }

    fn compile(&self, source: String) -> Result<Vec<u8>, PdfError> {
        Ok(self.compile_paged(source)?.0)
    }

    /// Compiles typst source with the scanned fonts: the PDF and its page count.
    fn compile_paged(&self, source: String) -> Result<(Vec<u8>, usize), PdfError> {
        let joined = |errs: &[typst::diag::SourceDiagnostic]| {
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("；")
        };
        let world = world::DocWorld::new(&self.library, &self.book, &self.fonts, source);
        let compiled = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| PdfError::Typst(joined(&errs)))?;
        // typst memoises layouts across compilations; keep only what recent documents used so a
        // long-running server does not grow without bound.
        typst::comemo::evict(10);
        let pages = compiled.pages().len();
        let pdf = typst_pdf::pdf(&compiled, &typst_pdf::PdfOptions::default())
            .map_err(|errs| PdfError::Typst(joined(&errs)))?;
        Ok((pdf, pages))
    }

    /// The typst source for `doc` (for inspection and tests).
    pub fn typst_source(&self, doc: &Document, opts: &RenderOptions) -> Result<String, PdfError> {
        Ok(self.markup(doc, opts)?.out)
    }

    fn markup(&self, doc: &Document, opts: &RenderOptions) -> Result<markup::Markup, PdfError> {
        if doc.title.is_none() && doc.issuer_marks.is_empty() && doc.body.is_empty() {
            return Err(PdfError::Empty);
        }
        let format = opts.format_for(doc);
        let title_text = doc.title.as_ref().map_or("公文", |t| t.text.as_str());
        let mut m = markup::Markup::default();
        m.raw(&preamble::preamble(
            &self.choices,
            self.latin.as_deref(),
            title_text,
            format != Format::Letter,
        ));
        let mut title_is_mark = false;
        if format == Format::Letter {
            head::letter(&mut m, doc);
        } else {
            title_is_mark = head::head(&mut m, doc, format);
        }
        if !title_is_mark {
            body::title(&mut m, doc);
        }
        body::recipients(&mut m, doc, doc.title.is_some() && !title_is_mark);
        let mut paragraphs = doc.body.as_slice();
        if format == Format::Order
            && let Some((first, rest)) = paragraphs.split_first()
            && header::is_order_number(&first.text)
        {
            paragraphs = rest;
        }
        let signature = body::signature(&mut m, doc, format, opts.seal);
        // The 署名 keeps the last line of text on its page (7.3.5.5); a table or the 附件说明
        // goes with it whole.
        let keep_last = signature.is_some() && doc.attachment_note.is_none();
        let (text, last) = match (keep_last, paragraphs.split_last()) {
            (true, Some((last, text)))
                if doc
                    .tables
                    .iter()
                    .all(|t| t.rows.first().is_none_or(|r| r.at.line < last.at.line)) =>
            {
                (text, Some(last))
            }
            _ => (paragraphs, None),
        };
        body::text(&mut m, text, &doc.tables, format == Format::Minutes);
        m.raw("#block(breakable: false, width: 100%)[\n");
        if let Some(last) = last {
            body::paragraph(&mut m, last, format == Format::Minutes);
        }
        if let Some(note) = &doc.attachment_note {
            body::attachment_note(&mut m, note);
        }
        if let Some(s) = signature {
            m.raw("#{\n").raw(&s).raw("}\n");
        }
        m.raw("]\n");
        body::notes(&mut m, doc);
        for a in &doc.attachments {
            body::attachment(&mut m, a);
        }
        body::colophon(&mut m, doc, format);
        Ok(m)
    }

    fn substitution_findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        for c in &self.choices {
            if c.substituted || c.missing_bold {
                out.push(Finding::document(
                    "D19",
                    Severity::Warning,
                    ElementKind::Document,
                    format!(
                        "本机未安装{}，以 {} 代替。",
                        c.face.required(),
                        c.substitute_label()
                    ),
                    "GB/T 9704-2012 5.2.2；具体字体为单位惯例",
                ));
            }
        }
        if self.latin.is_none() {
            out.push(Finding::document(
                "D19",
                Severity::Hint,
                ElementKind::Document,
                "本机没有 Times New Roman 或同度量字体（如 Liberation Serif），数字和字母用中文字体自带的字形。",
                "惯例",
            ));
        }
        out
    }
}
