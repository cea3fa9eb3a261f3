//! Typst source assembled from the document. Every piece of the draft's text enters as a typst
//! string literal, never as markup, so `#`, `*`, `[`, `$`, `\` and the rest print as written.

use super::faces::Face;

/// The generated source and, for the glyph check, every text set in each face.
#[derive(Default)]
pub(crate) struct Markup {
    pub(crate) out: String,
    pub(crate) used: Vec<(Face, String)>,
}

impl Markup {
    /// Appends typst source written by the renderer itself.
    pub(crate) fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// A typst expression setting `text` in `face`: `#fang("…")` in markup.
    pub(crate) fn text(&mut self, face: Face, text: &str) -> String {
        self.used.push((face, text.to_string()));
        format!("{}({})", face_fn(face), literal(text))
    }
}

/// The preamble's function that sets a run in `face`.
pub(crate) fn face_fn(face: Face) -> &'static str {
    match face {
        Face::FangSong => "fang",
        Face::XiaoBiaoSong => "xbs",
        Face::HeiTi => "hei",
        Face::KaiTi => "kai",
        Face::SongTi => "song",
    }
}

/// `s` as a typst string literal.
pub(crate) fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(literal(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(literal("x\ny\u{7}"), r#""x\ny\u{7}""#);
        assert_eq!(literal("#set *粗* [链] $x$"), "\"#set *粗* [链] $x$\"");
    }
}
