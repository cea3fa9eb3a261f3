//! Fonts and the paragraph shapes every part of the layout is built from.

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType,
};

use super::geometry::{CHAR_3HAO, LINE_PITCH, SIZE_3HAO};

/// Red of the 版头 (GB/T 9704 6.3 prints it Y80 % M80 %; on screen and in Word pure red).
pub(crate) const RED: &str = "FF0000";
pub(crate) const BLACK: &str = "000000";

/// The typefaces the standard names, under the font names offices have installed, so Word on
/// an office machine shows the real faces rather than a substitute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    FangSong,
    KaiTi,
    HeiTi,
    XiaoBiaoSong,
    SongTi,
}

impl Face {
    pub(crate) fn east_asia(self) -> &'static str {
        match self {
            Self::FangSong => "仿宋_GB2312",
            Self::KaiTi => "楷体_GB2312",
            Self::HeiTi => "黑体",
            Self::XiaoBiaoSong => "方正小标宋简体",
            Self::SongTi => "宋体",
        }
    }

    /// Digits and Latin letters: Times New Roman is office practice, except that page numbers
    /// are 宋体 by the standard (7.5).
    fn latin(self) -> &'static str {
        match self {
            Self::SongTi => "宋体",
            _ => "Times New Roman",
        }
    }

    pub(crate) fn fonts(self) -> RunFonts {
        RunFonts::new()
            .east_asia(self.east_asia())
            .ascii(self.latin())
            .hi_ansi(self.latin())
            .cs(self.latin())
    }
}

/// A run of text in one face and size, black unless coloured later.
/// 3号 text is drawn 0.25 pt tighter: 28 characters of 16 pt are 448 pt, the 版心 is 442 pt
/// wide, and the standard wants 28 characters a line.
pub(crate) fn run(text: &str, face: Face, size: usize) -> Run {
    let run = Run::new()
        .add_text(text)
        .fonts(face.fonts())
        .size(size)
        .color(BLACK);
    if size == SIZE_3HAO {
        run.character_spacing(TIGHTEN_3HAO)
    } else {
        run
    }
}

/// −0.25 pt in twentieths of a point.
const TIGHTEN_3HAO: i32 = -5;

/// The fixed line pitch that gives 22 lines a page.
pub(crate) fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(twips)
        .before(0)
        .after(0)
}

/// A paragraph on the 22-line grid with nothing set but the pitch.
pub(crate) fn line() -> Paragraph {
    Paragraph::new().line_spacing(exact(LINE_PITCH))
}

/// An empty line of the grid: the standard counts its distances in these (空一行, 空二行).
pub(crate) fn blank() -> Paragraph {
    line().add_run(Run::new().fonts(Face::FangSong.fonts()).size(SIZE_3HAO))
}

pub(crate) fn blanks(n: usize) -> impl Iterator<Item = Paragraph> {
    (0..n).map(|_| blank())
}

/// A line of 3号 text with the body's 2-character first-line indent.
pub(crate) fn indented() -> Paragraph {
    line().indent(
        None,
        Some(SpecialIndentType::FirstLine(2 * CHAR_3HAO)),
        None,
        None,
    )
}

pub(crate) fn centred() -> Paragraph {
    line().align(AlignmentType::Center)
}

/// A drawn rule: an empty paragraph `height` twips high whose bottom border is the line, so
/// the rule spans exactly the paragraph's width.
pub(crate) fn rule(height: i32, border: BorderType, eighths: usize, color: &str) -> Paragraph {
    let p = Paragraph::new()
        .line_spacing(exact(height))
        .snap_to_grid(false);
    bottom_border(p, border, eighths, 0, color).add_run(Run::new().size(2))
}

/// A bottom border and no other: `space` points below the text, `eighths` of a point wide.
pub(crate) fn bottom_border(
    mut p: Paragraph,
    border: BorderType,
    eighths: usize,
    space: usize,
    color: &str,
) -> Paragraph {
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(border)
                .size(eighths)
                .space(space)
                .color(color),
        ),
    );
    p
}
