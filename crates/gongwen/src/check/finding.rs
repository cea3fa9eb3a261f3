//! What the checker reports.

use serde::Serialize;

use crate::model::{Document, ElementKind, SourceRef, Span};

/// 严重程度. Mandatory wording in the source (应当、不得、必须) gives an error; conditional wording
/// (一般、可以) a warning; practice or heuristics that need a human a hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 错误
    Error,
    /// 警告
    Warning,
    /// 提示
    Hint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "错误",
            Self::Warning => "警告",
            Self::Hint => "提示",
        }
    }
}

/// A certain, mechanical correction: replace `span` (chars) with `replacement`. An empty span
/// inserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub span: Span,
    pub bytes: Span,
    pub replacement: String,
}

/// One finding of the checker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Check code of the rule list, e.g. "T05".
    pub code: &'static str,
    pub severity: Severity,
    pub element: ElementKind,
    /// 1-based
    pub line: usize,
    /// 1-based, in chars
    pub column: usize,
    /// Char range over the whole source.
    pub span: Span,
    /// Byte range over the whole source.
    pub bytes: Span,
    /// What is wrong and what the rule requires, in Chinese.
    pub message: String,
    /// Where the rule comes from, e.g. "GB/T 9704-2012 7.2.5".
    pub rule: &'static str,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub(crate) fn new(
        code: &'static str,
        severity: Severity,
        element: ElementKind,
        at: SourceRef,
        message: impl Into<String>,
        rule: &'static str,
    ) -> Self {
        Self {
            code,
            severity,
            element,
            line: at.line,
            column: at.column,
            span: at.span,
            bytes: at.bytes,
            message: message.into(),
            rule,
            help: None,
            fix: None,
        }
    }

    /// A finding about the document as a whole or its rendering environment, placed at the
    /// start of the text.
    pub(crate) fn document(
        code: &'static str,
        severity: Severity,
        element: ElementKind,
        message: impl Into<String>,
        rule: &'static str,
    ) -> Self {
        let at = SourceRef {
            line: 1,
            column: 1,
            span: Span::new(0, 0),
            bytes: Span::new(0, 0),
        };
        Self::new(code, severity, element, at, message, rule)
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Fix that replaces the finding's own span.
    pub(crate) fn fix(mut self, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span: self.span,
            bytes: self.bytes,
            replacement: replacement.into(),
        });
        self
    }

    /// Fix that replaces another range than the one the finding points at.
    pub(crate) fn fix_at(mut self, at: SourceRef, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span: at.span,
            bytes: at.bytes,
            replacement: replacement.into(),
        });
        self
    }
}

/// The parsed document and everything found in it, ordered by position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub document: Document,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}
