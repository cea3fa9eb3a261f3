//! 版头 (GB/T 9704-2012 7.2) and the heads of the 信函, 令 and 纪要 formats (10.1–10.3).

use std::fmt::Write;

use crate::model::Document;
use crate::render::Format;
use crate::render::header::order_number;

use super::faces::Face;
use super::markup::Markup;

/// Mark size: 小初 (36 pt) at most, smaller when the name would not fit on one line.
fn mark_size(text: &str, fixed: Option<f64>) -> f64 {
    if let Some(s) = fixed {
        return s;
    }
    let chars = text.chars().count().max(1) as f64;
    (442.0 / chars).floor().clamp(22.0, 36.0)
}

/// A red 小标宋 line whose box is exactly its em box, so its top is the glyphs' top.
fn mark_line(m: &mut Markup, text: &str, size: f64) {
    let t = m.text(Face::XiaoBiaoSong, text);
    let _ = writeln!(
        m.out,
        "#align(center, par(justify: false, em-line(text(size: {size}pt, fill: red, tracking: 0pt, {t}))))"
    );
}

fn security_lines(m: &mut Markup, doc: &Document) -> usize {
    let mut n = 0;
    if let Some(f) = &doc.copy_number {
        let t = m.text(Face::FangSong, &f.text);
        let _ = writeln!(m.out, "#flush({t})");
        n += 1;
    }
    if let Some(f) = &doc.classification {
        let text = f.value.map_or_else(|| f.text.clone(), |c| c.to_string());
        let t = m.text(Face::HeiTi, &text);
        let _ = writeln!(m.out, "#flush({t})");
        n += 1;
    }
    if let Some(f) = &doc.urgency {
        let t = m.text(Face::HeiTi, &f.text);
        let _ = writeln!(m.out, "#flush({t})");
        n += 1;
    }
    n
}

fn number_text(doc: &Document) -> Option<String> {
    doc.issuing_number.as_ref().map(|n| {
        n.value
            .as_ref()
            .map_or_else(|| n.text.clone(), ToString::to_string)
    })
}

/// The 版头 of the 文件, 令 and 纪要 formats. Returns whether the title served as the mark.
pub(crate) fn head(m: &mut Markup, doc: &Document, format: Format) -> bool {
    let lines_above = security_lines(m, doc);
    let title_is_mark = doc.issuer_marks.is_empty() && format != Format::Standard;
    let marks: Vec<String> = if title_is_mark {
        doc.title
            .as_ref()
            .map(|t| t.lines.iter().map(|l| l.text.clone()).collect())
            .unwrap_or_default()
    } else {
        doc.issuer_marks.iter().map(|m| m.text.clone()).collect()
    };
    if marks.is_empty() && doc.issuing_number.is_none() {
        return false;
    }
    // 7.2.4: the mark's top edge 35 mm below the 版心's; 10.2: 20 mm for the 令.
    let from_top = if format == Format::Order { 20.0 } else { 35.0 };
    let _ = writeln!(m.out, "#v(calc.max(0pt, {from_top}mm - {lines_above} * P))");
    let fixed = (title_is_mark && format == Format::Minutes).then_some(22.0);
    // A joint mark: every organ's name at the size of the longest.
    let size = marks
        .iter()
        .map(|t| mark_size(t, fixed))
        .fold(36.0_f64, f64::min);
    for text in &marks {
        mark_line(m, text, size);
    }
    if format == Format::Order {
        if let Some(number) = order_number(doc) {
            let t = m.text(Face::FangSong, &number);
            let _ = writeln!(m.out, "#blank(2)\n#centred({t})");
        }
        m.raw("#blank(2)\n");
        return title_is_mark;
    }
    if doc.issuing_number.is_some() || doc.signers.is_some() {
        m.raw("#blank(2)\n");
        number_line(m, doc);
        // 7.2.7: 4 mm below the 发文字号's em box, which ends 16 pt into its line.
        m.raw("#v(16pt + 4mm - P)\n");
    } else {
        m.raw("#v(4mm)\n");
    }
    m.raw("#rule(1.5pt, red)\n#blank(2)\n");
    title_is_mark
}

/// 发文字号 centred; for a 上行文 the number 1 character from the left and “签发人：” with the
/// names in 楷体 1 character from the right, on the same line (7.2.5, 7.2.6).
fn number_line(m: &mut Markup, doc: &Document) {
    let number = number_text(doc).unwrap_or_default();
    let n = m.text(Face::FangSong, &number);
    let Some(signers) = &doc.signers else {
        let _ = writeln!(m.out, "#centred({n})");
        return;
    };
    let names = signers
        .value
        .as_ref()
        .map(|v| v.join("　"))
        .unwrap_or_default();
    let label = m.text(Face::FangSong, "签发人：");
    let names = m.text(Face::KaiTi, &names);
    let _ = writeln!(
        m.out,
        "#grid(columns: (1fr, auto), pad(left: 1em, par(justify: false, {n})), pad(right: 1em, par(justify: false, {label} + {names})))"
    );
}

/// The 信函 head (10.1): mark 30 mm from the page's top edge, red double line (thick over thin)
/// 4 mm below it and a second one (thin over thick) 20 mm above the bottom edge, both 170 mm
/// long and centred; 份号, 密级, 紧急程度 flush left and the 发文字号 flush right below the
/// first, 7/8 of a 3号 character (14 pt) down; the title two lines further.
pub(crate) fn letter(m: &mut Markup, doc: &Document) {
    let mark = doc
        .issuer_marks
        .first()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    let size = mark_size(&mark, None);
    let t = m.text(Face::XiaoBiaoSong, &mark);
    // Content starts at the 版心's top (37 mm); the heads are placed relative to it.
    let _ = writeln!(
        m.out,
        r#"#let thick = 2pt
#let thin = 0.75pt
#let gap = 1.25pt
#place(top + left, dx: -7mm, dy: 30mm - 37mm, block(width: 170mm, {{
  align(center, par(justify: false, em-line(text(size: {size}pt, fill: red, tracking: 0pt, {t}))))
  v(4mm)
  rule(thick, red)
  v(gap)
  rule(thin, red)
}}))
#place(top + left, dx: -7mm, dy: 297mm - 20mm - 37mm - thick - gap - thin, block(width: 170mm, {{
  rule(thin, red)
  v(gap)
  rule(thick, red)
}}))
#v(30mm + {size}pt + 4mm + thick + gap + thin + 14pt - 37mm)"#
    );
    let mut left: Vec<(Face, String)> = Vec::new();
    if let Some(f) = &doc.copy_number {
        left.push((Face::FangSong, f.text.clone()));
    }
    if let Some(f) = &doc.classification {
        left.push((
            Face::HeiTi,
            f.value.map_or_else(|| f.text.clone(), |c| c.to_string()),
        ));
    }
    if let Some(f) = &doc.urgency {
        left.push((Face::HeiTi, f.text.clone()));
    }
    let number = number_text(doc);
    let rows = left.len().max(usize::from(number.is_some()));
    for k in 0..rows {
        let l = left
            .get(k)
            .map_or_else(|| "[]".to_string(), |(f, s)| m.text(*f, s));
        let r = match (&number, k) {
            (Some(n), 0) => m.text(Face::FangSong, n),
            _ => "[]".to_string(),
        };
        let _ = writeln!(
            m.out,
            "#grid(columns: (1fr, auto), par(justify: false, {l}), par(justify: false, {r}))"
        );
    }
    if rows > 0 {
        m.raw("#blank(2)\n");
    }
}
