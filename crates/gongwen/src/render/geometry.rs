//! GB/T 9704-2012 page geometry (5.1, 5.2, 7.5) in the units OOXML uses: twips (1/20 pt) for
//! lengths, half-points for font sizes, eighths of a point for border widths.

/// A4 portrait, 210 × 297 mm.
pub(crate) const PAGE_WIDTH: u32 = 11906;
pub(crate) const PAGE_HEIGHT: u32 = 16838;
/// 天头 37 mm.
pub(crate) const MARGIN_TOP: i32 = 2098;
/// 订口 28 mm.
pub(crate) const MARGIN_LEFT: i32 = 1588;
/// What the 156 mm wide 版心 leaves on the right: 26 mm.
pub(crate) const MARGIN_RIGHT: i32 = 1474;
/// What the 225 mm high 版心 leaves at the bottom: 35 mm.
pub(crate) const MARGIN_BOTTOM: i32 = 1984;
/// 版心 width, 156 mm.
pub(crate) const TEXT_WIDTH: i32 = PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT;

/// 22 lines fill the 225 mm 版心: 28.95 pt a line.
pub(crate) const LINE_PITCH: i32 = 579;
/// 字号 in half-points (GONGWEN.md §2.3).
pub(crate) const SIZE_2HAO: usize = 44;
pub(crate) const SIZE_3HAO: usize = 32;
pub(crate) const SIZE_4HAO: usize = 28;

/// One character of 3号 (16 pt) and of 4号 (14 pt), the units the standard indents in.
pub(crate) const CHAR_3HAO: i32 = 320;
pub(crate) const CHAR_4HAO: i32 = 280;

pub(crate) const fn mm(millimetres: f64) -> i32 {
    (millimetres * 56.693 + 0.5) as i32
}

/// Width of a line of 3号 text in twips: Chinese characters take a full em, Latin letters and
/// digits (set in Times New Roman) about half of one.
pub(crate) fn text_width(text: &str) -> i32 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                CHAR_3HAO / 2
            } else {
                CHAR_3HAO
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_area_is_156_by_225_mm() {
        assert!((TEXT_WIDTH - mm(156.0)).abs() <= 2);
        let height = PAGE_HEIGHT as i32 - MARGIN_TOP - MARGIN_BOTTOM;
        assert!((height - mm(225.0)).abs() <= 2);
        assert!((22 * LINE_PITCH - height).abs() < LINE_PITCH / 4);
    }

    #[test]
    fn widths_count_half_width_digits_as_half() {
        assert_eq!(text_width("2024年1月5日"), 6 * 160 + 3 * 320);
    }
}
