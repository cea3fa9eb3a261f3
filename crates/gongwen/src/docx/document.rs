//! word/document.xml: paragraphs with their runs, table rows, and the section settings.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::error::DocxError;
use super::props::{ParaProps, RunProps, attr};

/// One run of text with its direct formatting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocxRun {
    pub text: String,
    pub props: RunProps,
}

/// One paragraph (or one table row, written as a markdown row).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocxParagraph {
    pub text: String,
    pub props: ParaProps,
    pub runs: Vec<DocxRun>,
    pub in_table: bool,
    /// A page break (`w:br w:type="page"`) comes before this paragraph's text, at the end of
    /// the paragraph before it, or the paragraph has `w:pageBreakBefore`.
    pub after_page_break: bool,
    /// Drawings anchored in the paragraph (DrawingML `w:drawing`, VML `w:pict`).
    pub shapes: Vec<Shape>,
}

/// A drawing in a paragraph, as far as the separator checks need it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// A straight line (`a:prstGeom prst="line"`, a connector, `v:line`); anything else is
    /// a picture or shape the checks do not interpret.
    pub is_line: bool,
    /// Line colour as hex RGB, when given as an explicit RGB value.
    pub color: Option<String>,
    /// Horizontal extent in millimetres.
    pub width_mm: Option<f64>,
}

/// Page setup of the (last) section, in twips.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub page_width: Option<i32>,
    pub page_height: Option<i32>,
    pub landscape: bool,
    pub top: Option<i32>,
    pub bottom: Option<i32>,
    pub left: Option<i32>,
    pub right: Option<i32>,
    /// `w:docGrid/@w:linePitch`
    pub line_pitch: Option<u32>,
    /// `w:docGrid/@w:type`
    pub grid_type: Option<String>,
    pub has_footer: bool,
    /// `w:titlePg`: the first page has its own header and footer.
    pub title_page: bool,
    /// `w:footerReference` and `w:headerReference` as (type, relationship id).
    pub footers: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocxBody {
    pub paragraphs: Vec<DocxParagraph>,
    pub section: Section,
}

