//! 主体 and 版记 (GB/T 9704-2012 7.3, 7.4; 10.3 for the attendee lines of a 纪要).

use std::fmt::Write;

use crate::model::{self, AttachmentNote, Document, HeadingLevel, Paragraph};
use crate::render::body::{attendee_label, split_heading};
use crate::render::{Format, Seal};

use super::faces::Face;
use super::markup::Markup;

/// 标题: 2号 小标宋, centred, one line of the draft a line (7.3.1).
pub(crate) fn title(m: &mut Markup, doc: &Document) {
    for l in doc.title.iter().flat_map(|t| t.lines.iter()) {
        let t = m.text(Face::XiaoBiaoSong, &l.text);
        let _ = writeln!(m.out, "#centred(text(size: 22pt, tracking: 0pt, {t}))");
    }
    // 题注 of a 决议: centred on the line below the title, 3号 楷体 as offices set it.
    if let Some(n) = &doc.title_note {
        let t = m.text(Face::KaiTi, &n.text);
        let _ = writeln!(m.out, "#centred({t})");
    }
}

/// A label ending in a full-width colon keeps the colon's full width: typst halves CJK
/// punctuation at the end of a line, and a label cell is a line of its own.
pub(crate) fn keep_width(expr: String) -> String {
    format!("{expr} + box(width: 0pt)")
}

/// 主送机关: one blank line below the title, flush left (7.3.2).
pub(crate) fn recipients(m: &mut Markup, doc: &Document, after_title: bool) {
    if let Some(r) = &doc.recipients {
        if after_title {
            m.raw("#blank(1)\n");
        }
        let t = m.text(Face::FangSong, &r.text);
        let _ = writeln!(m.out, "#flush({t})");
    } else if after_title {
        m.raw("#blank(1)\n");
    }
}

