//! D16 页脚与页码 (GB/T 9704-2012 7.5): 公文页码一般用4号半角宋体阿拉伯数字，编排在版心下边缘之下，
//! 数字左右各放一条一字线，一字线上距版心下边缘7mm；单页码居右空一字，双页码居左空一字。
//!
//! Read from the footer parts of the last section: the default footer (odd pages) and, with
//! odd/even footers on, the even one. The paragraph holding the PAGE field (`w:fldSimple` or
//! `w:fldChar`/`w:instrText`) is checked for its alignment and 1-character indent, its runs'
//! font and size, and an em dash on each side. Where the structure is not one this reader can
//! follow surely (the field in a text box or nested in another field, two page numbers, a
//! frame or tabs placing it) the part of the check that depends on it is skipped.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::check::{Finding, Severity};
use crate::docx::fonts::Family;
use crate::docx::props::{ParaProps, RunProps, attr};
use crate::model::ElementKind;

use super::Inputs;

const RULE: &str = "GB/T 9704-2012 7.5";
/// 4号, in half-points.
const SIZE_4HAO: u32 = 28;
/// One 4号 character, in twips.
const CHAR_TWIPS: f64 = 280.0;
/// The indent may be between half a character and 1.6 characters.
const INDENT_CHARS: (f64, f64) = (0.5, 1.6);

/// The paragraph with the page number, as written in a footer part.
#[derive(Debug, Default)]
pub(crate) struct NumberParagraph {
    /// Direct paragraph properties.
    pub props: ParaProps,
    /// The visible text before and after the PAGE field.
    pub before: String,
    pub after: String,
    /// The field's instruction (`PAGE \* MERGEFORMAT`).
    pub instr: String,
    /// Direct properties of the runs that show something: the text around the field and the
    /// field's result.
    pub runs: Vec<RunProps>,
    /// A tab or positional tab in the paragraph: the number may be placed by it.
    pub tabs: bool,
    /// The paragraph is in a table cell: aligned within the cell.
    pub in_table: bool,
}

impl NumberParagraph {
    /// Where the paragraph is put by something other than its alignment and indents.
    fn placed_otherwise(&self, para: &ParaProps) -> bool {
        self.tabs || self.in_table || para.frame == Some(true)
    }
}

#[derive(PartialEq)]
enum Field {
    /// Before the PAGE field.
    Before,
    /// The PAGE field's result.
    Result,
    After,
}

