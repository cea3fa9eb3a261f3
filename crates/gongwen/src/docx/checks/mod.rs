//! The format checks of the .docx list (D01–D11, D13–D16, D18) that can be read from the XML.
//! Each finding points at the paragraph (= line of the extracted text) it concerns.

mod body_format;
mod closing_pages;
mod colophon_format;
pub(super) mod footers;
mod header_format;
pub(super) mod layout;
mod page;
pub(super) mod separator;
mod spacing;
pub(super) mod special_formats;
mod title_format;

use std::collections::HashMap;

use crate::check::Finding;
use crate::model::{Document, SourceRef, Span};
use crate::source::SourceMap;

use super::document::{DocxBody, DocxParagraph};
use super::fonts::Family;
use super::props::{ParaProps, RunProps};
use super::styles::Stylesheet;

/// Tolerance for margins: ±1 mm.
pub(super) const MM1: i32 = 57;
/// 16 pt (3号) in half-points.
pub(super) const SIZE_3HAO: u32 = 32;
/// 22 pt (2号) in half-points.
pub(super) const SIZE_2HAO: u32 = 44;

pub(crate) struct Inputs<'a> {
    pub body: &'a DocxBody,
    pub sheet: &'a Stylesheet,
    pub settings: Option<&'a str>,
    /// Header and footer parts by relationship id.
    pub parts: &'a HashMap<String, String>,
    pub doc: &'a Document,
    pub map: &'a SourceMap<'a>,
}

/// A paragraph with its effective properties.
pub(super) struct Effective<'a> {
    pub para: ParaProps,
    pub runs: Vec<(&'a str, RunProps)>,
}

impl Inputs<'_> {
    pub(super) fn effective(&self, line: usize) -> Option<Effective<'_>> {
        let p: &DocxParagraph = self.body.paragraphs.get(line.checked_sub(1)?)?;
        if p.in_table {
            return None;
        }
        let (base_para, base_run) = self.sheet.paragraph(p.props.style.as_deref());
        let para = base_para.overlay(&p.props);
        let runs = p
            .runs
            .iter()
            .filter(|r| !r.text.trim().is_empty())
            .map(|r| {
                let props = base_run
                    .overlay(&self.sheet.character(r.props.style.as_deref()))
                    .overlay(&r.props);
                (r.text.as_str(), props)
            })
            .collect();
        Some(Effective { para, runs })
    }

    pub(super) fn at_line(&self, line: usize) -> SourceRef {
        self.map.lines[line - 1].at_content()
    }

    pub(super) fn at_start(&self) -> SourceRef {
        self.map.locate(Span::new(0, 0))
    }

    /// The paragraph on a (1-based) line.
    pub(super) fn paragraph(&self, line: usize) -> Option<&DocxParagraph> {
        self.body.paragraphs.get(line.checked_sub(1)?)
    }

    /// The footer part of a type (`default`, `first`, `even`) of the last section: the last
    /// reference of that type, which a section without its own inherits.
    pub(super) fn footer(&self, kind: &str) -> Option<&str> {
        let (_, id) = self
            .body
            .section
            .footers
            .iter()
            .rev()
            .find(|(k, _)| k == kind)?;
        self.parts.get(id).map(String::as_str)
    }

    /// Every header part.
    pub(super) fn headers(&self) -> impl Iterator<Item = &str> {
        self.body
            .section
            .headers
            .iter()
            .filter_map(|(_, id)| self.parts.get(id).map(String::as_str))
    }
}

/// Whether a paragraph holds nothing but (possibly) spaces: no text, table or drawing.
pub(super) fn is_empty(p: &DocxParagraph) -> bool {
    !p.in_table && p.shapes.is_empty() && p.text.trim().is_empty()
}

/// A line of rule characters typed as text (“————”), as text drafts draw separators.
pub(super) fn is_dash_line(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() >= 4
        && t.chars()
            .all(|c| matches!(c, '—' | '─' | '━' | '-' | '_' | '－'))
}

/// A hex colour that is clearly red.
pub(super) fn is_red(color: &str) -> bool {
    let hex = |k: usize| u8::from_str_radix(color.get(k..k + 2).unwrap_or("zz"), 16).ok();
    matches!((hex(0), hex(2), hex(4)), (Some(r), Some(g), Some(b)) if r >= 0xC0 && g <= 0x60 && b <= 0x60)
}

/// Whether a part's XML has a PAGE field (not NUMPAGES or SECTIONPAGES).
pub(super) fn has_page_field(xml: &str) -> bool {
    xml.match_indices("PAGE").any(|(k, _)| {
        let before = xml[..k].chars().next_back();
        let after = xml[k + 4..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic())
            && !after.is_some_and(|c| c.is_ascii_alphabetic())
    })
}

pub(crate) fn run(inputs: &Inputs<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    page::check(inputs, &mut out);
    body_format::check(inputs, &mut out);
    title_format::title(inputs, &mut out);
    title_format::headings(inputs, &mut out);
    header_format::check(inputs, &mut out);
    footers::check(inputs, &mut out);
    closing_pages::check(inputs, &mut out);
    separator::check(inputs, &mut out);
    spacing::check(inputs, &mut out);
    colophon_format::check(inputs, &mut out);
    special_formats::check(inputs, &mut out);
    out
}

pub(super) fn is_black(color: &str) -> bool {
    color.eq_ignore_ascii_case("auto") || color == "000000"
}

/// Describes how the runs differ from a wanted family and size; empty when they don't.
pub(super) fn run_issues(e: &Effective<'_>, family: Family, size: u32) -> Vec<String> {
    let mut issues = Vec::new();
    for (_, r) in &e.runs {
        if let Some(font) = r.east_asia.as_deref()
            && Family::of(font) != Some(family)
        {
            let s = format!("字体为“{font}”");
            if !issues.contains(&s) {
                issues.push(s);
            }
        }
        if let Some(sz) = r.size
            && sz != size
        {
            let s = format!("字号为{}磅", f64::from(sz) / 2.0);
            if !issues.contains(&s) {
                issues.push(s);
            }
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_fields_dashes_and_red() {
        assert!(has_page_field("<w:instrText> PAGE </w:instrText>"));
        assert!(has_page_field(
            r#"<w:fldSimple w:instr="PAGE \* MERGEFORMAT">"#
        ));
        assert!(!has_page_field("<w:instrText> NUMPAGES </w:instrText>"));
        assert!(!has_page_field("<w:t>PAGES</w:t>"));
        assert!(is_dash_line("————————"));
        assert!(!is_dash_line("——"));
        assert!(!is_dash_line("——附件——"));
        assert!(is_red("FF0000") && is_red("E60012"));
        assert!(!is_red("000000") && !is_red("auto") && !is_red("FF9900"));
    }
}
