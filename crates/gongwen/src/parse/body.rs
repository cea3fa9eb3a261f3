//! 正文 paragraphs and tables, and the attachment pages that follow the 主体.

use crate::model::{Attachment, Field, Heading, Paragraph, Table, TableRow};
use crate::source::Line;

use super::front::next_content;
use super::patterns::{ATTACHMENT_LABEL, TABLE_ROW};

/// One paragraph per non-blank line; markdown table rows are gathered into tables.
pub(super) fn read_paragraphs(
    lines: &[Line<'_>],
    skip: &[bool],
    start: usize,
    end: usize,
) -> (Vec<Paragraph>, Vec<Table>) {
    let mut paragraphs = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut in_table = false;
    for i in start..end {
        let line = &lines[i];
        if skip[i] || line.is_blank() {
            in_table = false;
            continue;
        }
        if TABLE_ROW.is_match(line.content) {
            let cells: Vec<String> = line.content[1..line.content.len() - 1]
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            let is_rule = cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
            if !in_table {
                tables.push(Table { rows: Vec::new() });
                in_table = true;
            }
            if !is_rule {
                tables.last_mut().expect("pushed").rows.push(TableRow {
                    cells,
                    at: line.at_content(),
                });
            }
            continue;
        }
        in_table = false;
        paragraphs.push(Paragraph {
            text: line.content.to_string(),
            at: line.at_content(),
            heading: Heading::detect(line.content),
        });
    }
    (paragraphs, tables)
}

/// Indices of attachment labels (“附件”, “附件2”) inside `[start, end)`.
pub(super) fn attachment_labels(
    lines: &[Line<'_>],
    skip: &[bool],
    start: usize,
    end: usize,
) -> Vec<usize> {
    (start..end)
        .filter(|&i| !skip[i] && ATTACHMENT_LABEL.is_match(lines[i].content))
        .collect()
}

/// Reads the attachment pages that start at `labels` and run to `end`.
pub(super) fn read_attachments(
    lines: &[Line<'_>],
    skip: &[bool],
    labels: &[usize],
    end: usize,
) -> Vec<Attachment> {
    let mut out = Vec::new();
    for (k, &at) in labels.iter().enumerate() {
        let stop = labels.get(k + 1).copied().unwrap_or(end);
        let line = &lines[at];
        let number = ATTACHMENT_LABEL
            .captures(line.content)
            .and_then(|c| c.name("n"))
            .map(|m| {
                m.as_str()
                    .chars()
                    .filter_map(|c| c.to_digit(10).or_else(|| full_width(c)))
                    .fold(0, |acc, d| acc * 10 + d)
            });
        let label = Field::new(line.content, Some(number), line.at_content());
        let t = next_content(lines, skip, at + 1, stop);
        let title = (t < stop).then(|| {
            let l = &lines[t];
            Field::new(l.content, Some(l.content.to_string()), l.at_content())
        });
        let body_start = if title.is_some() { t + 1 } else { stop };
        let (body, tables) = read_paragraphs(lines, skip, body_start, stop);
        out.push(Attachment {
            label,
            title,
            body,
            tables,
        });
    }
    out
}

fn full_width(c: char) -> Option<u32> {
    ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)
}
