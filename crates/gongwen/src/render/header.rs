//! 版头 (GB/T 9704-2012 7.2) and the heads of the 令 and 纪要 formats (10.2, 10.3): 份号,
//! 密级, 紧急程度, 发文机关标志, 发文字号, 签发人 and the red separator.

use docx_rs::{AlignmentType, BorderType, Paragraph, Tab, TabValueType};

use crate::model::Document;

use super::Block;
use super::geometry::{CHAR_3HAO, LINE_PITCH, SIZE_2HAO, SIZE_3HAO, TEXT_WIDTH, mm};
use super::options::Format;
use super::style::{Face, RED, blank, blanks, bottom_border, centred, exact, line, rule, run};

/// The mark's size is not fixed by the standard; 小初 (36 pt) is common, smaller when the
/// name would not fit on one line of the 版心.
const MARK_MAX_PT: i32 = 36;
const MARK_MIN_PT: i32 = 22;

/// Red separator: practice is 0.35–0.5 mm; 1.5 pt is 0.53 mm.
const SEPARATOR_EIGHTHS: usize = 12;

/// The 份号, 密级 and 紧急程度 lines, flush left in that order (7.2.1–7.2.3).
pub(super) fn security_block(doc: &Document) -> Vec<Paragraph> {
    let mut out = Vec::new();
    if let Some(f) = &doc.copy_number {
        out.push(line().add_run(run(&f.text, Face::FangSong, SIZE_3HAO)));
    }
    if let Some(f) = &doc.classification {
        let text = f.value.map_or_else(|| f.text.clone(), |c| c.to_string());
        out.push(line().add_run(run(&text, Face::HeiTi, SIZE_3HAO)));
    }
    if let Some(f) = &doc.urgency {
        out.push(line().add_run(run(&f.text, Face::HeiTi, SIZE_3HAO)));
    }
    out
}

/// The 版头 of the 文件, 令 and 纪要 formats. Returns the blocks and whether the mark came from
/// the title (令 and 纪要 drafts often have no separate mark: the title is the mark).
pub(super) fn head(doc: &Document, format: Format) -> (Vec<Block>, bool) {
    let mut out: Vec<Block> = Vec::new();
    let top = security_block(doc);
    let lines_above = top.len() as i32;
    out.extend(top.into_iter().map(Block::from));
    let title_is_mark = doc.issuer_marks.is_empty() && format != Format::Standard;
    let marks: Vec<String> = if title_is_mark {
        doc.title
            .as_ref()
            .map(|t| t.lines.iter().map(|l| l.text.clone()).collect())
            .unwrap_or_default()
    } else {
        doc.issuer_marks.iter().map(|m| m.text.clone()).collect()
    };
    if marks.is_empty() && doc.issuing_number.is_none() {
        return (out, false);
    }
    // 7.2.4: top edge 35 mm below the 版心's; 10.2: 20 mm for the 令.
    let from_top = if format == Format::Order {
        mm(20.0)
    } else {
        mm(35.0)
    };
    let before = (from_top - lines_above * LINE_PITCH).max(0);
    // A 纪要 whose title is its mark keeps the title's 2号, the size the standard gives titles.
    let fixed = (title_is_mark && format == Format::Minutes).then_some(SIZE_2HAO);
    for (k, text) in marks.iter().enumerate() {
        let mut p = mark(text, fixed);
        if k == 0 {
            p = p.line_spacing(exact(mark_height(text, fixed)).before(before as u32));
        }
        out.push(Block::from(p));
    }
    match format {
        Format::Order => {
            if let Some(number) = order_number(doc) {
                out.extend(blanks(2).map(Block::from));
                out.push(Block::from(centred().add_run(run(
                    &number,
                    Face::FangSong,
                    SIZE_3HAO,
                ))));
            }
            out.extend(blanks(2).map(Block::from));
        }
        _ => {
            if doc.issuing_number.is_some() || doc.signers.is_some() {
                out.extend(blanks(2).map(Block::from));
                out.push(Block::from(number_line(doc)));
            }
            out.push(Block::from(rule(
                mm(4.0),
                BorderType::Single,
                SEPARATOR_EIGHTHS,
                RED,
            )));
            out.extend(blanks(2).map(Block::from));
        }
    }
    (out, title_is_mark)
}

