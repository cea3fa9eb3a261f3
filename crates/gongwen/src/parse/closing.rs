//! 附件说明, 发文机关署名, 印章, 成文日期 and 附注: the end of the 主体.

use crate::model::{
    AttachmentItem, AttachmentNote, ChineseDate, Document, Field, Heading, SourceRef,
};
use crate::source::Line;

use super::patterns::{ATTACHMENT_ITEM, ATTACHMENT_NOTE, DATE_LINE, SEAL};

/// How many non-blank lines may follow the 成文日期 (附注) before it cannot be the 成文日期.
const MAX_NOTE_LINES: usize = 3;
const MAX_SIGNATURE_LINES: usize = 4;

/// Reads the closing elements inside `[body_start, end)`; returns where the body ends.
pub(super) fn parse_closing(
    lines: &[Line<'_>],
    skip: &[bool],
    body_start: usize,
    end: usize,
    doc: &mut Document,
) -> usize {
    let mut body_end = end;
    if let Some(date_at) = find_date(lines, skip, body_start, end) {
        let line = &lines[date_at];
        let value = ChineseDate::parse_lenient(line.content)
            .ok()
            .map(|(d, _)| d);
        doc.date = Some(Field::new(line.content, value, line.at_content()));
        read_notes(lines, skip, date_at + 1, end, doc);
        body_end = read_signatures(lines, skip, body_start, date_at, doc);
    }
    read_attachment_note(lines, skip, body_start, body_end, doc)
}

fn find_date(lines: &[Line<'_>], skip: &[bool], start: usize, end: usize) -> Option<usize> {
    let mut after = 0;
    for i in (start..end).rev() {
        if skip[i] || lines[i].is_blank() {
            continue;
        }
        if DATE_LINE.is_match(lines[i].content) {
            return Some(i);
        }
        after += 1;
        if after > MAX_NOTE_LINES {
            return None;
        }
    }
    None
}

fn read_notes(lines: &[Line<'_>], skip: &[bool], start: usize, end: usize, doc: &mut Document) {
    let picked: Vec<&Line<'_>> = (start..end)
        .filter(|&i| !skip[i] && !lines[i].is_blank())
        .map(|i| &lines[i])
        .collect();
    let (Some(first), Some(last)) = (picked.first(), picked.last()) else {
        return;
    };
    let text: String = picked.iter().map(|l| l.content).collect();
    let at = join(first.at_content(), last.at_content());
    doc.notes = Some(Field::new(text.clone(), Some(text), at));
}

/// Reads 署名 lines (and a seal placeholder) directly above the date; returns where they start.
fn read_signatures(
    lines: &[Line<'_>],
    skip: &[bool],
    body_start: usize,
    date_at: usize,
    doc: &mut Document,
) -> usize {
    let mut i = date_at;
    let mut found = Vec::new();
    while i > body_start {
        let line = &lines[i - 1];
        if skip[i - 1] {
            i -= 1;
            continue;
        }
        if line.is_blank() {
            if found.is_empty() && doc.seal.is_none() {
                i -= 1;
                continue;
            }
            break;
        }
        if SEAL.is_match(line.content) {
            doc.seal = Some(line.at_content());
        } else if could_be_signature(line.content) && found.len() < MAX_SIGNATURE_LINES {
            found.push(Field::new(
                line.content,
                Some(line.content.to_string()),
                line.at_content(),
            ));
        } else {
            break;
        }
        i -= 1;
    }
    found.reverse();
    doc.signatures = found;
    i
}

fn could_be_signature(text: &str) -> bool {
    text.chars().count() <= 40
        && !text.contains(['。', '，', '；', '：', ':', '！', '？', ',', ';'])
        && Heading::detect(text).is_none()
        && !text.starts_with("附件")
        && !text.starts_with('特')
}

/// Finds the 附件说明 at the end of the body; returns where the body ends.
fn read_attachment_note(
    lines: &[Line<'_>],
    skip: &[bool],
    body_start: usize,
    end: usize,
    doc: &mut Document,
) -> usize {
    let Some(start) = (body_start..end)
        .rev()
        .find(|&i| !skip[i] && ATTACHMENT_NOTE.is_match(lines[i].content))
    else {
        return end;
    };
    // Everything after the note up to `end` must be its continuation lines.
    let mut items = Vec::new();
    let first = &lines[start];
    let caps = ATTACHMENT_NOTE.captures(first.content).expect("matched");
    let rest = caps.name("rest").expect("group");
    items.push(item(first, rest.start()));
    let mut last_at = first.at_content();
    for i in start + 1..end {
        let line = &lines[i];
        if skip[i] || line.is_blank() {
            continue;
        }
        if !ATTACHMENT_ITEM.is_match(line.content) {
            return end;
        }
        items.push(item(line, 0));
        last_at = line.at_content();
    }
    doc.attachment_note = Some(AttachmentNote {
        at: join(first.at_content(), last_at),
        items,
    });
    start
}

fn item(line: &Line<'_>, from: usize) -> AttachmentItem {
    let text = &line.content[from..];
    if let Some(c) = ATTACHMENT_ITEM.captures(text)
        && !c.name("sep").expect("group").as_str().is_empty()
    {
        let name = c.name("name").expect("group");
        let number = c
            .name("num")
            .expect("group")
            .as_str()
            .chars()
            .filter_map(|ch| ch.to_digit(10).or_else(|| full_width_digit(ch)))
            .fold(0, |acc, d| acc * 10 + d);
        return AttachmentItem {
            number: Some(number),
            name: name.as_str().to_string(),
            at: line.at_bytes(from + name.start(), from + name.end()),
        };
    }
    AttachmentItem {
        number: None,
        name: text.to_string(),
        at: line.at_bytes(from, line.content.len()),
    }
}

fn full_width_digit(c: char) -> Option<u32> {
    ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)
}

pub(super) fn join(first: SourceRef, last: SourceRef) -> SourceRef {
    let mut at = first;
    at.span.end = last.span.end;
    at.bytes.end = last.bytes.end;
    at
}
