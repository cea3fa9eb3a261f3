//! Rendering a [`Document`] as a .docx laid out by GB/T 9704-2012: A4, the 156 × 225 mm 版心
//! with 22 lines of 28 characters, the 版头 with its red mark and separator, the 主体, the
//! 版记 with its rules after it, and page numbers on alternate sides. The fonts are named
//! as offices install them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312).
//!
//! The output reads back through [`check_docx`](crate::check_docx) without findings for a
//! draft that has none, and the paragraphs are the lines of the draft, so the text checks see
//! the same document.

mod attachments;
pub(crate) mod body;
mod closing;
mod colophon;
mod footer;
mod geometry;
pub(crate) mod header;
mod options;
mod style;

use std::io::Cursor;

use docx_rs::{DocGrid, DocGridType, Docx, Header, PageMargin, Paragraph, Table};
use thiserror::Error;

use crate::model::Document;

pub use options::{Format, RenderOptions, Seal};

/// Why a document could not be rendered.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("公文没有可排版的内容：标题、发文机关标志和正文都为空。")]
    Empty,
    #[error("无法生成 .docx 文件：{0}")]
    Pack(String),
}

/// One block of the document body.
pub(crate) enum Block {
    P(Box<Paragraph>),
    T(Box<Table>),
}

impl From<Paragraph> for Block {
    fn from(p: Paragraph) -> Self {
        Block::P(Box::new(p))
    }
}

impl From<Table> for Block {
    fn from(t: Table) -> Self {
        Block::T(Box::new(t))
    }
}

/// Lays `doc` out as a .docx file.
pub fn render_docx(doc: &Document, opts: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    if doc.title.is_none() && doc.issuer_marks.is_empty() && doc.body.is_empty() {
        return Err(RenderError::Empty);
    }
    let format = opts.format_for(doc);
    let mut blocks = Vec::new();
    let mut title_is_mark = false;
    if format == Format::Letter {
        blocks.extend(header::letter_block(doc));
    } else {
        let (head, from_title) = header::head(doc, format);
        blocks.extend(head);
        title_is_mark = from_title;
    }
    if !title_is_mark {
        blocks.extend(body::title(doc));
    }
    blocks.extend(body::recipients(doc));
    if doc.recipients.is_none() && doc.title.is_some() && !title_is_mark {
        blocks.push(Block::from(style::blank()));
    }
    let mut paragraphs = doc.body.as_slice();
    if format == Format::Order
        && let Some((first, rest)) = paragraphs.split_first()
        && header::is_order_number(&first.text)
    {
        paragraphs = rest;
    }
    blocks.extend(body::text(
        paragraphs,
        &doc.tables,
        format == Format::Minutes,
    ));
    if let Some(note) = &doc.attachment_note {
        blocks.extend(closing::attachment_note(note));
    }
    let signature = closing::signature(doc, format, opts.seal);
    if !signature.is_empty() {
        keep_with_next(&mut blocks);
    }
    blocks.extend(signature);
    blocks.extend(closing::notes(doc));
    for a in &doc.attachments {
        blocks.extend(attachments::page(a));
    }
    blocks.extend(colophon::colophon(doc, format));
    pack(assemble(blocks, doc, format))
}

/// Keeps the last paragraph on the page of what follows it.
fn keep_with_next(blocks: &mut [Block]) {
    if let Some(Block::P(p)) = blocks.last_mut() {
        let taken = std::mem::take(p.as_mut());
        **p = taken.keep_next(true);
    }
}

fn assemble(blocks: Vec<Block>, doc: &Document, format: Format) -> Docx {
    use geometry::*;
    let header_distance = if format == Format::Letter {
        mm(30.0)
    } else {
        PageMargin::new().header
    };
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .bottom(MARGIN_BOTTOM)
                .header(header_distance)
                .footer(footer::FOOTER_DISTANCE)
                .gutter(0),
        )
        .default_fonts(style::Face::FangSong.fonts())
        .default_size(SIZE_3HAO)
        .default_line_spacing(style::exact(LINE_PITCH));
    docx.document.section_property = docx.document.section_property.clone().doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE_PITCH as usize),
    );
    for block in blocks {
        docx = match block {
            Block::P(p) => docx.add_paragraph(*p),
            Block::T(t) => docx.add_table(*t),
        };
    }
    docx = docx.footer(footer::odd()).even_footer(footer::even());
    if format == Format::Letter {
        let head = header::letter_head(doc)
            .into_iter()
            .fold(Header::new(), Header::add_paragraph);
        docx = docx.first_header(head).first_footer(footer::letter_first());
    }
    docx
}

fn pack(docx: Docx) -> Result<Vec<u8>, RenderError> {
    let mut out = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| RenderError::Pack(e.to_string()))?;
    Ok(out.into_inner())
}
