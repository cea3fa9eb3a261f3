//! Run and paragraph properties as far as the format checks need them. Every field is optional:
//! `None` means “not said here”, so layers (defaults, styles, direct formatting) can be overlaid.

use quick_xml::events::BytesStart;

/// 字体、字号、颜色
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunProps {
    /// `w:rFonts/@w:eastAsia`: the font for Chinese characters.
    pub east_asia: Option<String>,
    /// `w:rFonts/@w:ascii`
    pub ascii: Option<String>,
    /// `w:sz`, in half-points.
    pub size: Option<u32>,
    /// `w:color`, hex RGB or `auto`.
    pub color: Option<String>,
    /// `w:rStyle`
    pub style: Option<String>,
}

impl RunProps {
    /// `over` wins where it says something.
    pub fn overlay(&self, over: &RunProps) -> RunProps {
        RunProps {
            east_asia: over.east_asia.clone().or_else(|| self.east_asia.clone()),
            ascii: over.ascii.clone().or_else(|| self.ascii.clone()),
            size: over.size.or(self.size),
            color: over.color.clone().or_else(|| self.color.clone()),
            style: over.style.clone().or_else(|| self.style.clone()),
        }
    }

    /// Reads one child element of `w:rPr`.
    pub fn read(&mut self, e: &BytesStart<'_>) {
        match e.name().as_ref() {
            "w:rFonts" => {
                if let Some(v) = attr(e, "w:eastAsia") {
                    self.east_asia = Some(v);
                }
                if let Some(v) = attr(e, "w:ascii") {
                    self.ascii = Some(v);
                }
            }
            "w:sz" => self.size = attr(e, "w:val").and_then(|v| v.parse().ok()),
            "w:color" => self.color = attr(e, "w:val"),
            "w:rStyle" => self.style = attr(e, "w:val"),
            _ => {}
        }
    }
}

/// 对齐、缩进、行距
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    /// `w:pStyle`
    pub style: Option<String>,
    /// `w:jc`: left, center, right, both …
    pub align: Option<String>,
    /// `w:ind/@w:firstLine`, twips.
    pub first_line: Option<i32>,
    /// `w:ind/@w:firstLineChars`, hundredths of a character.
    pub first_line_chars: Option<i32>,
    /// `w:ind/@w:hanging`, twips.
    pub hanging: Option<i32>,
    /// `w:ind/@w:left` (or `w:start`), twips.
    pub left: Option<i32>,
    /// `w:ind/@w:right` (or `w:end`), twips.
    pub right: Option<i32>,
    /// `w:pageBreakBefore`
    pub page_break_before: Option<bool>,
    /// `w:spacing/@w:line`: twips for exact/atLeast, 240ths of a line for auto.
    pub line: Option<u32>,
    /// `w:spacing/@w:lineRule`
    pub line_rule: Option<String>,
    /// `w:spacing/@w:before` and `@w:after`, twips.
    pub before: Option<i32>,
    pub after: Option<i32>,
    /// `w:spacing/@w:beforeLines` and `@w:afterLines`, hundredths of a line; Word uses them
    /// instead of the twips when present.
    pub before_lines: Option<i32>,
    pub after_lines: Option<i32>,
    /// `w:ind/@w:leftChars`, `@w:rightChars`, `@w:hangingChars`: hundredths of a character,
    /// used instead of the twips when present.
    pub left_chars: Option<i32>,
    pub right_chars: Option<i32>,
    pub hanging_chars: Option<i32>,
    /// `w:pBdr/w:top` and `w:pBdr/w:bottom`.
    pub border_top: Option<Border>,
    pub border_bottom: Option<Border>,
    /// `w:shd/@w:fill`: the paragraph's background.
    pub shading: Option<String>,
    /// `w:framePr`: the paragraph sits in a frame.
    pub frame: Option<bool>,
}

/// A paragraph border line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Border {
    /// `w:val`: single, double, thickThinSmallGap …; `none`/`nil` for no line.
    pub kind: String,
    /// `w:color`, hex RGB or `auto`.
    pub color: Option<String>,
    /// `w:sz`, eighths of a point.
    pub size: Option<u32>,
}

impl Border {
    /// Whether a line is drawn at all.
    pub fn is_line(&self) -> bool {
        !matches!(self.kind.as_str(), "none" | "nil" | "")
    }

