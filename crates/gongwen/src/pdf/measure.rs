//! Just enough of a PDF content-stream interpreter to measure a page: where each run of text
//! sits (baseline, size, colour, text through the font's ToUnicode map, advance width), where
//! the filled rectangles are and where the stroked lines are (rules, paragraph borders).
//! Coordinates are millimetres from the page's top-left corner.
//!
//! Used on the PDFs this crate lays out (its tests) and on PDFs another program made from a
//! .docx ([`check_docx_layout`](crate::check_docx_layout)); a stream it cannot follow is
//! skipped, never a panic.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

const MM: f64 = 25.4 / 72.0;

#[derive(Debug, Clone)]
pub struct Run {
    pub text: String,
    /// Left end of the baseline.
    pub x: f64,
    pub baseline: f64,
    /// Advance width of the whole run.
    pub width: f64,
    /// Font size in points.
    pub size: f64,
    pub color: Vec<f64>,
    /// The font's PostScript name (`BaseFont`) without a subset tag, e.g. `FangSong_GB2312`.
    pub font: String,
}

impl Run {
    /// Top of the em box (字身) of a CJK face: 0.88 em above the baseline.
    pub fn em_top(&self) -> f64 {
        self.baseline - 0.88 * self.size * MM
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn is_red(&self) -> bool {
        is_red(&self.color)
    }
}

#[derive(Debug, Clone)]
pub struct Rect {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub color: Vec<f64>,
}

impl Rect {
    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    pub fn is_red(&self) -> bool {
        is_red(&self.color)
    }
}

fn is_red(c: &[f64]) -> bool {
    c.len() == 3 && c[0] > 0.9 && c[1] < 0.1 && c[2] < 0.1
}

#[derive(Debug, Default)]
pub struct Page {
    /// Page size in millimetres (the MediaBox).
    pub width: f64,
    pub height: f64,
    pub runs: Vec<Run>,
    /// Filled paths, as their bounding boxes.
    pub rects: Vec<Rect>,
    /// Stroked paths, as their bounding boxes widened by the line width, in the stroke colour.
    pub strokes: Vec<Rect>,
}

/// The PDF could not be read at all.
#[derive(Debug, Clone, thiserror::Error)]
#[error("无法读取 PDF：{0}")]
pub struct ReadError(pub String);

impl Page {
    /// Runs on one baseline (within 0.2 mm) merged left to right into lines.
    pub fn lines(&self) -> Vec<Run> {
        let mut runs = self.runs.clone();
        runs.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x.total_cmp(&b.x)));
        let mut out: Vec<Run> = Vec::new();
        for r in runs {
            if let Some(last) = out.last_mut()
                && (last.baseline - r.baseline).abs() < 0.2
            {
                last.text.push_str(&r.text);
                last.width = r.right() - last.x;
                last.size = last.size.max(r.size);
                continue;
            }
            out.push(r);
        }
        out
    }

    /// Filled rectangles and stroked lines together: every drawn rule.
    pub fn rules(&self) -> impl Iterator<Item = &Rect> {
        self.rects.iter().chain(&self.strokes)
    }

    /// The first line whose text starts with `prefix`.
    pub fn line(&self, prefix: &str) -> Option<Run> {
        self.lines()
            .into_iter()
            .find(|l| l.text.starts_with(prefix))
    }

    pub fn text(&self) -> String {
        self.lines()
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

struct FontInfo {
    name: String,
    to_unicode: HashMap<u32, String>,
    code_len: usize,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

/// Reads every page of a PDF. A page whose content cannot be decoded comes back empty.
pub fn read(bytes: &[u8]) -> Result<Vec<Page>, ReadError> {
    let doc = Document::load_mem(bytes).map_err(|e| ReadError(e.to_string()))?;
    let mut pages = Vec::new();
    for (_, id) in doc.get_pages() {
        let Ok(page_dict) = doc.get_dictionary(id) else {
            pages.push(Page::default());
            continue;
        };
        let (width, height) = media_size(&doc, page_dict);
        let mut page = Page {
            width: width * MM,
            height: height * MM,
            ..Page::default()
        };
        let content = doc.get_page_content(id).unwrap_or_default();
        let resources = resources_of(&doc, page_dict);
        let mut state = State::new(height);
        run_stream(&doc, &content, resources.as_ref(), &mut state, &mut page, 0);
        pages.push(page);
    }
    Ok(pages)
}

/// Width and height of the MediaBox in points; A4 when it cannot be read.
fn media_size(doc: &Document, page: &Dictionary) -> (f64, f64) {
    page.get(b"MediaBox")
        .ok()
        .and_then(|o| resolve(doc, o).as_array().ok().cloned())
        .filter(|a| a.len() == 4)
        .map(|a| (num(&a[2]) - num(&a[0]), num(&a[3]) - num(&a[1])))
        .unwrap_or((595.28, 841.89))
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn resources_of(doc: &Document, dict: &Dictionary) -> Option<Dictionary> {
    dict.get(b"Resources")
        .ok()
        .and_then(|r| resolve(doc, r).as_dict().ok().cloned())
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        _ => 0.0,
    }
}

type M = [f64; 6];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct Gs {
    ctm: M,
    fill: Vec<f64>,
    stroke: Vec<f64>,
    line_width: f64,
}

struct State {
    height: f64,
    gs: Gs,
    stack: Vec<Gs>,
    tm: M,
    tlm: M,
    font: Option<Vec<u8>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    path: Vec<(f64, f64)>,
}

impl State {
    fn new(height: f64) -> Self {
        State {
            height,
            gs: Gs {
                ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                fill: vec![0.0],
                stroke: vec![0.0],
                line_width: 1.0,
            },
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            path: Vec::new(),
        }
    }

    fn to_page(&self, x: f64, y: f64) -> (f64, f64) {
        (x * MM, (self.height - y) * MM)
    }

    /// The bounding box of the current path, grown by `grow` points on every side.
    fn path_box(&self, grow: f64, color: Vec<f64>) -> Option<Rect> {
        if self.path.is_empty() {
            return None;
        }
        let xs = self.path.iter().map(|p| p.0);
        let ys = self.path.iter().map(|p| p.1);
        let (l, r) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let (b, t) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let (left, top) = self.to_page(l - grow, t + grow);
        let (right, bottom) = self.to_page(r + grow, b - grow);
        Some(Rect {
            left,
            right,
            top,
            bottom,
            color,
        })
    }
}

const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn font_info(doc: &Document, resources: Option<&Dictionary>, name: &[u8]) -> Option<FontInfo> {
    let fonts = resources?.get(b"Font").ok()?;
    let fonts = resolve(doc, fonts).as_dict().ok()?;
    let font = resolve(doc, fonts.get(name).ok()?).as_dict().ok()?;
    let base = font
        .get(b"BaseFont")
        .ok()
        .and_then(|b| b.as_name().ok())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    // A subset's name starts with six capitals and a plus sign.
    let name = match base.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => {
            rest.to_string()
        }
        _ => base,
    };
    let mut info = FontInfo {
        name,
        to_unicode: HashMap::new(),
        code_len: 1,
        widths: HashMap::new(),
        default_width: 1000.0,
    };
    if let Ok(tu) = font.get(b"ToUnicode")
        && let Ok(stream) = resolve(doc, tu).as_stream()
    {
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        parse_cmap(&String::from_utf8_lossy(&data), &mut info);
    }
    let subtype = font.get(b"Subtype").ok().and_then(|s| s.as_name().ok());
    if subtype == Some(b"Type0".as_slice()) {
        if let Ok(desc) = font.get(b"DescendantFonts")
            && let Ok(arr) = resolve(doc, desc).as_array()
            && let Some(d) = arr.first()
            && let Ok(d) = resolve(doc, d).as_dict()
        {
            if let Ok(dw) = d.get(b"DW") {
                info.default_width = num(resolve(doc, dw));
            }
            if let Ok(w) = d.get(b"W")
                && let Ok(w) = resolve(doc, w).as_array()
            {
                let mut k = 0;
                while k + 1 < w.len() {
                    let first = num(resolve(doc, &w[k])) as u32;
                    match resolve(doc, &w[k + 1]) {
                        Object::Array(list) => {
                            for (j, v) in list.iter().enumerate() {
                                info.widths.insert(first.wrapping_add(j as u32), num(v));
                            }
                            k += 2;
                        }
                        last => {
                            let last = (num(last) as u32).min(first.saturating_add(0xFFFF));
                            let v = w.get(k + 2).map_or(0.0, |v| num(resolve(doc, v)));
                            for c in first..=last {
                                info.widths.insert(c, v);
                            }
                            k += 3;
                        }
                    }
                }
            }
        }
    } else {
        let first = font.get(b"FirstChar").map(num).unwrap_or(0.0) as u32;
        if let Ok(w) = font.get(b"Widths")
            && let Ok(w) = resolve(doc, w).as_array()
        {
            for (j, v) in w.iter().enumerate() {
                info.widths.insert(first + j as u32, num(resolve(doc, v)));
            }
        }
    }
    Some(info)
}

fn hex(s: &str) -> Vec<u8> {
    let s: Vec<u8> = s.bytes().filter(|b| b.is_ascii_hexdigit()).collect();
    s.chunks(2)
        .map(|c| {
            std::str::from_utf8(c)
                .ok()
                .and_then(|c| u8::from_str_radix(c, 16).ok())
                .unwrap_or(0)
        })
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |a, b| (a << 8) | *b as u32)
}