/// The page-number paragraph of a footer part; `None` when there is no PAGE field or the part
/// is not one this reader follows surely.
pub(crate) fn number_paragraph(xml: &str) -> Option<NumberParagraph> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut found: Option<NumberParagraph> = None;
    let mut para: Option<NumberParagraph> = None;
    let mut state = Field::Before;
    // Field nesting depth, and the instruction of the outermost field being read.
    let mut depth = 0usize;
    let mut instr = String::new();
    let mut page_field_depth: Option<usize> = None;
    let mut run: Option<(RunProps, bool)> = None;
    let mut in_text = false;
    // Inside a text box, drawing or alternate content: paragraphs there are not read.
    let mut boxed = 0usize;
    let mut tables = 0usize;
    loop {
        let event = reader.read_event().ok()?;
        let (e, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            let name = e.name().as_ref().to_string();
            let parent = stack.last().map(String::as_str);
            match name.as_str() {
                "w:txbxContent" | "w:drawing" | "w:pict" | "mc:AlternateContent" | "w:object"
                    if !empty =>
                {
                    boxed += 1;
                }
                _ if boxed > 0 && is_page(&name, &e) => return None,
                _ if boxed > 0 => {}
                "w:tbl" => tables += 1,
                "w:p" => {
                    if para.is_some() {
                        return None;
                    }
                    para = Some(NumberParagraph {
                        in_table: tables > 0,
                        ..NumberParagraph::default()
                    });
                    state = Field::Before;
                    depth = 0;
                    page_field_depth = None;
                }
                "w:r" => run = Some((RunProps::default(), false)),
                _ if parent == Some("w:rPr")
                    && stack.iter().rev().nth(1).map(String::as_str) == Some("w:r") =>
                {
                    if let Some((props, _)) = run.as_mut() {
                        props.read(&e);
                    }
                }
                _ if parent == Some("w:pPr") => {
                    if let Some(p) = para.as_mut() {
                        p.props.read(&e);
                    }
                }
                "w:t" => in_text = !empty,
                "w:tab" | "w:ptab" if parent == Some("w:r") => {
                    let p = para.as_mut()?;
                    p.tabs = true;
                    push_text(p, &state, "\t");
                }
                "w:fldSimple" => {
                    let p = para.as_mut()?;
                    let code = attr(&e, "w:instr").unwrap_or_default();
                    if is_page_instr(&code) {
                        if state != Field::Before || depth > 0 {
                            return None;
                        }
                        p.instr = code.trim().to_string();
                        state = if empty { Field::After } else { Field::Result };
                    }
                }
                "w:fldChar" => {
                    let p = para.as_mut()?;
                    match attr(&e, "w:fldCharType").as_deref() {
                        Some("begin") => {
                            depth += 1;
                            if page_field_depth.is_some() {
                                return None;
                            }
                            if depth == 1 {
                                instr.clear();
                            }
                        }
                        Some("separate") => {
                            if depth == 1 && is_page_instr(&instr) {
                                if state != Field::Before {
                                    return None;
                                }
                                p.instr = instr.trim().to_string();
                                page_field_depth = Some(depth);
                                state = Field::Result;
                                if let Some((_, shows)) = run.as_mut() {
                                    *shows = true;
                                }
                            }
                        }
                        Some("end") => {
                            if page_field_depth == Some(depth) {
                                page_field_depth = None;
                                state = Field::After;
                            } else if depth == 1 && is_page_instr(&instr) {
                                // A PAGE field without a result.
                                if state != Field::Before {
                                    return None;
                                }
                                p.instr = instr.trim().to_string();
                                state = Field::After;
                            }
                            depth = depth.saturating_sub(1);
                        }
                        _ => return None,
                    }
                }
                "w:instrText" => {}
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match event {
            Event::Text(t) if in_text && boxed == 0 => {
                let text = t.xml10_content().into_owned();
                if let Some(p) = para.as_mut() {
                    push_text(p, &state, &text);
                    if !text.trim().is_empty()
                        && let Some((_, shows)) = run.as_mut()
                    {
                        *shows = true;
                    }
                }
            }
            Event::Text(t)
                if stack.last().map(String::as_str) == Some("w:instrText")
                    && boxed == 0
                    && depth == 1 =>
            {
                instr.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text && boxed == 0 => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => return None,
                    }
                    .to_string(),
                };
                if let Some(p) = para.as_mut() {
                    push_text(p, &state, &text);
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                stack.pop();
                match name.as_str() {
                    "w:txbxContent"
                    | "w:drawing"
                    | "w:pict"
                    | "mc:AlternateContent"
                    | "w:object" => boxed = boxed.saturating_sub(1),
                    _ if boxed > 0 => {}
                    "w:t" => in_text = false,
                    "w:tbl" => tables = tables.saturating_sub(1),
                    "w:fldSimple" if state == Field::Result => state = Field::After,
                    "w:r" => {
                        if let (Some((props, shows)), Some(p)) = (run.take(), para.as_mut())
                            && (shows || state == Field::Result)
                        {
                            p.runs.push(props);
                        }
                    }
                    "w:p" => {
                        let p = para.take()?;
                        if state == Field::Result || depth > 0 {
                            return None;
                        }
                        if state == Field::After {
                            if found.is_some() {
                                return None;
                            }
                            found = Some(p);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

fn push_text(p: &mut NumberParagraph, state: &Field, text: &str) {
    match state {
        Field::Before => p.before.push_str(text),
        Field::After => p.after.push_str(text),
        Field::Result => {}
    }
}

/// Whether an element inside a text box starts a PAGE field.
fn is_page(name: &str, e: &quick_xml::events::BytesStart<'_>) -> bool {
    name == "w:fldSimple" && attr(e, "w:instr").is_some_and(|i| is_page_instr(&i))
}

/// `PAGE` with any switches, not NUMPAGES or PAGEREF.
fn is_page_instr(code: &str) -> bool {
    code.split_whitespace().next() == Some("PAGE")
}

/// A number format the PAGE field's switches ask for that is not half-width Arabic digits.
fn bad_number_format(instr: &str) -> Option<&'static str> {
    let mut words = instr.split_whitespace();
    while let Some(w) = words.next() {
        if w != "\\*" {
            continue;
        }
        let f = words.next().unwrap_or_default();
        let bad = match f {
            "roman" | "ROMAN" | "Roman" => "罗马数字",
            "alphabetic" | "ALPHABETIC" => "字母",
            "ArabicDash" => "短横线（“- 1 -”）",
            "DBCHAR" => "全角数字",
            _ if f.starts_with("CHINESENUM") || f.starts_with("DBNUM") => "汉字数字",
            "CardText" | "OrdText" | "Ordinal" => "英文序数或数词",
            _ => continue,
        };
        return Some(bad);
    }
    None
}

/// Which side and footer a page parity means.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Side {
    /// Odd pages: right, right indent.
    Odd,
    /// Even pages: left, left indent.
    Even,
}

impl Side {
    fn label(self) -> &'static str {
        match self {
            Self::Odd => "单页码（奇数页页脚）",
            Self::Even => "双页码（偶数页页脚）",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Self::Odd => "default",
            Self::Even => "even",
        }
    }
}

/// What the XML says about one footer's page number.
pub(crate) struct Reading {
    pub number: NumberParagraph,
    /// Effective paragraph properties (style chain and direct).
    pub para: ParaProps,
    /// Effective properties of the runs that show.
    pub runs: Vec<RunProps>,
}

/// The page-number paragraph of the footer for a side, with its effective properties.
pub(crate) fn reading(i: &Inputs<'_>, side: Side) -> Option<Reading> {
    let number = number_paragraph(i.footer(side.kind())?)?;
    let (base_para, base_run) = i.sheet.paragraph(number.props.style.as_deref());
    let para = base_para.overlay(&number.props);
    let runs = number
        .runs
        .iter()
        .map(|r| {
            base_run
                .overlay(&i.sheet.character(r.style.as_deref()))
                .overlay(r)
        })
        .collect();
    Some(Reading { number, para, runs })
}

/// Whether the odd/even footers are on (`w:evenAndOddHeaders` in the settings).
pub(crate) fn odd_even(i: &Inputs<'_>) -> bool {
    i.settings.is_some_and(|s| {
        s.match_indices("<w:evenAndOddHeaders").any(|(k, _)| {
            let tag = s[k..].split('>').next().unwrap_or_default();
            !["\"0\"", "\"false\"", "\"off\""]
                .iter()
                .any(|v| tag.contains(&format!("w:val={v}")))
        })
    })
}

/// The problems with the page number's place: alignment and indent. Empty when it is right or
/// cannot be told from the XML.
pub(crate) fn position_issues(r: &Reading, side: Side) -> Vec<String> {
    let mut out = Vec::new();
    if r.number.placed_otherwise(&r.para) {
        return out;
    }
    let align = r.para.align.as_deref().unwrap_or("left");
    let (ok, want) = match side {
        Side::Odd => (matches!(align, "right" | "end"), "居右"),
        Side::Even => (matches!(align, "left" | "start" | "both"), "居左"),
    };
    if !ok {
        let now = match align {
            "center" => "居中",
            "right" | "end" => "居右",
            "distribute" => "分散对齐",
            _ => "居左",
        };
        out.push(format!("{now}，应{want}"));
        return out;
    }
    // Spaces typed on the outer side may stand for the indent; how a word processor sets them
    // at the line's end is not certain.
    let outer = match side {
        Side::Odd => r.number.after.chars().next_back(),
        Side::Even => r.number.before.chars().next(),
    };
    if outer.is_some_and(char::is_whitespace) {
        return out;
    }
    let p = &r.para;
    let chars = match side {
        Side::Odd => p
            .right_chars
            .map(|c| f64::from(c) / 100.0)
            .or_else(|| Some(f64::from(p.right.unwrap_or(0)) / CHAR_TWIPS)),
        Side::Even => {
            let twips = |v: Option<i32>| f64::from(v.unwrap_or(0)) / CHAR_TWIPS;
            let hundredths = |v: Option<i32>| v.map(|c| f64::from(c) / 100.0);
            let left = hundredths(p.left_chars).unwrap_or_else(|| twips(p.left));
            let first = hundredths(p.first_line_chars).unwrap_or_else(|| twips(p.first_line));
            let hanging = hundredths(p.hanging_chars).unwrap_or_else(|| twips(p.hanging));
            Some(left + first - hanging)
        }
    };
    if let Some(c) = chars
        && !(INDENT_CHARS.0..=INDENT_CHARS.1).contains(&c)
    {
        let which = if side == Side::Odd { "右" } else { "左" };
        out.push(format!("{which}缩进约{c:.1}字，应{want}空一字"));
    }
    out
}

fn format_issues(r: &Reading) -> Vec<String> {
    let mut out = Vec::new();
    let mut note = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for run in &r.runs {
        if let Some(f) = run.east_asia.as_deref()
            && Family::of(f) != Some(Family::SongTi)
        {
            note(format!("字体为“{f}”"));
        }
        // The digits are set in the ASCII font; Times New Roman is common practice.
        if let Some(f) = run.ascii.as_deref()
            && Family::of(f) != Some(Family::SongTi)
            && !f
                .to_lowercase()
                .replace(' ', "")
                .starts_with("timesnewroman")
        {
            note(format!("数字字体为“{f}”"));
        }
        if let Some(sz) = run.size
            && sz != SIZE_4HAO
        {
            note(format!("字号为{}磅", f64::from(sz) / 2.0));
        }
    }
    if !out.is_empty() {
        out.push("应为4号（14磅）宋体".into());
    }
    if let Some(f) = bad_number_format(&r.number.instr) {
        out.push(format!("页码域格式为{f}，应为半角阿拉伯数字"));
    }
    let dash = |s: &str| s.trim() == "—";
    if !dash(&r.number.before) || !dash(&r.number.after) {
        out.push(format!(
            "页码写作“{}n{}”，数字左右应各有一条一字线（“— 1 —”）",
            r.number.before.trim(),
            r.number.after.trim()
        ));
    }
    out
}

pub(super) fn check(i: &Inputs<'_>, out: &mut Vec<Finding>) {
    if !i.body.section.has_footer {
        out.push(Finding::new(
            "D16",
            Severity::Warning,
            ElementKind::PageNumber,
            i.at_start(),
            "文档没有页脚，未设置页码。页码用4号半角宋体阿拉伯数字，编排在版心下边缘之下。",
            RULE,
        ));
        return;
    }
    let odd_even = odd_even(i);
    if !odd_even {
        out.push(Finding::new(
            "D16",
            Severity::Warning,
            ElementKind::PageNumber,
            i.at_start(),
            "未设置奇偶页不同的页脚。单页码居右空一字，双页码居左空一字，需分别设置奇数页和偶数页页脚。",
            RULE,
        ));
    }
    let sides: &[Side] = if odd_even {
        &[Side::Odd, Side::Even]
    } else {
        &[Side::Odd]
    };
    for &side in sides {
        let Some(xml) = i.footer(side.kind()) else {
            continue;
        };
        if !super::has_page_field(xml) {
            out.push(Finding::new(
                "D16",
                Severity::Warning,
                ElementKind::PageNumber,
                i.at_start(),
                format!("{}中没有页码域（PAGE）。", side.label()),
                RULE,
            ));
            continue;
        }
        let Some(r) = reading(i, side) else {
            continue;
        };
        let mut issues = Vec::new();
        if odd_even {
            issues.extend(position_issues(&r, side));
        }
        issues.extend(format_issues(&r));
        if !issues.is_empty() {
            out.push(Finding::new(
                "D16",
                Severity::Warning,
                ElementKind::PageNumber,
                i.at_start(),
                format!(
                    "{}：{}。页码用4号半角宋体阿拉伯数字，左右各放一条一字线；单页码居右空一字，双页码居左空一字。",
                    side.label(),
                    issues.join("；")
                ),
                RULE,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn ftr(body: &str) -> String {
        format!("<w:ftr {W}>{body}</w:ftr>")
    }

    /// The footer `render_docx` writes for odd pages.
    fn odd(ppr: &str, rpr: &str, before: &str, after: &str) -> String {
        let r = |t: &str| {
            format!(r#"<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#)
        };
        ftr(&format!(
            r#"<w:p><w:pPr>{ppr}</w:pPr>{}<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="begin"/><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText><w:fldChar w:fldCharType="separate"/><w:t>1</w:t><w:fldChar w:fldCharType="end"/></w:r>{}</w:p>"#,
            r(before),
            r(after)
        ))
    }

    const SONG: &str =
        r#"<w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="28"/>"#;
    const RIGHT: &str = r#"<w:jc w:val="right"/><w:ind w:right="280"/>"#;

    fn read(xml: &str) -> Reading {
        let number = number_paragraph(xml).expect("a page number");
        Reading {
            para: number.props.clone(),
            runs: number.runs.clone(),
            number,
        }
    }

    #[test]
    fn reads_the_field_and_the_text_around_it() {
        let n = number_paragraph(&odd(RIGHT, SONG, "— ", " —")).unwrap();
        assert_eq!((n.before.as_str(), n.after.as_str()), ("— ", " —"));
        assert_eq!(n.instr, r"PAGE \* MERGEFORMAT");
        assert_eq!(n.runs.len(), 3);
        assert_eq!(n.props.align.as_deref(), Some("right"));
        let simple = ftr(
            r#"<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>—</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple><w:r><w:t>—</w:t></w:r></w:p>"#,
        );
        let n = number_paragraph(&simple).unwrap();
        assert_eq!((n.before.as_str(), n.after.as_str()), ("—", "—"));
        assert_eq!(n.runs.len(), 3);
    }

    #[test]
    fn unsure_structures_are_not_read() {
        // No PAGE field; NUMPAGES only.
        assert!(
            number_paragraph(&ftr(r#"<w:p><w:fldSimple w:instr="NUMPAGES"/></w:p>"#)).is_none()
        );
        // Two page numbers.
        let twice = odd(RIGHT, SONG, "—", "—").replace("</w:ftr>", "")
            + &odd(RIGHT, SONG, "—", "—").replace(&format!("<w:ftr {W}>"), "");
        assert!(number_paragraph(&twice).is_none());
        // In a text box.
        let boxed = ftr(&format!(
            r#"<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#,
            r#"<w:p><w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"#
        ));
        assert!(number_paragraph(&boxed).is_none());
        // A field nested in the PAGE field's result.
        let nested = odd(RIGHT, SONG, "—", "—").replace(
            "<w:t>1</w:t>",
            r#"<w:fldChar w:fldCharType="begin"/><w:instrText>QUOTE</w:instrText><w:fldChar w:fldCharType="end"/>"#,
        );
        assert!(number_paragraph(&nested).is_none());
        // Not XML.
        assert!(number_paragraph("<w:ftr><w:p>").is_none());
    }

    #[test]
    fn the_standard_page_number_passes() {
        let r = read(&odd(RIGHT, SONG, "— ", " —"));
        assert!(position_issues(&r, Side::Odd).is_empty());
        assert!(format_issues(&r).is_empty(), "{:?}", format_issues(&r));
        let even = read(&odd(
            r#"<w:jc w:val="left"/><w:ind w:leftChars="100" w:left="280"/>"#,
            r#"<w:rFonts w:ascii="宋体" w:eastAsia="SimSun"/><w:sz w:val="28"/>"#,
            "—",
            "—",
        ));
        assert!(position_issues(&even, Side::Even).is_empty());
        assert!(format_issues(&even).is_empty());
        // A frame or a tab places the number: the alignment says nothing.
        let framed = read(&odd(
            r#"<w:framePr w:xAlign="outside"/><w:jc w:val="center"/>"#,
            SONG,
            "—",
            "—",
        ));
        assert!(position_issues(&framed, Side::Odd).is_empty());
        let tabbed = read(&odd("", SONG, "\t— ", " —").replace("\t", "</w:t><w:tab/><w:t>"));
        assert!(tabbed.number.tabs);
        assert!(position_issues(&tabbed, Side::Odd).is_empty());
        // A typed full-width space for the indent is not judged.
        let spaced = read(&odd(r#"<w:jc w:val="right"/>"#, SONG, "— ", " —　"));
        assert!(position_issues(&spaced, Side::Odd).is_empty());
    }

    #[test]
    fn wrong_place_font_size_and_dashes() {
        let centred = read(&odd(r#"<w:jc w:val="center"/>"#, SONG, "— ", " —"));
        assert_eq!(position_issues(&centred, Side::Odd), vec!["居中，应居右"]);
        let odd_left = read(&odd(r#"<w:ind w:left="280"/>"#, SONG, "— ", " —"));
        assert_eq!(position_issues(&odd_left, Side::Odd), vec!["居左，应居右"]);
        let flush = read(&odd(r#"<w:jc w:val="right"/>"#, SONG, "— ", " —"));
        assert_eq!(
            position_issues(&flush, Side::Odd),
            vec!["右缩进约0.0字，应居右空一字"]
        );
        let deep = read(&odd(
            r#"<w:jc w:val="left"/><w:ind w:left="840"/>"#,
            SONG,
            "—",
            "—",
        ));
        assert_eq!(
            position_issues(&deep, Side::Even),
            vec!["左缩进约3.0字，应居左空一字"]
        );
        let small = read(&odd(
            RIGHT,
            r#"<w:rFonts w:ascii="Calibri" w:eastAsia="仿宋_GB2312"/><w:sz w:val="18"/>"#,
            "— ",
            " —",
        ));
        let issues = format_issues(&small);
        assert!(
            issues.contains(&"字体为“仿宋_GB2312”".to_string()),
            "{issues:?}"
        );
        assert!(
            issues.contains(&"数字字体为“Calibri”".to_string()),
            "{issues:?}"
        );
        assert!(issues.contains(&"字号为9磅".to_string()), "{issues:?}");
        let hyphens = read(&odd(RIGHT, SONG, "-", "-"));
        assert!(format_issues(&hyphens)[0].contains("“-n-”"));
        let words = read(&odd(RIGHT, SONG, "第", "页"));
        assert!(format_issues(&words)[0].contains("“第n页”"));
        let roman = read(&odd(RIGHT, SONG, "—", "—").replace("MERGEFORMAT", "ROMAN"));
        assert!(format_issues(&roman)[0].contains("罗马数字"));
    }
}
