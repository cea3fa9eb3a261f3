//! The checks that need the pages as a word processor lays them out: the .docx converted to PDF
//! (by LibreOffice, or Word's “save as PDF”) and measured with [`crate::pdf::measure`].
//!
//! D10 the red separator 4 mm below the 发文字号; D12 the first page shows 正文; D15 the 版记 on
//! the last page, its last rule on the bottom edge of the 版心; D16 the page number's dashes 7 mm
//! below the 版心, odd numbers right and even ones left, a character in; D17 no page number on blank
//! pages before the 版记 page nor on that page, numbers continuous; D18 the marks of the 信函
//! (30 mm from the page's top edge), 令 (20 mm below the 版心's top) and 纪要 (35 mm).
//!
//! Texts are found on the page by their first characters with white space removed; an element
//! that cannot be found is not judged.
//!
//! Vertical positions inside a line depend on the font: a word processor sets the characters of
//! an exact-height line by the font's ascent and descent, so a substitute font (Noto CJK for
//! 仿宋_GB2312 on a machine without it) moves them by a millimetre or two. The distances of the
//! separator (D10), of the marks (D18) and the page number's height (D16) are therefore only
//! judged when the PDF used the font the .docx names; page breaks, the 版记's place and where a
//! line starts or ends do not depend on it.

use crate::check::{Finding, Severity};
use crate::docx::fonts::Family;
use crate::model::ElementKind;
use crate::pdf::measure::{Page, Run};
use crate::render::Format;

use super::footers::{self, Side};
use super::separator::{self, Found};
use super::{Inputs, special_formats};

const MM_PER_PT: f64 = 25.4 / 72.0;
const TWIPS_PER_MM: f64 = 56.693;
/// One line of the grid, 28.95 pt.
const LINE_MM: f64 = 28.95 * MM_PER_PT;
/// How far the separator may be from its 4 mm (GB/T 9704 6.1 allows the 版心 1 mm).
const SEPARATOR_SLACK_MM: f64 = 1.0;
const COLOPHON_SLACK_MM: f64 = 1.5;
const MARK_SLACK_MM: f64 = 2.0;
/// The page number's dashes below the 版心, and how far off they may be.
const NUMBER_MM: f64 = 7.0;
const NUMBER_SLACK_MM: f64 = 1.5;

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first characters of a text, enough to find it and short enough to sit on one line.
fn needle(text: &str, chars: usize) -> String {
    squash(text).chars().take(chars).collect()
}

/// Bottom of a CJK face's em box: 0.12 em below the baseline.
fn em_bottom(r: &Run) -> f64 {
    r.baseline + 0.12 * r.size * MM_PER_PT
}

/// The family of a font name, counting 方正小标宋's PostScript name (FZXBSJW…).
fn family(name: &str) -> Option<Family> {
    Family::of(name).or_else(|| {
        name.to_ascii_uppercase()
            .starts_with("FZXBS")
            .then_some(Family::XiaoBiaoSong)
    })
}

