//! What every check gets: the source, the parsed document, and a place to report.

use crate::model::{Document, ElementKind, Paragraph, SourceRef, Span};
use crate::source::SourceMap;

use super::finding::Finding;

pub(crate) struct Cx<'a> {
    pub map: &'a SourceMap<'a>,
    pub doc: &'a Document,
    pub findings: Vec<Finding>,
}

impl<'a> Cx<'a> {
    pub fn new(map: &'a SourceMap<'a>, doc: &'a Document) -> Self {
        Self {
            map,
            doc,
            findings: Vec::new(),
        }
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Reference to the chars `[from, to)` of a paragraph's text.
    pub fn in_paragraph(&self, p: &Paragraph, from: usize, to: usize) -> SourceRef {
        self.map
            .locate(Span::new(p.at.span.start + from, p.at.span.start + to))
    }

    /// Reference to the chars `[from, to)` counted from the start of `at`.
    pub fn within(&self, at: SourceRef, from: usize, to: usize) -> SourceRef {
        self.map
            .locate(Span::new(at.span.start + from, at.span.start + to))
    }

    /// Reference to the byte range `[from, to)` of a text that starts at `at`.
    pub fn within_bytes(&self, at: SourceRef, text: &str, from: usize, to: usize) -> SourceRef {
        let c_from = text[..from].chars().count();
        let c_to = c_from + text[from..to].chars().count();
        self.within(at, c_from, c_to)
    }

    /// Every paragraph with the element it belongs to (正文 or 附件).
    pub fn paragraphs(&self) -> Vec<(&'a Paragraph, ElementKind)> {
        let doc = self.doc;
        doc.body
            .iter()
            .map(|p| (p, ElementKind::Body))
            .chain(
                doc.attachments
                    .iter()
                    .flat_map(|a| a.body.iter().map(|p| (p, ElementKind::Attachment))),
            )
            .collect()
    }

    /// The element a source line belongs to, for checks that scan raw lines.
    pub fn element_of_line(&self, line: usize) -> ElementKind {
        let d = self.doc;
        let on = |at: &SourceRef| {
            let last = self
                .map
                .locate(Span::new(at.span.end.max(1) - 1, at.span.end.max(1)))
                .line;
            (at.line..=last.max(at.line)).contains(&line)
        };
        let fields: [(Option<&SourceRef>, ElementKind); 10] = [
            (
                d.copy_number.as_ref().map(|f| &f.at),
                ElementKind::CopyNumber,
            ),
            (
                d.classification.as_ref().map(|f| &f.at),
                ElementKind::Classification,
            ),
            (d.urgency.as_ref().map(|f| &f.at), ElementKind::Urgency),
            (
                d.issuing_number.as_ref().map(|f| &f.at),
                ElementKind::IssuingNumber,
            ),
            (d.signers.as_ref().map(|f| &f.at), ElementKind::Signer),
            (
                d.recipients.as_ref().map(|f| &f.at),
                ElementKind::Recipients,
            ),
            (d.date.as_ref().map(|f| &f.at), ElementKind::Date),
            (d.notes.as_ref().map(|f| &f.at), ElementKind::Notes),
            (d.copy_to.as_ref().map(|f| &f.at), ElementKind::CopyTo),
            (d.printing.as_ref().map(|f| &f.at), ElementKind::Printing),
        ];
        for (at, kind) in fields {
            if at.is_some_and(on) {
                return kind;
            }
        }
        if d.issuer_marks.iter().any(|m| m.at.line == line) {
            return ElementKind::IssuerMark;
        }
        if d.title
            .as_ref()
            .is_some_and(|t| t.lines.iter().any(|l| l.at.line == line))
        {
            return ElementKind::Title;
        }
        if d.signatures.iter().any(|s| s.at.line == line) {
            return ElementKind::Signature;
        }
        if d.attachment_note.as_ref().is_some_and(|n| on(&n.at)) {
            return ElementKind::AttachmentNote;
        }
        if d.attachments.iter().any(|a| {
            a.label.at.line <= line
                && a.body.last().map_or(
                    a.title.as_ref().map_or(a.label.at.line, |t| t.at.line),
                    |p| p.at.line,
                ) >= line
        }) {
            return ElementKind::Attachment;
        }
        ElementKind::Body
    }
}

/// Is `c` a CJK ideograph?
pub(crate) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}