/// Paragraphs and tables in the order of the draft.
pub(crate) fn text(
    m: &mut Markup,
    paragraphs: &[Paragraph],
    tables: &[model::Table],
    minutes: bool,
) {
    enum Item<'a> {
        P(&'a Paragraph),
        T(&'a model::Table),
    }
    let mut items: Vec<(usize, Item)> =
        paragraphs.iter().map(|p| (p.at.line, Item::P(p))).collect();
    for t in tables {
        if let Some(first) = t.rows.first() {
            items.push((first.at.line, Item::T(t)));
        }
    }
    items.sort_by_key(|(line, _)| *line);
    let mut after_text = false;
    for (_, item) in items {
        match item {
            Item::P(p) => {
                let attendee = minutes && attendee_label(&p.text).is_some();
                // 10.3: the 出席 list starts one blank line below the 正文.
                if attendee && after_text {
                    m.raw("#blank(1)\n");
                }
                after_text = !attendee;
                paragraph(m, p, minutes);
            }
            Item::T(t) => {
                after_text = true;
                table(m, t);
            }
        }
    }
}

pub(crate) fn paragraph(m: &mut Markup, p: &Paragraph, minutes: bool) {
    if minutes && let Some(label) = attendee_label(&p.text) {
        // 10.3: label in 黑体, 2 characters in; a long list wraps under its first name.
        let rest = &p.text[label.len()..];
        let l = keep_width(m.text(Face::HeiTi, label));
        let r = m.text(Face::FangSong, rest);
        let _ = writeln!(
            m.out,
            "#pad(left: 2em, grid(columns: (auto, 1fr), par(justify: false, {l}), par({r})))"
        );
        return;
    }
    let Some(h) = &p.heading else {
        let t = m.text(Face::FangSong, &p.text);
        let _ = writeln!(m.out, "#ind({t})");
        return;
    };
    let face = match h.level {
        HeadingLevel::One => Face::HeiTi,
        HeadingLevel::Two => Face::KaiTi,
        HeadingLevel::Three | HeadingLevel::Four => Face::FangSong,
    };
    let (head, rest) = split_heading(&p.text);
    let mut body = m.text(face, head);
    if !rest.is_empty() {
        body = format!("{body} + {}", m.text(Face::FangSong, rest));
    }
    let _ = writeln!(m.out, "#ind({body})");
}

/// A table across the 版心, each row one line high; the first row is the head, in 黑体.
fn table(m: &mut Markup, t: &model::Table) {
    let columns = t
        .rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut cells = Vec::new();
    for (k, r) in t.rows.iter().enumerate() {
        for c in 0..columns {
            let text = r.cells.get(c).map_or("", String::as_str);
            let face = if k == 0 { Face::HeiTi } else { Face::FangSong };
            cells.push(format!("par(justify: false, {})", m.text(face, text)));
        }
    }
    let _ = writeln!(
        m.out,
        "#table(columns: (1fr,) * {columns}, align: center + horizon, inset: (x: 2pt, y: 0pt), stroke: 0.5pt, {})",
        cells.join(", ")
    );
}

/// 附件说明: one blank line below the 正文, 2 characters in; later items and wrapped names line
/// up under the first item's name (7.3.4).
pub(crate) fn attachment_note(m: &mut Markup, note: &AttachmentNote) {
    let label = keep_width(m.text(Face::FangSong, "附件："));
    let mut rows = Vec::new();
    for item in &note.items {
        let (number, name) = match item.number {
            Some(n) => (format!("{n}."), item.name.clone()),
            None => (String::new(), item.name.clone()),
        };
        let n = m.text(Face::FangSong, &number);
        let t = m.text(Face::FangSong, &name);
        rows.push(format!("par(justify: false, {n}), par({t})"));
    }
    let _ = writeln!(
        m.out,
        "#blank(1)\n#pad(left: 2em, grid(columns: (auto, 1fr), par(justify: false, {label}), grid(columns: (auto, 1fr), {})))",
        rows.join(", ")
    );
}

/// 署名 and 成文日期, kept on one page with the last line above them (7.3.5).
pub(crate) fn signature(
    m: &mut Markup,
    doc: &Document,
    format: Format,
    seal: Seal,
) -> Option<String> {
    let date = doc
        .date
        .as_ref()
        .map(|d| d.value.map_or_else(|| d.text.clone(), |v| v.to_string()));
    if doc.signatures.is_empty() && date.is_none() {
        return None;
    }
    let names: Vec<String> = doc
        .signatures
        .iter()
        .map(|s| m.text(Face::FangSong, &s.text))
        .collect();
    let date = date.map(|d| m.text(Face::FangSong, &d));
    let names_arr = format!(
        "({})",
        names.iter().map(|n| format!("{n},")).collect::<String>()
    );
    let date_expr = date.clone().unwrap_or_else(|| "none".into());
    let mut s = String::new();
    if format == Format::Order {
        // 7.3.5.3: the signature seal 2 blank lines below the text, 4 characters from the
        // right; the date one blank line below it, also 4 characters in.
        let _ = writeln!(s, "blank(2)");
        for n in &names {
            let _ = writeln!(s, "align(right, pad(right: 4em, par(justify: false, {n})))");
        }
        if let Some(d) = &date {
            let _ = writeln!(
                s,
                "blank(1)\nalign(right, pad(right: 4em, par(justify: false, {d})))"
            );
        }
    } else {
        let sealed = seal == Seal::Sealed;
        // Sealed (7.3.5.1): two blank lines of room for the seal, the date 4 characters from the
        // right and each 署名 centred over it. Unsealed (7.3.5.2): one blank line, the 署名
        // 2 characters from the right, the date's first character 2 characters right of the
        // 署名's; a date longer than the 署名 stays 2 characters in and pushes the 署名 left.
        let _ = writeln!(
            s,
            r#"context {{
  let names = {names_arr}
  let date = {date_expr}
  let dw = if date == none {{ 0pt }} else {{ measure(date).width }}
  let nw = names.fold(0pt, (a, n) => calc.max(a, measure(n).width))
  blank({gap})
  if {sealed} {{
    for n in names {{ align(right, pad(right: 4em + (dw - measure(n).width) / 2, par(justify: false, n))) }}
    if date != none {{ align(right, pad(right: 4em, par(justify: false, date))) }}
  }} else {{
    let di = calc.max(nw - dw, 2em)
    for n in names {{ align(right, pad(right: di + dw + 2em - measure(n).width, par(justify: false, n))) }}
    if date != none {{ align(right, pad(right: di, par(justify: false, date))) }}
  }}
}}"#,
            gap = if sealed { 2 } else { 1 },
        );
    }
    Some(s)
}

