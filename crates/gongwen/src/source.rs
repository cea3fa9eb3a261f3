//! The draft split into lines, with the offsets needed to turn any range back into line:column.

use crate::model::{SourceRef, Span};

/// One line of the draft. `content` is the line without surrounding whitespace (including the
/// ideographic space drafters use for indents) and without markdown `#` marks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// 1-based
    pub no: usize,
    pub raw: &'a str,
    pub start_char: usize,
    pub start_byte: usize,
    pub content: &'a str,
    /// Byte offset of `content` inside `raw`.
    pub content_byte: usize,
    /// Char offset of `content` inside `raw`.
    pub content_char: usize,
}

impl<'a> Line<'a> {
    pub fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    /// Reference to the byte range `[from, to)` of `content`.
    pub fn at_bytes(&self, from: usize, to: usize) -> SourceRef {
        let c_from = self.content[..from].chars().count();
        let c_len = self.content[from..to].chars().count();
        let start = self.start_char + self.content_char + c_from;
        let byte_start = self.start_byte + self.content_byte + from;
        SourceRef {
            line: self.no,
            column: self.content_char + c_from + 1,
            span: Span::new(start, start + c_len),
            bytes: Span::new(byte_start, byte_start + (to - from)),
        }
    }

    /// Reference to the whole content.
    pub fn at_content(&self) -> SourceRef {
        self.at_bytes(0, self.content.len())
    }
}

pub(crate) struct SourceMap<'a> {
    pub source: &'a str,
    pub lines: Vec<Line<'a>>,
}

impl<'a> SourceMap<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start_char = 0;
        let mut start_byte = 0;
        for (i, piece) in source.split('\n').enumerate() {
            let raw = piece.strip_suffix('\r').unwrap_or(piece);
            let (content, content_byte) = content_of(raw);
            lines.push(Line {
                no: i + 1,
                raw,
                start_char,
                start_byte,
                content,
                content_byte,
                content_char: raw[..content_byte].chars().count(),
            });
            start_char += piece.chars().count() + 1;
            start_byte += piece.len() + 1;
        }
        Self { source, lines }
    }

    /// Turns a char range over the whole source into a reference (line and column of its start).
    pub fn locate(&self, span: Span) -> SourceRef {
        let idx = self
            .lines
            .partition_point(|l| l.start_char <= span.start)
            .saturating_sub(1);
        let line = &self.lines[idx];
        let col = span.start - line.start_char;
        let byte_at = |char_in_line: usize| -> usize {
            let mut rest = char_in_line;
            let mut byte = line.start_byte;
            let mut idx = idx;
            // A range may run over several lines; walk on into the following ones.
            loop {
                let l = &self.lines[idx];
                let n = l.raw.chars().count();
                if rest <= n || idx + 1 == self.lines.len() {
                    return byte
                        + l.raw
                            .char_indices()
                            .nth(rest)
                            .map_or(l.raw.len(), |(i, _)| i);
                }
                rest -= n + 1;
                byte = self.lines[idx + 1].start_byte;
                idx += 1;
            }
        };
        SourceRef {
            line: line.no,
            column: col + 1,
            span,
            bytes: Span::new(byte_at(col), byte_at(col + span.len())),
        }
    }
}

/// Trims whitespace and markdown heading marks; returns the content and its byte offset.
fn content_of(raw: &str) -> (&str, usize) {
    let trimmed_start = raw.trim_start();
    let mut offset = raw.len() - trimmed_start.len();
    let mut content = trimmed_start.trim_end();
    // Markdown bold around a whole line (“**一、总体要求**”) is emphasis, not text.
    if content.len() > 4 && content.starts_with("**") && content.ends_with("**") {
        content = &content[2..content.len() - 2];
        offset += 2;
    }
    let hashes = content.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && content[hashes..].starts_with(' ') {
        let after = content[hashes..].trim_start();
        offset += content.len() - after.len();
        content = after;
    }
    (content, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars() {
        let src = "标题\n　　正文第一段。\r\n## 一、总体要求";
        let map = SourceMap::new(src);
        assert_eq!(map.lines[1].content, "正文第一段。");
        assert_eq!(map.lines[1].content_char, 2);
        let r = map.lines[1].at_bytes(6, 9);
        assert_eq!((r.line, r.column), (2, 5));
        assert_eq!(&src[r.bytes.start..r.bytes.end], "第");
        assert_eq!(map.lines[2].content, "一、总体要求");
        let bold = SourceMap::new("**（一）加强领导**");
        assert_eq!(bold.lines[0].content, "（一）加强领导");
        assert_eq!(bold.lines[0].at_content().column, 3);
        let located = map.locate(r.span);
        assert_eq!(located, r);
    }
}