fn parse_cmap(text: &str, info: &mut FontInfo) {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut k = 0;
    let mut mode = "";
    while k < tokens.len() {
        let t = tokens[k];
        match t {
            "beginbfchar" | "beginbfrange" | "begincodespacerange" => {
                mode = t;
                k += 1;
                continue;
            }
            "endbfchar" | "endbfrange" | "endcodespacerange" => {
                mode = "";
                k += 1;
                continue;
            }
            _ => {}
        }
        match mode {
            "begincodespacerange" if t.starts_with('<') => {
                info.code_len = hex(t).len().max(1);
                k += 2;
            }
            "beginbfchar" if t.starts_with('<') && k + 1 < tokens.len() => {
                info.to_unicode
                    .insert(code(&hex(t)), utf16(&hex(tokens[k + 1])));
                k += 2;
            }
            "beginbfrange" if t.starts_with('<') && k + 2 < tokens.len() => {
                let lo = code(&hex(t));
                let hi = code(&hex(tokens[k + 1]));
                let dst = tokens[k + 2];
                if dst.starts_with('<') {
                    let base = hex(dst);
                    if base.len() < 2 {
                        k += 3;
                        continue;
                    }
                    for c in lo..=hi.min(lo.saturating_add(0xFFFF)) {
                        let mut b = base.clone();
                        let n = b.len();
                        let add = c - lo;
                        let last =
                            u16::from_be_bytes([b[n - 2], b[n - 1]]).wrapping_add(add as u16);
                        b[n - 2..].copy_from_slice(&last.to_be_bytes());
                        info.to_unicode.insert(c, utf16(&b));
                    }
                    k += 3;
                } else {
                    // An array of destinations: `[<..> <..>]`.
                    let mut j = k + 2;
                    let mut c = lo;
                    while j < tokens.len() && !tokens[j].ends_with(']') {
                        let s = tokens[j].trim_start_matches('[');
                        if !s.is_empty() {
                            info.to_unicode.insert(c, utf16(&hex(s)));
                            c += 1;
                        }
                        j += 1;
                    }
                    if j < tokens.len() {
                        let s = tokens[j].trim_start_matches('[').trim_end_matches(']');
                        if !s.is_empty() {
                            info.to_unicode.insert(c, utf16(&hex(s)));
                        }
                    }
                    k = j + 1;
                }
            }
            _ => k += 1,
        }
    }
}

