//! The end of the 主体: 附件说明, 发文机关署名, 成文日期 with room for the 印章, and 附注
//! (GB/T 9704-2012 7.3.4–7.3.6).

use docx_rs::{AlignmentType, Paragraph, SpecialIndentType};

use crate::model::{AttachmentNote, Document};

use super::Block;
use super::geometry::{CHAR_3HAO, SIZE_3HAO, text_width};
use super::options::{Format, Seal};
use super::style::{Face, blank, blanks, indented, line, run};

/// “附件：” is three characters; later items line up under the first item's number.
const NOTE_LABEL: i32 = 3 * CHAR_3HAO;

/// 附件说明: one blank line below the 正文, 2 characters in (7.3.4).
pub(super) fn attachment_note(note: &AttachmentNote) -> Vec<Block> {
    let mut out = vec![Block::from(blank())];
    let left = 2 * CHAR_3HAO + NOTE_LABEL;
    for (k, item) in note.items.iter().enumerate() {
        let text = match item.number {
            Some(n) => format!("{n}.{}", item.name),
            None => item.name.clone(),
        };
        let p = if k == 0 {
            line()
                .indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(NOTE_LABEL)),
                    None,
                    None,
                )
                .add_run(run("附件：", Face::FangSong, SIZE_3HAO))
        } else {
            line().indent(Some(left), None, None, None)
        };
        out.push(Block::from(p.add_run(run(
            &text,
            Face::FangSong,
            SIZE_3HAO,
        ))));
    }
    out
}

/// 署名 and 成文日期, held together (and, through the caller, with the last line of text):
/// the page with the seal must also carry text (7.3.5.5).
pub(super) fn signature(doc: &Document, format: Format, seal: Seal) -> Vec<Block> {
    let date = doc
        .date
        .as_ref()
        .map(|d| d.value.map_or_else(|| d.text.clone(), |v| v.to_string()));
    let names: Vec<&str> = doc.signatures.iter().map(|s| s.text.as_str()).collect();
    let mut out: Vec<Paragraph> = Vec::new();
    if names.is_empty() && date.is_none() {
        return Vec::new();
    }
    let date_width = date.as_deref().map_or(0, text_width);
    let right = |p: Paragraph, indent: i32| {
        p.align(AlignmentType::Right)
            .indent(None, None, Some(indent.max(0)), None)
    };
    if format == Format::Order {
        // 7.3.5.3: the signature seal 2 blank lines below the text, 4 characters from the
        // right; the date one blank line below it, also 4 characters in.
        out.extend(blanks(2));
        for name in &names {
            out.push(right(line(), 4 * CHAR_3HAO).add_run(run(name, Face::FangSong, SIZE_3HAO)));
        }
        if let Some(date) = &date {
            out.push(blank());
            out.push(right(line(), 4 * CHAR_3HAO).add_run(run(date, Face::FangSong, SIZE_3HAO)));
        }
    } else {
        let (gap, anchor, date_indent) = match seal {
            // 7.3.5.1: date 4 characters from the right, 署名 centred over it; two blank lines
            // give the seal its room, its top within one line of the text above.
            Seal::Sealed => (
                2,
                Anchor::Centre(4 * CHAR_3HAO + date_width / 2),
                4 * CHAR_3HAO,
            ),
            // 7.3.5.2: 署名 2 characters from the right; the date's first character 2
            // characters right of the 署名's; a longer date stays 2 characters from the right
            // and pushes the 署名 left.
            Seal::Unsealed => {
                let widest = names.iter().map(|n| text_width(n)).max().unwrap_or(0);
                let date_indent = (widest - date_width).max(2 * CHAR_3HAO);
                (
                    1,
                    Anchor::Start(date_indent + date_width + 2 * CHAR_3HAO),
                    date_indent,
                )
            }
        };
        out.extend(blanks(gap));
        for name in &names {
            out.push(right(line(), anchor.indent(name)).add_run(run(
                name,
                Face::FangSong,
                SIZE_3HAO,
            )));
        }
        if let Some(date) = &date {
            out.push(right(line(), date_indent).add_run(run(date, Face::FangSong, SIZE_3HAO)));
        }
    }
    let last = out.len().saturating_sub(1);
    out.into_iter()
        .enumerate()
        .map(|(k, p)| Block::from(p.keep_next(k < last)))
        .collect()
}

/// Where a 署名 line sits, as a distance from the right edge of the 版心.
enum Anchor {
    /// Centred on this point.
    Centre(i32),
    /// Starting at this point.
    Start(i32),
}

impl Anchor {
    /// The right indent that puts `name` there.
    fn indent(&self, name: &str) -> i32 {
        match *self {
            Self::Centre(at) => at - text_width(name) / 2,
            Self::Start(at) => at - text_width(name),
        }
    }
}

/// 附注: the line after the 成文日期, 2 characters in (7.3.6).
pub(super) fn notes(doc: &Document) -> Vec<Block> {
    doc.notes
        .iter()
        .map(|n| Block::from(indented().add_run(run(&n.text, Face::FangSong, SIZE_3HAO))))
        .collect()
}
