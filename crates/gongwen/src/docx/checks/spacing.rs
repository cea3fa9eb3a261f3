//! D11 空行 (GB/T 9704-2012 7.2.5, 7.3.1, 7.3.2, 7.3.4): two blank lines between the 发文机关标志
//! and the 发文字号, two between the red separator and the 标题, one between the 标题 and the
//! 主送机关, one before the 附件说明.
//!
//! The gap is counted in lines of the document: each empty paragraph is as high as its line
//! spacing (an exact height in twips, or one line for single spacing), and the paragraph
//! spacing before and after is converted with the document's line (the default exact spacing,
//! or the grid lines a single-spaced line of the default size takes). Single spacing
//! without a grid is somewhere between 0.6 and 1 line, so every gap is a range and only a range
//! that misses the wanted count by more than half a line is reported.

use crate::check::{Finding, Severity};
use crate::model::ElementKind;
use crate::render::Format;

use super::separator::{self, Found};
use super::{Inputs, is_empty};

/// A gap in lines: at least `lo`, at most `hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Lines {
    lo: f64,
    hi: f64,
}

impl Lines {
    fn exact(n: f64) -> Lines {
        Lines { lo: n, hi: n }
    }

    fn add(self, o: Lines) -> Lines {
        Lines {
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
        }
    }

    /// Off the wanted count by more than half a line whatever the real height is.
    fn clearly_not(self, want: f64) -> bool {
        self.hi < want - 0.5 || self.lo > want + 0.5
    }

    fn describe(self) -> String {
        let show = |x: f64| {
            let r = (x * 10.0).round() / 10.0;
            if r.fract() == 0.0 {
                format!("{r:.0}")
            } else {
                format!("{r:.1}")
            }
        };
        if (self.hi - self.lo).abs() < 0.05 {
            format!("{}行", show(self.lo))
        } else {
            format!("{}～{}行", show(self.lo), show(self.hi))
        }
    }
}

/// One line of the document in twips: the default exact line spacing, or else the grid lines a
/// single-spaced line of the default size takes (Word's default grid of 15.6 pt gives a 3号
/// line two of them, 31.2 pt).
fn pitch(i: &Inputs<'_>) -> Option<f64> {
    let (base, run) = i.sheet.paragraph(None);
    if let (Some(l), Some("exact")) = (base.line, base.line_rule.as_deref())
        && l > 0
    {
        return Some(f64::from(l));
    }
    let grid = i.body.section.line_pitch.filter(|p| *p > 0)?;
    if i.body
        .section
        .grid_type
        .as_deref()
        .is_none_or(|t| t == "default")
    {
        return None;
    }
    let grid = f64::from(grid);
    // A single-spaced line is about 1.3 em high.
    let natural = f64::from(run.size.unwrap_or(32)) / 2.0 * 1.3 * 20.0;
    Some(grid * (natural / grid).ceil().max(1.0))
}

/// Space before (`before`) or after a paragraph, in lines.
fn spacing(lines: Option<i32>, twips: Option<i32>, pitch: f64) -> Lines {
    match (lines, twips) {
        (Some(l), _) => Lines::exact(f64::from(l.max(0)) / 100.0),
        (None, Some(t)) => Lines::exact(f64::from(t.max(0)) / pitch),
        (None, None) => Lines::exact(0.0),
    }
}

/// The gap between the paragraphs on lines `upper` and `lower`: `None` when anything but
/// empty paragraphs lies between them.
fn gap(i: &Inputs<'_>, upper: usize, lower: usize, pitch: f64) -> Option<Lines> {
    if upper >= lower {
        return None;
    }
    let top = i.effective(upper)?;
    let bottom = i.effective(lower)?;
    let mut total = spacing(top.para.after_lines, top.para.after, pitch).add(spacing(
        bottom.para.before_lines,
        bottom.para.before,
        pitch,
    ));
    for line in upper + 1..lower {
        let p = i.paragraph(line)?;
        if !is_empty(p) || p.after_page_break {
            return None;
        }
        let e = i.effective(line)?;
        let own = match (e.para.line_rule.as_deref(), e.para.line) {
            (Some("exact"), Some(h)) => Lines::exact(f64::from(h) / pitch),
            (Some("atLeast"), Some(h)) => Lines::exact((f64::from(h) / pitch).max(1.0)),
            (_, h) => {
                // Auto: 240ths of single spacing.
                let k = f64::from(h.unwrap_or(240)) / 240.0;
                Lines {
                    lo: 0.6 * k,
                    hi: k.max(1.0),
                }
            }
        };
        total = total
            .add(own)
            .add(spacing(e.para.before_lines, e.para.before, pitch))
            .add(spacing(e.para.after_lines, e.para.after, pitch));
    }
    Some(total)
}

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    let Some(pitch) = pitch(i) else {
        return;
    };
    let d = i.doc;
    let mut gaps: Vec<(usize, usize, f64, ElementKind, &str, &str)> = Vec::new();
    let format = Format::for_document(d);
    if format == Format::Standard
        && let (Some(mark), Some(number)) = (d.issuer_marks.last(), &d.issuing_number)
    {
        gaps.push((
            mark.at.line,
            number.at.line,
            2.0,
            ElementKind::IssuingNumber,
            "发文机关标志与发文字号之间",
            "GB/T 9704-2012 7.2.5",
        ));
    }
    if let Some((number, title)) = separator::applies(i)
        && let Found::Separator(s) = separator::find(i, number, title)
        && let Some(line) = s.line
    {
        gaps.push((
            line,
            title,
            2.0,
            ElementKind::Title,
            "版头分隔线与标题之间",
            "GB/T 9704-2012 7.3.1",
        ));
    }
    if let (Some(title), Some(recipients)) = (&d.title, &d.recipients)
        && d.title_note.is_none()
        && let Some(last) = title.lines.last()
    {
        gaps.push((
            last.at.line,
            recipients.at.line,
            1.0,
            ElementKind::Recipients,
            "标题与主送机关之间",
            "GB/T 9704-2012 7.3.2",
        ));
    }
    if let Some(note) = &d.attachment_note {
        let line = note.at.line;
        let above = (1..line)
            .rev()
            .find(|&l| i.paragraph(l).is_some_and(|p| !is_empty(p)));
        if let Some(above) = above {
            gaps.push((
                above,
                line,
                1.0,
                ElementKind::AttachmentNote,
                "正文与附件说明之间",
                "GB/T 9704-2012 7.3.4",
            ));
        }
    }
    for (upper, lower, want, element, what, rule) in gaps {
        let Some(g) = gap(i, upper, lower, pitch) else {
            continue;
        };
        if g.clearly_not(want) {
            out.push(Finding::new(
                "D11",
                Severity::Error,
                element,
                i.at_line(lower),
                format!(
                    "{what}应空{}行，现为{}。",
                    if want == 2.0 { "二" } else { "一" },
                    g.describe()
                ),
                rule,
            ));
        }
    }
}