/// 令号: a “第N号” line opening the body, or else the 发文字号.
pub(crate) fn order_number(doc: &Document) -> Option<String> {
    doc.body
        .first()
        .filter(|p| is_order_number(&p.text))
        .map(|p| p.text.clone())
        .or_else(|| doc.issuing_number.as_ref().map(|n| n.text.clone()))
}

pub(crate) fn is_order_number(text: &str) -> bool {
    text.strip_prefix('第')
        .and_then(|t| t.strip_suffix('号'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Mark size in half-points: the largest up to 小初 that keeps the line inside the 版心.
fn mark_size(text: &str, fixed: Option<usize>) -> usize {
    if let Some(size) = fixed {
        return size;
    }
    let chars = text.chars().count().max(1) as i32;
    let fit = TEXT_WIDTH / 20 / chars;
    (fit.clamp(MARK_MIN_PT, MARK_MAX_PT) * 2) as usize
}

/// A line exactly one em high, so that the glyphs' top edge is the line's top edge and the
/// 35 mm can be measured to it.
fn mark_height(text: &str, fixed: Option<usize>) -> i32 {
    mark_size(text, fixed) as i32 * 10
}

pub(super) fn mark(text: &str, fixed: Option<usize>) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .snap_to_grid(false)
        .line_spacing(exact(mark_height(text, fixed)))
        .add_run(run(text, Face::XiaoBiaoSong, mark_size(text, fixed)).color(RED))
}

/// 发文字号, centred; with 签发人 (上行文) the number moves left with a 1-character indent and
/// the 签发人 goes right, 1 character from the edge, on the same line (7.2.5, 7.2.6).
fn number_line(doc: &Document) -> Paragraph {
    let number = doc.issuing_number.as_ref().map(|n| {
        n.value
            .as_ref()
            .map_or_else(|| n.text.clone(), ToString::to_string)
    });
    let Some(signers) = &doc.signers else {
        return centred().add_run(run(&number.unwrap_or_default(), Face::FangSong, SIZE_3HAO));
    };
    let names = signers
        .value
        .as_ref()
        .map(|v| v.join("　"))
        .unwrap_or_default();
    let mut p = line().indent(Some(CHAR_3HAO), None, None, None).add_tab(
        Tab::new()
            .val(TabValueType::Right)
            .pos((TEXT_WIDTH - CHAR_3HAO) as usize),
    );
    if let Some(number) = number {
        p = p.add_run(run(&number, Face::FangSong, SIZE_3HAO));
    }
    p.add_run(run("", Face::FangSong, SIZE_3HAO).add_tab())
        .add_run(run("签发人：", Face::FangSong, SIZE_3HAO))
        .add_run(run(&names, Face::KaiTi, SIZE_3HAO))
}

/// The 信函 head, set in the first page's header so that it is measured from the page edge:
/// the mark 30 mm from the top, the red double line (thick over thin) 4 mm below it, 170 mm
/// long (10.1).
pub(super) fn letter_head(doc: &Document) -> Vec<Paragraph> {
    let text = doc
        .issuer_marks
        .first()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    let overhang = -(mm(170.0) - TEXT_WIDTH) / 2;
    let p = mark(&text, None).indent(Some(overhang), None, Some(overhang), None);
    // 4 mm is 11 pt, the border's distance from the text.
    vec![bottom_border(p, BorderType::ThickThinSmallGap, 24, 11, RED)]
}

/// The 信函's first lines under the double line: 份号, 密级, 紧急程度 flush left, then the
/// 发文字号 flush right (10.1), then the gap before the title.
pub(super) fn letter_block(doc: &Document) -> Vec<Block> {
    let mut out: Vec<Block> = security_block(doc).into_iter().map(Block::from).collect();
    if let Some(n) = &doc.issuing_number {
        let text = n
            .value
            .as_ref()
            .map_or_else(|| n.text.clone(), ToString::to_string);
        out.push(Block::from(
            line()
                .align(AlignmentType::Right)
                .add_run(run(&text, Face::FangSong, SIZE_3HAO)),
        ));
    }
    if !out.is_empty() {
        out.push(Block::from(blank()));
    }
    out
}
