//! 页码 (GB/T 9704-2012 7.5): “— 1 —” in 4号 宋体 below the 版心, the dashes 7 mm below its
//! bottom edge; odd pages right with a 1-character indent, even pages left. The 信函 puts its
//! lower red double line in the first page's footer instead (10.1).

use docx_rs::{
    AlignmentType, BorderType, FieldCharType, Footer, InstrPAGE, InstrText, Paragraph, Run,
};

use super::geometry::{CHAR_4HAO, MARGIN_BOTTOM, SIZE_4HAO, TEXT_WIDTH, mm};
use super::style::{Face, RED, bottom_border, exact};

/// Footers sit 20 mm above the page edge, where the 信函's lower double line goes; the page
/// number is lifted from there to its own place.
pub(super) const FOOTER_DISTANCE: i32 = mm(20.0);

/// The page number line is one 4号 em high; its middle (the dashes) 7 mm below the 版心.
const NUMBER_HEIGHT: i32 = CHAR_4HAO;

fn number_paragraph() -> Paragraph {
    let dash_from_edge = MARGIN_BOTTOM - mm(7.0);
    let after = dash_from_edge - FOOTER_DISTANCE - NUMBER_HEIGHT / 2;
    let text = |t: &str| {
        Run::new()
            .add_text(t)
            .fonts(Face::SongTi.fonts())
            .size(SIZE_4HAO)
    };
    Paragraph::new()
        .snap_to_grid(false)
        .line_spacing(exact(NUMBER_HEIGHT).after(after.max(0) as u32))
        .add_run(text("— "))
        .add_run(
            Run::new()
                .fonts(Face::SongTi.fonts())
                .size(SIZE_4HAO)
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(text(" —"))
}

pub(super) fn odd() -> Footer {
    Footer::new().add_paragraph(number_paragraph().align(AlignmentType::Right).indent(
        None,
        None,
        Some(CHAR_4HAO),
        None,
    ))
}

pub(super) fn even() -> Footer {
    Footer::new().add_paragraph(number_paragraph().align(AlignmentType::Left).indent(
        Some(CHAR_4HAO),
        None,
        None,
        None,
    ))
}

/// The 信函's first page: no number, and the red double line (thin over thick), 170 mm long,
/// 20 mm above the bottom edge of the page.
pub(super) fn letter_first() -> Footer {
    let overhang = -(mm(170.0) - TEXT_WIDTH) / 2;
    let p = Paragraph::new()
        .snap_to_grid(false)
        .line_spacing(exact(20))
        .indent(Some(overhang), None, Some(overhang), None);
    let p = bottom_border(p, BorderType::ThinThickSmallGap, 24, 0, RED);
    Footer::new().add_paragraph(p.add_run(Run::new().size(2)))
}
