//! A 刊物 issue (简报, 内参, 通报) as printed: the red 报头 with the 刊名, 期号, 编印单位 and
//! date over a red rule, the articles in 仿宋 with 小标宋 titles, and the 报/送/发 lines
//! between rules at the foot of the last page. Every value enters typst as a string literal.

use std::fmt::Write;

use super::faces::Face;
use super::markup::literal;

/// One issue to print.
#[derive(Clone, Debug, Default)]
pub struct PeriodicalSheet {
    /// 刊名, e.g. 「工作通报」.
    pub name: String,
    /// e.g. 「2022年第3期（总第45期）」.
    pub number: String,
    /// 编印单位.
    pub unit: String,
    /// e.g. 「2022年1月5日」.
    pub date: String,
    pub articles: Vec<PeriodicalArticle>,
    /// 报, 送, 发 … with their recipients, printed in this order; empty ones are left out.
    pub lines: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default)]
pub struct PeriodicalArticle {
    pub title: String,
    /// Department and author, under the title; may be empty.
    pub byline: String,
    pub paragraphs: Vec<String>,
}

const RED: &str = "rgb(\"#c8102e\")";

impl super::PdfRenderer {
    /// Lays a 刊物 issue out on A4.
    pub fn render_periodical(&self, sheet: &PeriodicalSheet) -> Result<Vec<u8>, super::PdfError> {
        let mut used = vec![
            (Face::XiaoBiaoSong, sheet.name.clone()),
            (Face::FangSong, sheet.number.clone()),
            (Face::FangSong, sheet.unit.clone()),
            (Face::FangSong, sheet.date.clone()),
        ];
        for a in &sheet.articles {
            used.push((Face::XiaoBiaoSong, a.title.clone()));
            used.push((Face::KaiTi, a.byline.clone()));
            used.extend(a.paragraphs.iter().map(|p| (Face::FangSong, p.clone())));
        }
        for (l, v) in &sheet.lines {
            used.push((Face::FangSong, format!("{l}：{v}")));
        }
        super::glyphs::check(&self.fonts, &self.choices, self.latin.as_deref(), &used)?;
        self.compile(self.periodical_source(sheet))
    }

    /// The typst source of an issue (for tests and inspection).
    pub fn periodical_source(&self, sheet: &PeriodicalSheet) -> String {
        let (fang, _) = self.family(Face::FangSong);
        let (kai, kai_w) = self.family(Face::KaiTi);
        let (xbs, xbs_w) = self.family(Face::XiaoBiaoSong);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "#set document(title: {name})\n\
             #set page(paper: \"a4\", margin: (top: 30mm, bottom: 28mm, left: 28mm, right: 26mm), \
               footer: context align(center, text(size: 12pt, \"— \" + str(here().page()) + \" —\")))\n\
             #set text(font: ({fang},), size: 16pt, lang: \"zh\", region: \"cn\")\n\
             #set par(leading: 0.75em, spacing: 0.75em, justify: true)\n\
             #align(center, text(font: ({xbs},), weight: \"{xbs_w}\", size: 40pt, fill: {RED}, tracking: 0.1em, {name}))\n\
             #v(8pt)\n\
             #align(center, text(size: 16pt, {number}))\n\
             #v(2pt)\n\
             #grid(columns: (1fr, 1fr), align(left, text(size: 14pt, {unit})), align(right, text(size: 14pt, {date})))\n\
             #v(-6pt)\n\
             #line(length: 100%, stroke: 2pt + {RED})\n\
             #v(10pt)",
            name = literal(&sheet.name),
            number = literal(&sheet.number),
            unit = literal(&sheet.unit),
            date = literal(&sheet.date),
        );
        for (n, a) in sheet.articles.iter().enumerate() {
            if n > 0 {
                let _ = writeln!(s, "#v(14pt)");
            }
            let _ = writeln!(
                s,
                "#align(center, text(font: ({xbs},), weight: \"{xbs_w}\", size: 20pt, {}))",
                literal(&a.title)
            );
            if !a.byline.is_empty() {
                let _ = writeln!(
                    s,
                    "#align(center, text(font: ({kai},), weight: \"{kai_w}\", size: 14pt, {}))",
                    literal(&a.byline)
                );
            }
            let _ = writeln!(s, "#v(4pt)");
            for p in &a.paragraphs {
                let _ = writeln!(s, "#par[#h(2em)#text({})]", literal(p));
            }
        }
        let lines: Vec<_> = sheet.lines.iter().filter(|(_, v)| !v.is_empty()).collect();
        if !lines.is_empty() {
            // The 版记 sits at the foot of the last page, as on a 公文.
            let _ = writeln!(s, "#v(1fr)\n#block(breakable: false)[");
            let _ = writeln!(s, "#line(length: 100%, stroke: 0.75pt)");
            for (i, (l, v)) in lines.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "#block(inset: (x: 1em, y: 4pt), text(size: 14pt, {}))",
                    literal(&format!("{l}：{v}"))
                );
                let w = if i + 1 == lines.len() {
                    "0.75pt"
                } else {
                    "0.5pt"
                };
                let _ = writeln!(s, "#v(-4pt)\n#line(length: 100%, stroke: {w})");
            }
            let _ = writeln!(s, "]");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> PeriodicalSheet {
        PeriodicalSheet {
            name: "工作通报".into(),
            number: "2022年第1期（总第45期）".into(),
            unit: "办公室编印".into(),
            date: "2022年1月5日".into(),
            articles: vec![PeriodicalArticle {
                title: "关于#春节[期间]\"安全\"工作情况".into(),
                byline: "综合处　张三".into(),
                paragraphs: vec!["全市总体平稳。".into(), "各部门认真落实$责任*。".into()],
            }],
            lines: vec![
                ("报".into(), "市委、市政府主要领导".into()),
                ("送".into(), String::new()),
                ("发".into(), "各局委办".into()),
            ],
        }
    }

    #[test]
    fn user_text_enters_as_string_literals() {
        let Ok(r) = crate::PdfRenderer::new(None) else {
            return;
        };
        let src = r.periodical_source(&sheet());
        assert!(src.contains(r#""关于#春节[期间]\"安全\"工作情况""#));
        assert!(src.contains(r#""各部门认真落实$责任*。""#));
        assert!(!src.contains("送："));
    }

    #[test]
    fn renders_a_pdf() {
        let Ok(r) = crate::PdfRenderer::new(None) else {
            return;
        };
        let pdf = r.render_periodical(&sheet()).expect("renders");
        let doc = lopdf::Document::load_mem(&pdf).expect("valid PDF");
        assert_eq!(doc.get_pages().len(), 1);
    }
}
