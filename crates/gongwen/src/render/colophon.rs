//! 版记 (GB/T 9704-2012 7.4): 抄送机关 and 印发机关和印发日期 between rules, thick first and
//! last, thin between, the last rule on the bottom edge of the 版心 of the last page.
//!
//! The 版记 is one frame anchored to the bottom of the 版心 (consecutive paragraphs with the same
//! `w:framePr` share a frame; the text above flows around it). The rules are filled paragraphs
//! as high as the rule is thick rather than paragraph borders: LibreOffice drops a frame whose
//! paragraphs carry borders, and with it both the anchoring and the rules.

use docx_rs::{Paragraph, Run, Shading, SpecialIndentType, Tab, TabValueType};

use crate::model::Document;

use super::Block;
use super::geometry::{CHAR_4HAO, LINE_PITCH, SIZE_4HAO, TEXT_WIDTH};
use super::options::Format;
use super::style::{BLACK, Face, exact, run};

/// 0.35 mm and 0.25 mm, the recommended widths, in twips.
const THICK: i32 = 20;
const THIN: i32 = 14;
/// “抄送：” is three characters; wrapped names line up after the colon.
const COPY_LABEL: i32 = 3 * CHAR_4HAO;

pub(super) fn colophon(doc: &Document, format: Format) -> Vec<Block> {
    let letter = format == Format::Letter;
    let printing = if letter { None } else { doc.printing.as_ref() };
    if doc.copy_to.is_none() && printing.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // 10.1: the 信函's 版记 has no rules.
    if !letter {
        out.push(rule(THICK));
    }
    if let Some(c) = &doc.copy_to {
        let rest = c
            .text
            .strip_prefix("抄送：")
            .map_or(c.text.as_str(), str::trim_start);
        out.push(
            text_line()
                .indent(
                    Some(CHAR_4HAO + COPY_LABEL),
                    Some(SpecialIndentType::Hanging(COPY_LABEL)),
                    Some(CHAR_4HAO),
                    None,
                )
                .add_run(run("抄送：", Face::FangSong, SIZE_4HAO))
                .add_run(run(rest, Face::FangSong, SIZE_4HAO)),
        );
        if printing.is_some() {
            out.push(rule(THIN));
        }
    }
    if let Some(p) = printing {
        let (organ, date) = match &p.value {
            Some(v) => (
                v.organ.clone(),
                v.date.map_or_else(String::new, |d| format!("{d}印发")),
            ),
            None => (p.text.clone(), String::new()),
        };
        out.push(
            text_line()
                .indent(Some(CHAR_4HAO), None, None, None)
                .add_tab(
                    Tab::new()
                        .val(TabValueType::Right)
                        .pos((TEXT_WIDTH - CHAR_4HAO) as usize),
                )
                .add_run(run(&organ, Face::FangSong, SIZE_4HAO))
                .add_run(run("", Face::FangSong, SIZE_4HAO).add_tab())
                .add_run(run(&date, Face::FangSong, SIZE_4HAO)),
        );
    }
    if !letter {
        out.push(rule(THICK));
    }
    out.into_iter()
        .map(|p| Block::from(at_page_bottom(p)))
        .collect()
}

fn text_line() -> Paragraph {
    Paragraph::new()
        .line_spacing(exact(LINE_PITCH))
        .snap_to_grid(false)
}

/// A rule `thickness` twips thick: an empty paragraph that high, filled black.
fn rule(thickness: i32) -> Paragraph {
    let mut p = Paragraph::new()
        .line_spacing(exact(thickness))
        .snap_to_grid(false);
    p.property = p.property.shading(Shading::new().color("auto").fill(BLACK));
    p.add_run(Run::new().size(2))
}

fn at_page_bottom(p: Paragraph) -> Paragraph {
    p.wrap("around")
        .h_anchor("margin")
        .v_anchor("margin")
        .x_align("center")
        .y_align("bottom")
        .frame_width(TEXT_WIDTH as u32)
}