pub(crate) fn parse(xml: &str) -> Result<DocxBody, DocxError> {
    let mut body = DocxBody::default();
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut para: Option<DocxParagraph> = None;
    let mut run: Option<DocxRun> = None;
    let mut in_text = false;
    let mut table_depth = 0usize;
    let mut pending_break = false;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut shape: Option<Shape> = None;
    loop {
        let event = reader.read_event().map_err(|e| DocxError::Xml {
            part: "word/document.xml",
            reason: e.to_string(),
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name().as_ref().to_string();
                let parent = stack.last().map(|p| p.as_str());
                let grand = stack.len().checked_sub(2).map(|i| stack[i].as_str());
                match name.as_str() {
                    "w:p" => {
                        para = Some(DocxParagraph {
                            in_table: table_depth > 0,
                            after_page_break: std::mem::take(&mut pending_break),
                            ..DocxParagraph::default()
                        });
                    }
                    "w:br" if attr(e, "w:type").as_deref() == Some("page") => {
                        if let Some(p) = para.as_mut() {
                            let text_so_far = p.text.trim().is_empty()
                                && run.as_ref().is_none_or(|r| r.text.trim().is_empty());
                            if text_so_far {
                                p.after_page_break = true;
                            } else {
                                pending_break = true;
                            }
                        }
                    }
                    "w:r" => run = Some(DocxRun::default()),
                    "w:t" => in_text = !empty,
                    "w:tab" if parent == Some("w:r") => {
                        if let Some(r) = run.as_mut() {
                            r.text.push('\t');
                        }
                    }
                    "w:tbl" => table_depth += 1,
                    "w:tr" => row.clear(),
                    "w:tc" => cell.clear(),
                    "w:pgSz" => {
                        let n = |k| attr(e, k).and_then(|v| v.parse().ok());
                        body.section.page_width = n("w:w");
                        body.section.page_height = n("w:h");
                        body.section.landscape =
                            attr(e, "w:orient").as_deref() == Some("landscape");
                    }
                    "w:pgMar" => {
                        let n = |k| attr(e, k).and_then(|v| v.parse().ok());
                        body.section.top = n("w:top");
                        body.section.bottom = n("w:bottom");
                        body.section.left = n("w:left");
                        body.section.right = n("w:right");
                    }
                    "w:docGrid" => {
                        body.section.line_pitch =
                            attr(e, "w:linePitch").and_then(|v| v.parse().ok());
                        body.section.grid_type = attr(e, "w:type");
                    }
                    "w:footerReference" => {
                        body.section.has_footer = true;
                        if let Some(id) = attr(e, "r:id") {
                            let kind = attr(e, "w:type").unwrap_or_else(|| "default".into());
                            body.section.footers.push((kind, id));
                        }
                    }
                    "w:headerReference" => {
                        if let Some(id) = attr(e, "r:id") {
                            let kind = attr(e, "w:type").unwrap_or_else(|| "default".into());
                            body.section.headers.push((kind, id));
                        }
                    }
                    "w:titlePg" => {
                        body.section.title_page =
                            !matches!(attr(e, "w:val").as_deref(), Some("0" | "false" | "off"));
                    }
                    "w:drawing" | "w:pict" | "w:object" if shape.is_none() => {
                        shape = Some(Shape::default());
                    }
                    "wp:extent" => {
                        if let Some(s) = shape.as_mut() {
                            s.width_mm = attr(e, "cx")
                                .and_then(|v| v.parse::<f64>().ok())
                                .map(|emu| emu / 36000.0);
                        }
                    }
                    "a:prstGeom" => {
                        if let Some(s) = shape.as_mut() {
                            let prst = attr(e, "prst").unwrap_or_default();
                            s.is_line = prst == "line" || prst.contains("Connector");
                        }
                    }
                    "a:srgbClr" if stack.iter().any(|n| n == "a:ln" || n == "a:lnRef") => {
                        if let Some(s) = shape.as_mut() {
                            // The shape's own outline wins over its style's.
                            if s.color.is_none() || parent == Some("a:solidFill") {
                                s.color = attr(e, "val");
                            }
                        }
                    }
                    "v:line" => {
                        if let Some(s) = shape.as_mut() {
                            s.is_line = true;
                            s.color = attr(e, "strokecolor").and_then(|c| vml_color(&c));
                            let x = |k| {
                                attr(e, k).and_then(|v| v.split(',').next().and_then(vml_length_mm))
                            };
                            s.width_mm = match (x("from"), x("to")) {
                                (Some(a), Some(b)) => Some((b - a).abs()),
                                _ => None,
                            };
                        }
                    }
                    _ => match (parent, grand) {
                        (Some("w:pPr"), Some("w:p")) => {
                            if let Some(p) = para.as_mut() {
                                p.props.read(e);
                            }
                        }
                        (Some("w:pBdr"), Some("w:pPr"))
                            if stack.len() >= 3 && stack[stack.len() - 3] == "w:p" =>
                        {
                            if let Some(p) = para.as_mut() {
                                p.props.read_border(e);
                            }
                        }
                        (Some("w:rPr"), Some("w:r")) => {
                            if let Some(r) = run.as_mut() {
                                r.props.read(e);
                            }
                        }
                        _ => {}
                    },
                }
                if empty {
                    if name == "w:p"
                        && let Some(p) = para.take()
                    {
                        finish_paragraph(p, table_depth, &mut cell, &mut body);
                    }
                } else {
                    stack.push(name);
                }
            }
            Event::Text(t) => {
                if in_text && let Some(r) = run.as_mut() {
                    r.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if in_text && let Some(run) = run.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        run.text.push(c);
                    } else {
                        let name = r.xml10_content();
                        run.text.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                match name.as_str() {
                    "w:drawing" | "w:pict" | "w:object" => {
                        if let (Some(s), Some(p)) = (shape.take(), para.as_mut()) {
                            p.shapes.push(s);
                        }
                    }
                    "w:t" => in_text = false,
                    "w:r" => {
                        if let (Some(r), Some(p)) = (run.take(), para.as_mut()) {
                            p.text.push_str(&r.text);
                            p.runs.push(r);
                        }
                    }
                    "w:p" => {
                        if let Some(p) = para.take() {
                            finish_paragraph(p, table_depth, &mut cell, &mut body);
                        }
                    }
                    "w:tc" => row.push(std::mem::take(&mut cell)),
                    "w:tr" => {
                        let cells: Vec<String> = row.iter().map(|c| c.trim().to_string()).collect();
                        body.paragraphs.push(DocxParagraph {
                            text: format!("| {} |", cells.join(" | ")),
                            in_table: true,
                            ..DocxParagraph::default()
                        });
                        row.clear();
                    }
                    "w:tbl" => table_depth = table_depth.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body)
}

/// `#FF0000`, `#f00` or a colour name as RGB hex.
fn vml_color(c: &str) -> Option<String> {
    let c = c.trim();
    let named = match c.to_ascii_lowercase().as_str() {
        "red" => Some("FF0000"),
        "black" => Some("000000"),
        _ => None,
    };
    if let Some(n) = named {
        return Some(n.to_string());
    }
    let hex = c.strip_prefix('#')?.split_whitespace().next()?;
    match hex.len() {
        6 => Some(hex.to_ascii_uppercase()),
        3 => Some(
            hex.chars()
                .flat_map(|ch| [ch, ch])
                .collect::<String>()
                .to_ascii_uppercase(),
        ),
        _ => None,
    }
}

/// A VML length (`12pt`, `4.5mm`, `1in`; a bare number is in pixels, 96 an inch) in
/// millimetres.
fn vml_length_mm(v: &str) -> Option<f64> {
    let v = v.trim();
    let (num, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
    let n: f64 = num.trim().parse().ok()?;
    Some(match unit {
        "pt" => n * 25.4 / 72.0,
        "mm" => n,
        "cm" => n * 10.0,
        "in" => n * 25.4,
        "" | "px" => n * 25.4 / 96.0,
        _ => return None,
    })
}

/// A paragraph outside a table becomes a line; inside a table its text goes to the cell.
fn finish_paragraph(p: DocxParagraph, table_depth: usize, cell: &mut String, body: &mut DocxBody) {
    if table_depth > 0 {
        cell.push_str(&p.text);
    } else {
        body.paragraphs.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn paragraphs_entities_tabs_and_tables() {
        let row =
            |a: &str, b: &str| format!("<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>", p(a), p(b));
        let xml = format!(
            r#"<w:document {W}><w:body>{}<w:p><w:r><w:t>机关</w:t></w:r><w:r><w:tab/><w:t>2024年1月5日印发</w:t></w:r></w:p><w:tbl>{}{}</w:tbl><w:p/><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:bottom="1984" w:left="1588" w:right="1474"/></w:sectPr></w:body></w:document>"#,
            p("A&amp;B &#x4E00;"),
            row("项目", "金额"),
            row("合计", "10"),
        );
        let body = parse(&xml).unwrap();
        let texts: Vec<&str> = body.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "A&B 一",
                "机关\t2024年1月5日印发",
                "| 项目 | 金额 |",
                "| 合计 | 10 |",
                ""
            ]
        );
        assert!(body.paragraphs[2].in_table);
        assert_eq!(body.section.page_width, Some(11906));
        assert_eq!(body.section.top, Some(2098));
        assert!(!body.section.has_footer);
    }

    #[test]
    fn run_and_paragraph_properties() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:pPr><w:pStyle w:val="Title"/><w:jc w:val="center"/><w:ind w:firstLineChars="200"/><w:spacing w:line="579" w:lineRule="exact"/><w:rPr><w:sz w:val="10"/></w:rPr></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="44"/><w:color w:val="FF0000"/></w:rPr><w:t>标题</w:t></w:r></w:p></w:body></w:document>"#
        );
        let body = parse(&xml).unwrap();
        let para = &body.paragraphs[0];
        assert_eq!(para.props.style.as_deref(), Some("Title"));
        assert_eq!(para.props.align.as_deref(), Some("center"));
        assert_eq!(para.props.first_line_chars, Some(200));
        assert_eq!(
            (para.props.line, para.props.line_rule.as_deref()),
            (Some(579), Some("exact"))
        );
        let run = &para.runs[0].props;
        assert_eq!(run.east_asia.as_deref(), Some("黑体"));
        assert_eq!(run.size, Some(44));
        assert_eq!(run.color.as_deref(), Some("FF0000"));
    }

    #[test]
    fn borders_spacing_frames_and_shapes() {
        let xml = format!(
            r##"<w:document {W}><w:body><w:p><w:pPr><w:pBdr><w:top w:val="nil"/><w:bottom w:val="thickThinSmallGap" w:sz="24" w:color="FF0000"/></w:pBdr><w:shd w:fill="000000"/><w:framePr w:yAlign="bottom"/><w:spacing w:before="120" w:afterLines="50"/><w:ind w:leftChars="100" w:hangingChars="300"/></w:pPr></w:p><w:p><w:r><w:drawing><wp:anchor><wp:extent cx="5616000" cy="0"/><a:graphic><a:graphicData><wps:wsp><wps:spPr><a:prstGeom prst="line"/><a:ln><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></wps:spPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r><w:r><w:pict><v:line from="0,0" to="72pt,0" strokecolor="#f00"/></w:pict></w:r></w:p><w:sectPr><w:footerReference w:type="first" r:id="rId9"/><w:titlePg/></w:sectPr></w:body></w:document>"##
        );
        let body = parse(&xml).unwrap();
        let p = &body.paragraphs[0].props;
        let bottom = p.border_bottom.as_ref().unwrap();
        assert!(bottom.is_line() && bottom.is_double());
        assert_eq!(bottom.color.as_deref(), Some("FF0000"));
        assert!(!p.border_top.as_ref().unwrap().is_line());
        assert_eq!(p.shading.as_deref(), Some("000000"));
        assert_eq!(p.frame, Some(true));
        assert_eq!((p.before, p.after_lines), (Some(120), Some(50)));
        assert_eq!((p.left_chars, p.hanging_chars), (Some(100), Some(300)));
        let shapes = &body.paragraphs[1].shapes;
        assert_eq!(shapes.len(), 2);
        assert!(shapes[0].is_line);
        assert_eq!(shapes[0].color.as_deref(), Some("FF0000"));
        assert!((shapes[0].width_mm.unwrap() - 156.0).abs() < 0.01);
        assert_eq!(shapes[1].color.as_deref(), Some("FF0000"));
        assert!((shapes[1].width_mm.unwrap() - 25.4).abs() < 0.01);
        assert!(body.section.title_page);
        assert_eq!(
            body.section.footers,
            vec![("first".to_string(), "rId9".to_string())]
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse("<w:document><w:body><w:p></w:body>").is_err());
    }
}