fn run_stream(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    st: &mut State,
    page: &mut Page,
    depth: usize,
) {
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let mut fonts: HashMap<Vec<u8>, Option<FontInfo>> = HashMap::new();
    for op in content.operations {
        let o = &op.operands;
        let n = |i: usize| o.get(i).map(num).unwrap_or(0.0);
        match op.operator.as_str() {
            "q" => st.stack.push(st.gs.clone()),
            "Q" => {
                if let Some(g) = st.stack.pop() {
                    st.gs = g;
                }
            }
            "cm" => {
                let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                st.gs.ctm = mul(&m, &st.gs.ctm);
            }
            "rg" | "sc" | "scn" | "g" | "k" => {
                st.gs.fill = o
                    .iter()
                    .filter(|x| matches!(x, Object::Integer(_) | Object::Real(_)))
                    .map(num)
                    .collect();
            }
            "RG" | "SC" | "SCN" | "G" | "K" => {
                st.gs.stroke = o
                    .iter()
                    .filter(|x| matches!(x, Object::Integer(_) | Object::Real(_)))
                    .map(num)
                    .collect();
            }
            "w" => st.gs.line_width = n(0),
            "BT" => {
                st.tm = IDENTITY;
                st.tlm = IDENTITY;
            }
            "Tf" => {
                st.font = o.first().and_then(|x| x.as_name().ok()).map(<[u8]>::to_vec);
                st.size = n(1);
            }
            "Tc" => st.char_spacing = n(0),
            "Tw" => st.word_spacing = n(0),
            "Tz" => st.scale = n(0) / 100.0,
            "TL" => st.leading = n(0),
            "Tm" => {
                st.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                st.tlm = st.tm;
            }
            "Td" | "TD" => {
                if op.operator == "TD" {
                    st.leading = -n(1);
                }
                st.tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &st.tlm);
                st.tm = st.tlm;
            }
            "T*" => {
                st.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.leading], &st.tlm);
                st.tm = st.tlm;
            }
            "Tj" | "TJ" => {
                let key = st.font.clone().unwrap_or_default();
                let info = fonts
                    .entry(key.clone())
                    .or_insert_with(|| font_info(doc, resources, &key));
                show(st, page, info.as_ref(), o, op.operator == "TJ");
            }
            "re" => {
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                for (px, py) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                    let p = apply(&st.gs.ctm, px, py);
                    st.path.push(p);
                }
            }
            "m" | "l" => {
                let p = apply(&st.gs.ctm, n(0), n(1));
                st.path.push(p);
            }
            "c" => {
                let p = apply(&st.gs.ctm, n(4), n(5));
                st.path.push(p);
            }
            "f" | "f*" | "F" | "B" | "B*" => {
                if let Some(r) = st.path_box(0.0, st.gs.fill.clone()) {
                    page.rects.push(r);
                }
                st.path.clear();
            }
            "S" | "s" => {
                // The line width in device space: scaled by the CTM (uniform scaling assumed).
                let m = &st.gs.ctm;
                let scale = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
                let half = st.gs.line_width.max(0.0) * scale / 2.0;
                if let Some(r) = st.path_box(half, st.gs.stroke.clone()) {
                    page.strokes.push(r);
                }
                st.path.clear();
            }
            "n" | "b" | "b*" => st.path.clear(),
            "Do" if depth < 8 => {
                let Some(name) = o.first().and_then(|x| x.as_name().ok()) else {
                    continue;
                };
                let Some(xobj) = resources
                    .and_then(|r| r.get(b"XObject").ok())
                    .and_then(|x| resolve(doc, x).as_dict().ok())
                    .and_then(|x| x.get(name).ok())
                    .and_then(|x| resolve(doc, x).as_stream().ok())
                else {
                    continue;
                };
                let is_form = xobj
                    .dict
                    .get(b"Subtype")
                    .ok()
                    .and_then(|s| s.as_name().ok())
                    == Some(b"Form".as_slice());
                if !is_form {
                    continue;
                }
                let data = xobj
                    .decompressed_content()
                    .unwrap_or_else(|_| xobj.content.clone());
                let saved = st.gs.clone();
                if let Ok(m) = xobj.dict.get(b"Matrix").and_then(|m| m.as_array())
                    && m.len() == 6
                {
                    let m = [
                        num(&m[0]),
                        num(&m[1]),
                        num(&m[2]),
                        num(&m[3]),
                        num(&m[4]),
                        num(&m[5]),
                    ];
                    st.gs.ctm = mul(&m, &st.gs.ctm);
                }
                let res = resources_of(doc, &xobj.dict).or_else(|| resources.cloned());
                run_stream(doc, &data, res.as_ref(), st, page, depth + 1);
                st.gs = saved;
            }
            _ => {}
        }
    }
}