/// 附注: the line after the 成文日期, 2 characters in (7.3.6).
pub(crate) fn notes(m: &mut Markup, doc: &Document) {
    if let Some(n) = &doc.notes {
        let t = m.text(Face::FangSong, &n.text);
        let _ = writeln!(m.out, "#ind({t})");
    }
}

/// 附件: a new page, “附件N” in 黑体 on line 1, the title centred on line 3 (7.3.7).
pub(crate) fn attachment(m: &mut Markup, a: &model::Attachment) {
    let label = m.text(Face::HeiTi, &a.label.text);
    let _ = writeln!(m.out, "#pagebreak(weak: true)\n#flush({label})");
    if let Some(t) = &a.title {
        let t = m.text(Face::XiaoBiaoSong, &t.text);
        let _ = writeln!(
            m.out,
            "#blank(1)\n#centred(text(size: 22pt, tracking: 0pt, {t}))\n#blank(1)"
        );
    }
    text(m, &a.body, &a.tables, false);
}

/// 版记 (7.4) at the foot of the last page: 4号 仿宋 lines 1 character in from both sides
/// between rules, thick first and last (0.35 mm), thin between (0.25 mm); the last rule on the
/// 版心's bottom edge. The 信函 has neither rules nor 印发 line (10.1).
pub(crate) fn colophon(m: &mut Markup, doc: &Document, format: Format) {
    let letter = format == Format::Letter;
    let printing = if letter { None } else { doc.printing.as_ref() };
    if doc.copy_to.is_none() && printing.is_none() {
        return;
    }
    let mut rows: Vec<String> = Vec::new();
    if !letter {
        rows.push("rule(0.35mm, black)".into());
    }
    if let Some(c) = &doc.copy_to {
        let rest = c
            .text
            .strip_prefix("抄送：")
            .map_or(c.text.as_str(), str::trim_start);
        let l = keep_width(m.text(Face::FangSong, "抄送："));
        let r = m.text(Face::FangSong, rest);
        rows.push(format!(
            "pad(x: 1em, grid(columns: (auto, 1fr), par(justify: false, {l}), par({r})))"
        ));
        if printing.is_some() {
            rows.push("rule(0.25mm, black)".into());
        }
    }
    if let Some(p) = printing {
        let (organ, date) = match &p.value {
            Some(v) => (
                v.organ.clone(),
                v.date.map_or_else(String::new, |d| format!("{d}印发")),
            ),
            None => (p.text.clone(), String::new()),
        };
        let o = m.text(Face::FangSong, &organ);
        let d = m.text(Face::FangSong, &date);
        rows.push(format!(
            "pad(x: 1em, grid(columns: (1fr, auto), par(justify: false, {o}), par(justify: false, {d})))"
        ));
    }
    if !letter {
        rows.push("rule(0.35mm, black)".into());
    }
    // Each text line one pitch high with its em box centred in it.
    let _ = writeln!(
        m.out,
        "#v(1fr)\n#block(breakable: false, width: 100%, {{\n  set text(size: 14pt, tracking: 0pt, top-edge: 0.5em + P / 2 - 0.12em, bottom-edge: 0.5em - P / 2 - 0.12em)\n  {}\n}})",
        rows.join("\n  ")
    );
}
