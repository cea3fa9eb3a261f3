//! 主体 up to the end of the 正文: 标题, 主送机关, 正文 with its 层次序数 and tables
//! (GB/T 9704-2012 7.3.1–7.3.3, 10.3 for the attendee lines of a 纪要).

use docx_rs::{AlignmentType, Paragraph, Table, TableCell, TableRow, VAlignType, WidthType};

use crate::model::{self, Document, HeadingLevel, Paragraph as Para};

use super::Block;
use super::geometry::{SIZE_2HAO, SIZE_3HAO, TEXT_WIDTH};
use super::style::{Face, blank, centred, exact, indented, line, run};

/// The title, one paragraph per line of the draft: the drafter chose where a long title breaks
/// (7.3.1 wants words kept whole and the lines shaped as a trapezoid or diamond).
pub(super) fn title(doc: &Document) -> Vec<Block> {
    let mut out: Vec<Block> = doc
        .title
        .iter()
        .flat_map(|t| t.lines.iter())
        .map(|l| Block::from(centred().add_run(run(&l.text, Face::XiaoBiaoSong, SIZE_2HAO))))
        .collect();
    // 题注 of a 决议: centred below the title, 3号 楷体 as offices set it.
    if let Some(n) = &doc.title_note {
        out.push(Block::from(centred().add_run(run(
            &n.text,
            Face::KaiTi,
            SIZE_3HAO,
        ))));
    }
    out
}

/// 主送机关: one blank line below the title, flush left (7.3.2).
pub(super) fn recipients(doc: &Document) -> Vec<Block> {
    let Some(r) = &doc.recipients else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if doc.title.is_some() {
        out.push(Block::from(blank()));
    }
    out.push(Block::from(line().add_run(run(
        &r.text,
        Face::FangSong,
        SIZE_3HAO,
    ))));
    out
}

/// Paragraphs and tables in the order of the draft.
pub(super) fn text(paragraphs: &[Para], tables: &[model::Table], minutes: bool) -> Vec<Block> {
    let mut items: Vec<(usize, bool, Block)> = paragraphs
        .iter()
        .map(|p| {
            let attendee = minutes && attendee_label(&p.text).is_some();
            (p.at.line, attendee, paragraph(p, minutes))
        })
        .collect();
    for t in tables {
        if let Some(first) = t.rows.first() {
            items.push((first.at.line, false, Block::from(table(t))));
        }
    }
    items.sort_by_key(|(line, _, _)| *line);
    let mut out = Vec::new();
    let mut after_text = false;
    for (_, attendee, block) in items {
        // 10.3: the 出席 list starts one blank line below the 正文.
        if attendee && after_text {
            out.push(Block::from(blank()));
        }
        after_text = !attendee;
        out.push(block);
    }
    out
}

fn paragraph(p: &Para, minutes: bool) -> Block {
    if minutes && let Some(label) = attendee_label(&p.text) {
        let rest = &p.text[label.len()..];
        return Block::from(
            indented()
                .add_run(run(label, Face::HeiTi, SIZE_3HAO))
                .add_run(run(rest, Face::FangSong, SIZE_3HAO)),
        );
    }
    let Some(h) = &p.heading else {
        return Block::from(indented().add_run(run(&p.text, Face::FangSong, SIZE_3HAO)));
    };
    let face = match h.level {
        HeadingLevel::One => Face::HeiTi,
        HeadingLevel::Two => Face::KaiTi,
        HeadingLevel::Three | HeadingLevel::Four => Face::FangSong,
    };
    let (head, rest) = split_heading(&p.text);
    let mut para = indented().add_run(run(head, face, SIZE_3HAO));
    if !rest.is_empty() {
        para = para.add_run(run(rest, Face::FangSong, SIZE_3HAO));
    }
    Block::from(para)
}

/// A heading that runs on into body text (“（一）完善排水设施。新建……”) keeps the heading
/// face only up to its first full stop.
pub(crate) fn split_heading(text: &str) -> (&str, &str) {
    match text.char_indices().find(|(_, c)| *c == '。') {
        Some((i, c)) if i + c.len_utf8() < text.len() => text.split_at(i + c.len_utf8()),
        _ => (text, ""),
    }
}

/// “出席：”, “请假：”, “列席：” opening a line of a 纪要.
pub(crate) fn attendee_label(text: &str) -> Option<&'static str> {
    ["出席：", "请假：", "列席："]
        .into_iter()
        .find(|l| text.starts_with(l))
}

/// A table across the 版心, 3号 仿宋 like the text; the first row is the head.
fn table(t: &model::Table) -> Table {
    let columns = t
        .rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let width = TEXT_WIDTH as usize / columns;
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let cells = (0..columns)
                .map(|c| {
                    let text = r.cells.get(c).map_or("", String::as_str);
                    let face = if k == 0 { Face::HeiTi } else { Face::FangSong };
                    TableCell::new()
                        .width(width, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(
                            Paragraph::new()
                                .align(AlignmentType::Center)
                                .line_spacing(exact(super::geometry::LINE_PITCH))
                                .add_run(run(text, face, SIZE_3HAO)),
                        )
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::new(rows)
        .set_grid(vec![width; columns])
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_keep_their_face_up_to_the_first_full_stop() {
        assert_eq!(
            split_heading("（一）完善排水设施。新建改造雨水管网。"),
            ("（一）完善排水设施。", "新建改造雨水管网。")
        );
        assert_eq!(split_heading("一、工作目标"), ("一、工作目标", ""));
        assert_eq!(split_heading("1.化工企业。"), ("1.化工企业。", ""));
    }

    #[test]
    fn attendee_labels() {
        assert_eq!(attendee_label("出席：张卫东、李明"), Some("出席："));
        assert_eq!(attendee_label("会议出席：略"), None);
    }
}
