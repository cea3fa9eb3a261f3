//! Office forms printed and filed beside a 公文: the 收文处理笺, the 发文稿纸, a 刊物's issue.
//! Not GB/T 9704 layouts but ruled A4 sheets: a title, a grid of labelled fields, and tall
//! boxes for 意见 and 批示 in the order they were written. Every value enters typst as a
//! string literal, so nothing a user typed is read as markup.

use std::fmt::Write;

use super::faces::{Face, Weight};
use super::markup::literal;

/// One printed form.
#[derive(Clone, Debug, Default)]
pub struct FormSheet {
    /// e.g. 「某某局收文处理笺」.
    pub title: String,
    /// A line under the title, e.g. the 收文编号 and date, set right.
    pub subtitle: Option<String>,
    pub rows: Vec<FormRow>,
    /// Small print at the foot, e.g. 打印时间.
    pub footer: Option<String>,
}

#[derive(Clone, Debug)]
pub enum FormRow {
    /// One or two label–value pairs on a line.
    Fields(Vec<(String, String)>),
    /// A labelled box of paragraphs (意见, 批示, 正文), at least `min_lines` lines tall.
    Block {
        label: String,
        paragraphs: Vec<String>,
        min_lines: u8,
    },
    /// A full-width heading inside the grid, e.g. 「正文」 before a long text.
    Heading(String),
}

impl super::PdfRenderer {
    /// Lays out a form sheet on A4.
    pub fn render_form(&self, sheet: &FormSheet) -> Result<Vec<u8>, super::PdfError> {
        let source = self.form_source(sheet);
        let mut used: Vec<(Face, String)> = vec![(Face::XiaoBiaoSong, sheet.title.clone())];
        for row in &sheet.rows {
            match row {
                FormRow::Fields(pairs) => {
                    for (l, v) in pairs {
                        used.push((Face::HeiTi, l.clone()));
                        used.push((Face::FangSong, v.clone()));
                    }
                }
                FormRow::Block {
                    label, paragraphs, ..
                } => {
                    used.push((Face::HeiTi, label.clone()));
                    used.extend(paragraphs.iter().map(|p| (Face::FangSong, p.clone())));
                }
                FormRow::Heading(h) => used.push((Face::HeiTi, h.clone())),
            }
        }
        used.extend(sheet.subtitle.iter().map(|s| (Face::FangSong, s.clone())));
        used.extend(sheet.footer.iter().map(|s| (Face::FangSong, s.clone())));
        super::glyphs::check(&self.fonts, &self.choices, self.latin.as_deref(), &used)?;
        self.compile(source)
    }

    pub(super) fn family(&self, face: Face) -> (String, &'static str) {
        let c = self
            .choices
            .iter()
            .find(|c| c.face == face)
            .expect("every face has a choice");
        let weight = match c.weight {
            Weight::Regular => "regular",
            Weight::Bold => "bold",
        };
        (literal(&c.family), weight)
    }

    /// The typst source of a form (for tests and inspection).
    pub fn form_source(&self, sheet: &FormSheet) -> String {
        let (fang, _) = self.family(Face::FangSong);
        let (hei, hei_w) = self.family(Face::HeiTi);
        let (xbs, xbs_w) = self.family(Face::XiaoBiaoSong);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "#set document(title: {})\n#set page(paper: \"a4\", margin: (top: 25mm, bottom: 22mm, x: 20mm))\n\
             #set text(font: ({fang},), size: 12pt, lang: \"zh\", region: \"cn\")\n\
             #set par(leading: 0.8em, justify: true)\n\
             #let label(t) = text(font: ({hei},), weight: \"{hei_w}\", t)\n\
             #align(center, text(font: ({xbs},), weight: \"{xbs_w}\", size: 22pt, {}))",
            literal(&sheet.title),
            literal(&sheet.title)
        );
        if let Some(sub) = &sheet.subtitle {
            let _ = writeln!(
                s,
                "#v(4pt)\n#align(right, text(size: 12pt, {}))",
                literal(sub)
            );
        }
        let _ = writeln!(
            s,
            "#v(6pt)\n#table(columns: (26mm, 1fr, 26mm, 1fr), stroke: 0.6pt, inset: 7pt, align: left + horizon,"
        );
        for row in &sheet.rows {
            match row {
                FormRow::Fields(pairs) => match pairs.as_slice() {
                    [(l, v)] => {
                        let _ = writeln!(
                            s,
                            "  label({}), table.cell(colspan: 3, {}),",
                            literal(l),
                            literal(v)
                        );
                    }
                    _ => {
                        for (l, v) in pairs.iter().take(2) {
                            let _ = writeln!(s, "  label({}), {},", literal(l), literal(v));
                        }
                    }
                },
                FormRow::Block {
                    label,
                    paragraphs,
                    min_lines,
                } => {
                    let body = paragraphs
                        .iter()
                        .map(|p| format!("par({})", literal(p)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let _ = writeln!(
                        s,
                        "  table.cell(align: center + horizon, label({})), table.cell(colspan: 3, align: left + top, block(width: 100%, height: auto, {{ v(0pt); stack(spacing: 0.6em, {body}); v({}em) }})),",
                        literal(label),
                        f32::from(*min_lines).max(1.0) * 1.0
                    );
                }
                FormRow::Heading(h) => {
                    let _ = writeln!(
                        s,
                        "  table.cell(colspan: 4, align: center, label({})),",
                        literal(h)
                    );
                }
            }
        }
        s.push_str(")\n");
        if let Some(f) = &sheet.footer {
            let _ = writeln!(s, "#v(6pt)\n#align(right, text(size: 9pt, {}))", literal(f));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> FormSheet {
        FormSheet {
            title: "收文处理笺".into(),
            subtitle: Some("收〔2022〕0153　2022年1月5日".into()),
            rows: vec![
                FormRow::Fields(vec![
                    ("来文单位".into(), "市人民政府办公室".into()),
                    ("来文字号".into(), "市政办发〔2022〕3号".into()),
                ]),
                FormRow::Fields(vec![(
                    "标题".into(),
                    "关于做好#春节[期间]\"安全\"工作的通知".into(),
                )]),
                FormRow::Block {
                    label: "拟办意见".into(),
                    paragraphs: vec!["请综合处主办。——王五 2022年1月5日".into()],
                    min_lines: 3,
                },
            ],
            footer: Some("打印时间：2022年1月6日".into()),
        }
    }

    #[test]
    fn user_text_enters_as_string_literals() {
        let Ok(r) = crate::PdfRenderer::new(None) else {
            return; // no CJK font here: the PDF tests of the crate say so loudly
        };
        let src = r.form_source(&sheet());
        assert!(src.contains(r#""关于做好#春节[期间]\"安全\"工作的通知""#));
        assert!(!src.contains("做好#春节[期间]\"安全\"工作的通知\n"));
    }

    #[test]
    fn renders_a_one_page_pdf_with_the_text() {
        let Ok(r) = crate::PdfRenderer::new(None) else {
            return;
        };
        let pdf = r.render_form(&sheet()).expect("renders");
        assert!(pdf.starts_with(b"%PDF"));
        let doc = lopdf::Document::load_mem(&pdf).expect("valid PDF");
        assert_eq!(doc.get_pages().len(), 1);
    }
}