    /// Two lines: double, thick over thin, thin over thick (the 信函's rules).
    pub fn is_double(&self) -> bool {
        self.kind == "double"
            || self.kind.starts_with("thickThin")
            || self.kind.starts_with("thinThick")
            || self.kind == "triple"
    }

    fn read(e: &BytesStart<'_>) -> Border {
        Border {
            kind: attr(e, "w:val").unwrap_or_default(),
            color: attr(e, "w:color"),
            size: attr(e, "w:sz").and_then(|v| v.parse().ok()),
        }
    }
}

impl ParaProps {
    pub fn overlay(&self, over: &ParaProps) -> ParaProps {
        ParaProps {
            style: over.style.clone().or_else(|| self.style.clone()),
            align: over.align.clone().or_else(|| self.align.clone()),
            first_line: over.first_line.or(self.first_line),
            first_line_chars: over.first_line_chars.or(self.first_line_chars),
            hanging: over.hanging.or(self.hanging),
            left: over.left.or(self.left),
            right: over.right.or(self.right),
            page_break_before: over.page_break_before.or(self.page_break_before),
            line: over.line.or(self.line),
            line_rule: over.line_rule.clone().or_else(|| self.line_rule.clone()),
            before: over.before.or(self.before),
            after: over.after.or(self.after),
            before_lines: over.before_lines.or(self.before_lines),
            after_lines: over.after_lines.or(self.after_lines),
            left_chars: over.left_chars.or(self.left_chars),
            right_chars: over.right_chars.or(self.right_chars),
            hanging_chars: over.hanging_chars.or(self.hanging_chars),
            border_top: over.border_top.clone().or_else(|| self.border_top.clone()),
            border_bottom: over
                .border_bottom
                .clone()
                .or_else(|| self.border_bottom.clone()),
            shading: over.shading.clone().or_else(|| self.shading.clone()),
            frame: over.frame.or(self.frame),
        }
    }

    /// Reads a child of `w:pPr/w:pBdr`.
    pub fn read_border(&mut self, e: &BytesStart<'_>) {
        match e.name().as_ref() {
            "w:top" => self.border_top = Some(Border::read(e)),
            "w:bottom" => self.border_bottom = Some(Border::read(e)),
            _ => {}
        }
    }

    /// Reads one child element of `w:pPr`.
    pub fn read(&mut self, e: &BytesStart<'_>) {
        let num = |name: &str| attr(e, name).and_then(|v| v.parse::<i32>().ok());
        match e.name().as_ref() {
            "w:pStyle" => self.style = attr(e, "w:val"),
            "w:jc" => self.align = attr(e, "w:val"),
            "w:pageBreakBefore" => {
                self.page_break_before = Some(!matches!(
                    attr(e, "w:val").as_deref(),
                    Some("0" | "false" | "off")
                ));
            }
            "w:ind" => {
                if let Some(v) = num("w:firstLine") {
                    self.first_line = Some(v);
                }
                if let Some(v) = num("w:firstLineChars") {
                    self.first_line_chars = Some(v);
                }
                if let Some(v) = num("w:hanging") {
                    self.hanging = Some(v);
                }
                if let Some(v) = num("w:left").or_else(|| num("w:start")) {
                    self.left = Some(v);
                }
                if let Some(v) = num("w:right").or_else(|| num("w:end")) {
                    self.right = Some(v);
                }
                if let Some(v) = num("w:leftChars").or_else(|| num("w:startChars")) {
                    self.left_chars = Some(v);
                }
                if let Some(v) = num("w:rightChars").or_else(|| num("w:endChars")) {
                    self.right_chars = Some(v);
                }
                if let Some(v) = num("w:hangingChars") {
                    self.hanging_chars = Some(v);
                }
            }
            "w:shd" => self.shading = attr(e, "w:fill"),
            "w:framePr" => self.frame = Some(true),
            "w:spacing" => {
                if let Some(v) = attr(e, "w:line").and_then(|v| v.parse().ok()) {
                    self.line = Some(v);
                }
                if let Some(v) = attr(e, "w:lineRule") {
                    self.line_rule = Some(v);
                }
                if let Some(v) = num("w:before") {
                    self.before = Some(v);
                }
                if let Some(v) = num("w:after") {
                    self.after = Some(v);
                }
                if let Some(v) = num("w:beforeLines") {
                    self.before_lines = Some(v);
                }
                if let Some(v) = num("w:afterLines") {
                    self.after_lines = Some(v);
                }
            }
            _ => {}
        }
    }
}

/// An attribute's value; docx attribute values carry no entities worth resolving.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.to_string())
}
