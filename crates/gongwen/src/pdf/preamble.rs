//! The typst set-up every document shares: A4 with the GB/T 9704-2012 margins (版心 156 ×
//! 225 mm), lines on a fixed 28.95 pt pitch, 28 characters a line, the fonts chosen for each
//! face, and the page numbers.

use std::fmt::Write;

use super::faces::{FaceChoice, Weight};
use super::markup::{face_fn, literal};

/// 22 lines fill the 225 mm 版心.
pub(crate) const PITCH_PT: f64 = 28.95;

/// Each line is a box exactly one pitch high with the top of its em box (字身) at the box's top,
/// whatever the font's own ascender: so a line's position on the page is where the standard
/// measures it, and every element lands on the grid. The em box of a CJK face spans 0.88 em above
/// the baseline to 0.12 em below (the ideographic em box).
pub(crate) fn preamble(
    choices: &[FaceChoice],
    latin: Option<&str>,
    title: &str,
    number_first_page: bool,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "#let P = {PITCH_PT}pt");
    for c in choices {
        let fonts = match latin {
            // Latin letters and digits in a Times-like face, as offices set them; the page
            // number's 宋体 keeps its own digits (7.5).
            Some(l) if c.face != super::faces::Face::SongTi => format!(
                "((name: {}, covers: \"latin-in-cjk\"), {})",
                literal(l),
                literal(&c.family)
            ),
            _ => format!("({},)", literal(&c.family)),
        };
        let weight = match c.weight {
            Weight::Regular => "regular",
            Weight::Bold => "bold",
        };
        let f = face_fn(c.face);
        let _ = writeln!(s, "#let {f}-fonts = {fonts}");
        let _ = writeln!(
            s,
            "#let {f}(body) = text(font: {f}-fonts, weight: \"{weight}\", body)"
        );
    }
    let _ = writeln!(s, "#set document(title: {})", literal(title));
    let skip = if number_first_page { "false" } else { "true" };
    // 7.5: 4号 宋体 “— n —”, the dash line 7 mm below the 版心 (262 mm from the top), odd
    // pages right and even pages left, each 1 character in. The em box is centred on that
    // line: a CJK em dash sits at the middle of the em box.
    let _ = writeln!(
        s,
        r#"#let page-number = context {{
  let n = counter(page).get().first()
  if {skip} and n == 1 {{ return none }}
  let odd = calc.odd(n)
  let t = text(font: song-fonts, size: 14pt, tracking: 0pt, lang: "en", region: none, top-edge: 0.88em, bottom-edge: -0.12em, "— " + str(n) + " —" + box(width: 0pt))
  place(top + left, dx: 28mm, dy: 262mm + 7mm - 7pt, box(width: 156mm, align(if odd {{ right }} else {{ left }}, pad(x: 14pt, t))))
}}"#
    );
    s.push_str(
        r#"#set page(width: 210mm, height: 297mm, margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), header: none, footer: none, foreground: page-number)
#set text(font: fang-fonts, size: 16pt, lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: 0.88em - P, tracking: (156mm - 448pt) / 28, cjk-latin-spacing: none, hyphenate: false)
#set par(leading: 0pt, spacing: 0pt, justify: true, first-line-indent: 0pt)
#set block(spacing: 0pt)
#let red = rgb(255, 0, 0)
#let blank(n) = v(n * P)
#let ind(body) = par(first-line-indent: (amount: 2em, all: true), body)
#let flush(body) = par(body)
#let centred(body) = align(center, par(justify: false, body))
#let rule(h, color) = block(width: 100%, height: h, fill: color)
#let em-line(body) = text(top-edge: 0.88em, bottom-edge: -0.12em, body)
"#,
    );
    s
}