fn show(st: &mut State, page: &mut Page, info: Option<&FontInfo>, o: &[Object], array: bool) {
    let parts: Vec<Object> = if array {
        o.first()
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default()
    } else {
        o.to_vec()
    };
    let trm = mul(&st.tm, &st.gs.ctm);
    let (x0, y0) = apply(&trm, 0.0, 0.0);
    let size = st.size * (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
    let mut text = String::new();
    let mut advance = 0.0; // in text space units
    for part in parts {
        match part {
            Object::String(bytes, _) => {
                let len = info.map_or(1, |i| i.code_len).max(1);
                for chunk in bytes.chunks(len) {
                    let c = code(chunk);
                    if let Some(i) = info {
                        if let Some(s) = i.to_unicode.get(&c) {
                            text.push_str(s);
                        }
                        let w = i.widths.get(&c).copied().unwrap_or(i.default_width);
                        advance += (w / 1000.0 * st.size + st.char_spacing) * st.scale;
                    }
                }
            }
            Object::Integer(_) | Object::Real(_) => {
                advance -= num(&part) / 1000.0 * st.size * st.scale;
            }
            _ => {}
        }
    }
    st.tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &st.tm);
    let (x2, _) = apply(&mul(&st.tm, &st.gs.ctm), 0.0, 0.0);
    let (x, baseline) = st.to_page(x0, y0);
    page.runs.push(Run {
        text,
        x,
        baseline,
        width: (x2 - x0) * MM,
        size,
        color: st.gs.fill.clone(),
        font: info.map(|i| i.name.clone()).unwrap_or_default(),
    });
}
