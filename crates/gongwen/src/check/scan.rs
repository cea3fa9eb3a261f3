//! One paragraph under the text checks of T24, with the ranges that already carry a fix.

use crate::model::{ElementKind, Paragraph};

use super::{Cx, Finding, Severity};

/// The paragraph being checked; `claimed` remembers the ranges that already carry a fix, so that
/// fixes never overlap.
pub(super) struct Scan<'p> {
    pub p: &'p Paragraph,
    pub chars: Vec<char>,
    pub element: ElementKind,
    pub claimed: Vec<(usize, usize)>,
}

impl Scan<'_> {
    pub fn byte_to_char(&self, byte: usize) -> usize {
        self.p.text[..byte].chars().count()
    }

    #[allow(clippy::too_many_arguments)]
    pub fn emit(
        &mut self,
        cx: &mut Cx<'_>,
        from: usize,
        to: usize,
        severity: Severity,
        message: String,
        rule: &'static str,
        fix: Option<String>,
    ) {
        let at = cx.in_paragraph(self.p, from, to);
        let mut f = Finding::new("T24", severity, self.element, at, message, rule);
        let free = !self
            .claimed
            .iter()
            .any(|(a, b)| from < *b && *a < to || from == *a);
        if let Some(fix) = fix
            && free
        {
            f = f.fix(fix);
            self.claimed.push((from, to));
        }
        cx.push(f);
    }
}
