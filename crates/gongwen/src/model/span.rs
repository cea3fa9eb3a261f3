//! Positions in the source text, so that every element and finding can point at line:column.

use serde::Serialize;

/// A half-open range `[start, end)`; counted in chars or bytes depending on the field it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two ranges share at least one position; touching ranges do not overlap.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where something sits in the source: 1-based line and column (in chars), and its range in chars
/// and in bytes over the whole source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct SourceRef {
    pub line: usize,
    pub column: usize,
    pub span: Span,
    pub bytes: Span,
}

/// An element as written in the draft (`text`) and, when the text is well-formed enough, its typed
/// value. `value` is `None` when the text could not be read as that type; the checker then reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field<T> {
    pub text: String,
    pub value: Option<T>,
    pub at: SourceRef,
}

impl<T> Field<T> {
    pub fn new(text: impl Into<String>, value: Option<T>, at: SourceRef) -> Self {
        Self {
            text: text.into(),
            value,
            at,
        }
    }
}
