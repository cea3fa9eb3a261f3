//! word/styles.xml: document defaults and the style chain (`w:basedOn`).

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::error::DocxError;
use super::props::{ParaProps, RunProps, attr};

#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    para: ParaProps,
    run: RunProps,
}

/// The style sheet, resolved on demand.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stylesheet {
    default_run: RunProps,
    default_para: ParaProps,
    styles: HashMap<String, Style>,
    /// The paragraph style marked `w:default="1"` (usually “Normal”).
    default_paragraph_style: Option<String>,
}

/// How deep a `basedOn` chain may go before it is taken as a loop.
const MAX_CHAIN: usize = 16;

impl Stylesheet {
    pub fn parse(xml: &str) -> Result<Self, DocxError> {
        let mut sheet = Stylesheet::default();
        let mut reader = Reader::from_str(xml);
        let mut stack: Vec<String> = Vec::new();
        let mut current: Option<(String, Style)> = None;
        loop {
            let event = reader.read_event().map_err(|e| DocxError::Xml {
                part: "word/styles.xml",
                reason: e.to_string(),
            })?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    if stack.pop().as_deref() == Some("w:style")
                        && let Some((id, style)) = current.take()
                    {
                        sheet.styles.insert(id, style);
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let name = e.name().as_ref().to_string();
            let parent = stack.last().map(|p| p.as_str());
            let grand = stack.len().checked_sub(2).map(|i| stack[i].as_str());
            match name.as_str() {
                "w:style" => {
                    let id = attr(e, "w:styleId").unwrap_or_default();
                    if attr(e, "w:type").as_deref() == Some("paragraph")
                        && matches!(attr(e, "w:default").as_deref(), Some("1" | "true"))
                    {
                        sheet.default_paragraph_style = Some(id.clone());
                    }
                    current = Some((id, Style::default()));
                }
                "w:basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = attr(e, "w:val");
                    }
                }
                _ => match (parent, grand) {
                    (Some("w:rPr"), Some("w:rPrDefault")) => sheet.default_run.read(e),
                    (Some("w:pPr"), Some("w:pPrDefault")) => sheet.default_para.read(e),
                    (Some("w:rPr"), Some("w:style")) => {
                        if let Some((_, s)) = current.as_mut() {
                            s.run.read(e);
                        }
                    }
                    (Some("w:pPr"), Some("w:style")) => {
                        if let Some((_, s)) = current.as_mut() {
                            s.para.read(e);
                        }
                    }
                    _ => {}
                },
            }
            if !empty {
                stack.push(name);
            } else if name == "w:style"
                && let Some((id, style)) = current.take()
            {
                sheet.styles.insert(id, style);
            }
        }
        Ok(sheet)
    }

    /// The chain from the root style down to `id`.
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = id.map(str::to_string);
        while let Some(name) = next {
            if out.len() >= MAX_CHAIN {
                break;
            }
            let Some(style) = self.styles.get(&name) else {
                break;
            };
            out.push(style);
            next = style.based_on.clone();
        }
        out.reverse();
        out
    }

    /// Paragraph and run properties a paragraph gets from defaults and its style.
    pub fn paragraph(&self, style: Option<&str>) -> (ParaProps, RunProps) {
        let style = style.or(self.default_paragraph_style.as_deref());
        let mut para = self.default_para.clone();
        let mut run = self.default_run.clone();
        for s in self.chain(style) {
            para = para.overlay(&s.para);
            run = run.overlay(&s.run);
        }
        (para, run)
    }

    /// Run properties from a character style.
    pub fn character(&self, style: Option<&str>) -> RunProps {
        self.chain(style)
            .into_iter()
            .fold(RunProps::default(), |acc, s| acc.overlay(&s.run))
    }
}