/// Whether the PDF font is the one the .docx asked for (same family, or the same name up to
/// spaces, case and a style or collection suffix).
fn same_font(docx: &str, pdf: &str) -> bool {
    match (family(docx), family(pdf)) {
        (Some(a), Some(b)) => a == b,
        _ => {
            let norm = |s: &str| -> String {
                s.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            let (a, b) = (norm(docx), norm(pdf));
            // Collections name their members apart (NotoSerifCJKjp for Noto Serif CJK SC).
            let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            !a.is_empty()
                && !b.is_empty()
                && (common >= 10 || a.starts_with(&b) || b.starts_with(&a))
        }
    }
}

/// The East Asian font of the first run with text on a line of the .docx.
fn docx_font(i: &Inputs<'_>, line: usize) -> Option<String> {
    i.effective(line)?
        .runs
        .into_iter()
        .find_map(|(_, r)| r.east_asia)
}

struct Geometry {
    /// Top of the 版心 from the top of the page, mm.
    top: f64,
    /// Margin below the 版心, mm.
    bottom_margin: f64,
    /// Margins left and right of the 版心, mm.
    left_margin: f64,
    right_margin: f64,
}

impl Geometry {
    fn edge(&self, page: &Page) -> f64 {
        page.height - self.bottom_margin
    }
}

/// Pages and lines holding a text, in page order.
fn find(pages: &[Page], text: &str) -> Option<(usize, Run)> {
    let n = needle(text, 10);
    if n.chars().count() < 2 {
        return None;
    }
    pages.iter().enumerate().find_map(|(k, p)| {
        p.lines()
            .into_iter()
            .find(|l| squash(&l.text).contains(&n))
            .map(|l| (k, l))
    })
}

/// Like [`find`], from the last page backwards.
fn find_last(pages: &[Page], text: &str) -> Option<(usize, Run)> {
    let n = needle(text, 10);
    if n.chars().count() < 2 {
        return None;
    }
    pages.iter().enumerate().rev().find_map(|(k, p)| {
        p.lines()
            .into_iter()
            .rev()
            .find(|l| squash(&l.text).contains(&n))
            .map(|l| (k, l))
    })
}

/// A page number below the 版心: “— 3 —”, “-3-” or a bare “3”.
fn page_number(page: &Page, g: &Geometry) -> Option<u32> {
    number_line(page, g).map(|(n, _)| n)
}

/// The page number below the 版心 and its line.
fn number_line(page: &Page, g: &Geometry) -> Option<(u32, Run)> {
    let edge = g.edge(page);
    page.lines().into_iter().find_map(|l| {
        if l.baseline < edge + 1.0 {
            return None;
        }
        let t = squash(&l.text);
        let digits = t.trim_matches(|c| matches!(c, '—' | '－' | '-' | '–' | '―' | '─'));
        (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
            .map(|n| (n, l))
    })
}

/// No text inside the 版心.
fn is_blank(page: &Page, g: &Geometry) -> bool {
    let edge = g.edge(page);
    !page
        .lines()
        .iter()
        .any(|l| l.baseline < edge + 0.5 && !squash(&l.text).is_empty())
}

pub(crate) fn run(i: &Inputs<'_>, pages: &[Page]) -> Vec<Finding> {
    let mut out = Vec::new();
    if pages.is_empty() {
        return out;
    }
    let s = &i.body.section;
    let g = Geometry {
        top: f64::from(s.top.unwrap_or(2098)) / TWIPS_PER_MM,
        bottom_margin: f64::from(s.bottom.unwrap_or(1984)) / TWIPS_PER_MM,
        left_margin: f64::from(s.left.unwrap_or(1588)) / TWIPS_PER_MM,
        right_margin: f64::from(s.right.unwrap_or(1474)) / TWIPS_PER_MM,
    };
    separator_distance(i, pages, &mut out);
    first_page_body(i, pages, &mut out);
    let colophon_page = colophon(i, pages, &g, &mut out);
    page_numbers(i, pages, &g, colophon_page, &mut out);
    number_places(i, pages, &g, &mut out);
    marks(i, pages, &g, &mut out);
    out
}

/// D10: the separator's top 4 mm below the bottom of the 发文字号's characters.
fn separator_distance(i: &Inputs<'_>, pages: &[Page], out: &mut Vec<Finding>) {
    let Some((number_line, title_line)) = separator::applies(i) else {
        return;
    };
    if !matches!(
        separator::find(i, number_line, title_line),
        Found::Separator(_)
    ) {
        return;
    }
    let Some(number) = &i.doc.issuing_number else {
        return;
    };
    let page = &pages[0];
    let n = needle(&number.text, 12);
    let Some(line) = page
        .lines()
        .into_iter()
        .find(|l| squash(&l.text).contains(&n))
    else {
        return;
    };
    let Some(font) = docx_font(i, number.at.line) else {
        return;
    };
    if !same_font(&font, &line.font) {
        return;
    }
    let bottom = em_bottom(&line);
    let title_top = i
        .doc
        .title
        .as_ref()
        .and_then(|t| t.lines.first())
        .and_then(|t| {
            let n = needle(&t.text, 6);
            page.lines()
                .into_iter()
                .find(|l| l.baseline > line.baseline && squash(&l.text).contains(&n))
        })
        .map_or(f64::MAX, |t| t.baseline);
    let rule = page
        .rules()
        .filter(|r| r.is_red() && r.width() > 50.0 && r.height() < 3.0)
        .filter(|r| r.top > line.baseline - 0.5 && r.top < title_top)
        .min_by(|a, b| a.top.total_cmp(&b.top));
    let Some(rule) = rule else {
        return;
    };
    let distance = rule.top - bottom;
    if (distance - 4.0).abs() > SEPARATOR_SLACK_MM {
        out.push(Finding::new(
            "D10",
            Severity::Error,
            ElementKind::IssuingNumber,
            i.at_line(number.at.line),
            format!("排版后版头分隔线在发文字号下约{distance:.1}mm；应在发文字号之下4mm处。"),
            "GB/T 9704-2012 7.2.7",
        ));
    }
}

/// D12: the first page shows 正文.
fn first_page_body(i: &Inputs<'_>, pages: &[Page], out: &mut Vec<Finding>) {
    let first = i
        .doc
        .body
        .iter()
        .find(|p| !crate::render::header::is_order_number(&p.text));
    let Some(first) = first else {
        return;
    };
    let Some((page, _)) = find(pages, &needle(&first.text, 8)) else {
        return;
    };
    if page > 0 {
        out.push(Finding::new(
            "D12",
            Severity::Error,
            ElementKind::Body,
            i.at_line(first.at.line),
            format!(
                "排版后正文从第{}页开始，首页没有正文；首页必须显示正文，主送机关过多时可移至版记。",
                page + 1
            ),
            "GB/T 9704-2012 7.3.3",
        ));
    }
}

/// D15: the 版记 on the last page, its last rule (or, without rules, its last line) on the
/// bottom edge of the 版心. Returns the page it is on.
fn colophon(i: &Inputs<'_>, pages: &[Page], g: &Geometry, out: &mut Vec<Finding>) -> Option<usize> {
    let d = i.doc;
    let elements: Vec<(&str, usize, ElementKind)> = [
        d.copy_to
            .as_ref()
            .map(|c| (c.text.as_str(), c.at.line, ElementKind::CopyTo)),
        d.printing
            .as_ref()
            .map(|p| (p.text.as_str(), p.at.line, ElementKind::Printing)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (text, line, element) = *elements.last()?;
    let (page, run) = find_last(pages, text)?;
    let rule = "GB/T 9704-2012 7.4.1";
    if page + 1 != pages.len() {
        out.push(Finding::new(
            "D15",
            Severity::Warning,
            element,
            i.at_line(line),
            format!(
                "排版后版记在第{}页，不在最后一页（共{}页）；版记应置于公文最后一页。",
                page + 1,
                pages.len()
            ),
            rule,
        ));
        return Some(page);
    }
    let p = &pages[page];
    let edge = g.edge(p);
    let text_bottom = em_bottom(&run);
    let lowest_rule = p
        .rules()
        .filter(|r| !r.is_red() && r.width() > 100.0 && r.height() < 3.0)
        .filter(|r| r.top > text_bottom - 1.0 && r.top < text_bottom + LINE_MM)
        .map(|r| r.bottom)
        .max_by(f64::total_cmp);
    let (bottom, ok) = match lowest_rule {
        Some(b) => (b, (b - edge).abs() <= COLOPHON_SLACK_MM),
        None => (
            text_bottom,
            text_bottom <= edge + COLOPHON_SLACK_MM
                && text_bottom >= edge - LINE_MM - COLOPHON_SLACK_MM,
        ),
    };
    if !ok {
        let what = if lowest_rule.is_some() {
            "末条分隔线"
        } else {
            "版记末行"
        };
        out.push(Finding::new(
            "D15",
            Severity::Warning,
            element,
            i.at_line(line),
            format!(
                "排版后{what}距版心下边缘约{:.1}mm；版记应位于最后一页版心最下方，末条分隔线与版心下边缘重合。",
                edge - bottom
            ),
            rule,
        ));
    }
    Some(page)
}

/// D17: blank pages before the 版记 page and the 版记 page itself carry no number when there are
/// such blank pages; numbers run on from page to page.
fn page_numbers(
    i: &Inputs<'_>,
    pages: &[Page],
    g: &Geometry,
    colophon_page: Option<usize>,
    out: &mut Vec<Finding>,
) {
    let rule = "GB/T 9704-2012 7.5";
    let numbers: Vec<Option<u32>> = pages.iter().map(|p| page_number(p, g)).collect();
    if let Some(last) = colophon_page.filter(|&c| c + 1 == pages.len()) {
        let blanks: Vec<usize> = (0..last)
            .rev()
            .take_while(|&k| is_blank(&pages[k], g))
            .collect();
        if !blanks.is_empty() {
            let numbered: Vec<String> = blanks
                .iter()
                .rev()
                .chain(std::iter::once(&last))
                .filter(|&&k| numbers[k].is_some())
                .map(|k| format!("第{}页", k + 1))
                .collect();
            if !numbered.is_empty() {
                out.push(Finding::new(
                    "D17",
                    Severity::Error,
                    ElementKind::PageNumber,
                    i.at_start(),
                    format!(
                        "版记页前有空白页，空白页和版记页均不编排页码，但{}有页码。",
                        numbered.join("、")
                    ),
                    rule,
                ));
            }
        }
    }
    let skipped = numbers
        .iter()
        .enumerate()
        .find_map(|(k, n)| n.filter(|&n| n as usize != k + 1).map(|n| (k, n)));
    if let Some((k, n)) = skipped {
        out.push(Finding::new(
            "D17",
            Severity::Error,
            ElementKind::PageNumber,
            i.at_start(),
            format!(
                "排版后第{}页的页码为{n}；页码应自首页起连续编排，附件与正文一起装订时页码连续。",
                k + 1
            ),
            rule,
        ));
    }
}

/// D16: the page number's dashes (the middle of its em box, 0.38 em above the baseline) 7 mm
/// below the 版心, odd numbers at the right and even ones at the left, each a character in.
/// The height depends on the font's ascent and descent, so it is judged only where the PDF
/// used the footer's font; the side and indent do not, and are judged unless the footer XML
/// already had them wrong.
fn number_places(i: &Inputs<'_>, pages: &[Page], g: &Geometry, out: &mut Vec<Finding>) {
    let odd_even = footers::odd_even(i);
    let readings = [Side::Odd, Side::Even].map(|side| footers::reading(i, side));
    let mut low: Vec<String> = Vec::new();
    let mut misplaced: Vec<String> = Vec::new();
    for page in pages {
        let Some((n, line)) = number_line(page, g) else {
            continue;
        };
        let side = if n % 2 == 1 { Side::Odd } else { Side::Even };
        let reading = readings[usize::from(side == Side::Even && odd_even)].as_ref();
        let font = reading.and_then(|r| r.runs.iter().find_map(|r| r.east_asia.clone()));
        if font.is_some_and(|f| same_font(&f, &line.font)) {
            let dash = line.baseline - 0.38 * line.size * MM_PER_PT;
            let distance = dash - g.edge(page);
            if (distance - NUMBER_MM).abs() > NUMBER_SLACK_MM {
                low.push(format!("第{n}页约{distance:.1}mm"));
            }
        }
        let xml_says_wrong = reading.is_some_and(|r| !footers::position_issues(r, side).is_empty());
        if !odd_even || xml_says_wrong {
            continue;
        }
        let em = line.size * MM_PER_PT;
        let (gap, want) = match side {
            Side::Odd => (page.width - g.right_margin - line.right(), "居右"),
            Side::Even => (line.x - g.left_margin, "居左"),
        };
        if !(0.5 * em..=1.6 * em).contains(&gap) {
            let from = if side == Side::Odd { "右" } else { "左" };
            misplaced.push(format!(
                "第{n}页页码距版心{from}边缘约{:.1}字（应{want}空一字）",
                gap / em
            ));
        }
    }
    let rule = "GB/T 9704-2012 7.5";
    if !low.is_empty() {
        out.push(Finding::new(
            "D16",
            Severity::Warning,
            ElementKind::PageNumber,
            i.at_start(),
            format!(
                "排版后页码的一字线距版心下边缘：{}；应为7mm。",
                low.join("，")
            ),
            rule,
        ));
    }
    if !misplaced.is_empty() {
        out.push(Finding::new(
            "D16",
            Severity::Warning,
            ElementKind::PageNumber,
            i.at_start(),
            format!(
                "排版后{}；单页码居右空一字，双页码居左空一字。",
                misplaced.join("，")
            ),
            rule,
        ));
    }
}

/// D18: where the special formats put the mark (its glyphs' top edge).
fn marks(i: &Inputs<'_>, pages: &[Page], g: &Geometry, out: &mut Vec<Finding>) {
    let Some(format) = special_formats::detect(i) else {
        return;
    };
    let (want, from, clause) = match format {
        Format::Letter => (30.0, "纸张上边缘", "GB/T 9704-2012 10.1"),
        Format::Order => (g.top + 20.0, "版心上边缘", "GB/T 9704-2012 10.2"),
        Format::Minutes => (g.top + 35.0, "版心上边缘", "GB/T 9704-2012 10.3"),
        Format::Standard => return,
    };
    let Some(mark) = pages[0].lines().into_iter().find(|l| l.is_red()) else {
        return;
    };
    // The mark's paragraph: the first red one (a 令 or 纪要 whose title is its mark has no
    // separate mark line; a 信函's mark may sit in the page header, out of the body).
    let mark_line = (1..=i.body.paragraphs.len().min(12)).find(|&l| {
        i.effective(l).is_some_and(|e| {
            !e.runs.is_empty()
                && e.runs
                    .iter()
                    .all(|(_, r)| r.color.as_deref().is_some_and(super::is_red))
        })
    });
    let wanted = mark_line.and_then(|l| docx_font(i, l));
    let font_ok = match wanted {
        Some(f) => same_font(&f, &mark.font),
        None => family(&mark.font) == Some(Family::XiaoBiaoSong),
    };
    if !font_ok {
        return;
    }
    let top = mark.em_top();
    if (top - want).abs() > MARK_SLACK_MM {
        let name = match format {
            Format::Letter => "信函",
            Format::Order => "命令（令）",
            _ => "纪要",
        };
        let base = if format == Format::Letter { 0.0 } else { g.top };
        out.push(Finding::new(
            "D18",
            Severity::Warning,
            ElementKind::IssuerMark,
            mark_line.map_or_else(|| i.at_start(), |l| i.at_line(l)),
            format!(
                "排版后{name}格式的发文机关标志上边缘距{from}约{:.1}mm，应为{:.0}mm。",
                top - base,
                want - base
            ),
            clause,
        ));
    }
}
