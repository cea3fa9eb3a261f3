//! `render_docx`: every correct draft of the corpus and the five samples lay out as .docx files
//! that `check_docx` finds nothing wrong with, and the XML carries the values of GB/T 9704-2012
//! that `check_docx` does not read (footers, the 版头's red, rules, frames, special formats).
//!
//! `SANBAN_RENDER_OUT=dir` writes the rendered files there, to look at them.

use std::collections::HashMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use sanban_gongwen::docx::read_docx;
use sanban_gongwen::parse::parse;
use sanban_gongwen::render::{Format, Seal};
use sanban_gongwen::{RenderOptions, check_docx, check_text, render_docx};

fn dir(sub: &str) -> PathBuf {
    crate::package_dir().join("tests").join(sub)
}

/// Drafts whose `.expect` declares no finding.
fn correct_drafts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir("corpus")).expect("corpus") {
        let path = entry.expect("entry").path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        ) {
            continue;
        }
        let expect = fs::read_to_string(path.with_extension("expect")).expect(".expect");
        let clean = expect
            .lines()
            .all(|l| l.split('#').next().unwrap_or("").trim().is_empty());
        if clean {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, fs::read_to_string(&path).expect("draft")));
        }
    }
    out.sort();
    out
}

fn sample(name: &str) -> String {
    fs::read_to_string(dir("render/samples").join(name)).expect("sample")
}

fn render(name: &str, source: &str) -> Vec<u8> {
    let bytes = render_docx(&parse(source), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    if let Some(out) = std::env::var_os("SANBAN_RENDER_OUT") {
        let stem = Path::new(name).file_stem().unwrap().to_string_lossy();
        fs::write(Path::new(&out).join(format!("{stem}.docx")), &bytes).expect("write");
    }
    bytes
}

/// The findings of `check_docx` (the 纪要's 黑体 attendee labels are not a D04: 10.3).
fn findings(bytes: &[u8]) -> Vec<String> {
    let report = check_docx(bytes).expect("readable");
    report
        .findings
        .iter()
        .map(|f| format!("{}:{} {}", f.code, f.line, f.message))
        .collect()
}

/// The XML parts of a package by name.
fn parts(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = HashMap::new();
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).expect("part");
        let name = f.name().expect("part name").to_string();
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

/// The footer part a `w:footerReference` of `kind` (default, even, first) points at.
fn footer<'a>(p: &'a HashMap<String, String>, kind: &str) -> Option<&'a str> {
    let doc = &p["word/document.xml"];
    let at = doc.find(&format!(r#"w:footerReference w:type="{kind}""#))?;
    let tail = &doc[at..];
    let id_at = tail.find(r#"r:id=""#)? + 6;
    let id = &tail[id_at..id_at + tail[id_at..].find('"')?];
    let rels = &p["word/_rels/document.xml.rels"];
    let rel_at = rels.find(&format!(r#"Id="{id}""#))?;
    let rel = &rels[rel_at..rel_at + rels[rel_at..].find("/>")?];
    let target_at = rel.find(r#"Target=""#)? + 8;
    let target = &rel[target_at..target_at + rel[target_at..].find('"')?];
    p.get(&format!("word/{target}")).map(String::as_str)
}

fn attr_of<'a>(xml: &'a str, element: &str, attr: &str) -> Option<&'a str> {
    let at = xml.find(&format!("<{element} "))?;
    let tail = &xml[at..at + xml[at..].find('>')?];
    let v = tail.find(&format!(r#"{attr}=""#))? + attr.len() + 2;
    Some(&tail[v..v + tail[v..].find('"')?])
}

#[test]
fn every_correct_draft_renders_without_findings() {
    let drafts = correct_drafts();
    assert!(drafts.len() >= 15, "only {} correct drafts", drafts.len());
    for (name, source) in drafts {
        let found = findings(&render(&name, &source));
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

#[test]
fn the_text_of_the_docx_is_the_draft() {
    for (name, source) in correct_drafts() {
        let bytes = render(&name, &source);
        let text = sanban_gongwen::docx::docx_text(&read_docx(&bytes).unwrap());
        let (a, b) = (parse(&source), parse(&text));
        assert_eq!(a.title.map(|t| t.text), b.title.map(|t| t.text), "{name}");
        assert_eq!(a.kind, b.kind, "{name}");
        assert_eq!(
            a.body.iter().map(|p| &p.text).collect::<Vec<_>>(),
            b.body.iter().map(|p| &p.text).collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(a.signatures.len(), b.signatures.len(), "{name}");
        assert_eq!(a.attachments.len(), b.attachments.len(), "{name}");
        assert_eq!(
            a.copy_to.map(|c| c.value),
            b.copy_to.map(|c| c.value),
            "{name}"
        );
        assert_eq!(
            a.printing.and_then(|p| p.value),
            b.printing.and_then(|p| p.value),
            "{name}"
        );
    }
}

/// D01, D02, D03: page, margins and grid in twips; the document defaults in half-points.
#[test]
fn page_setup_and_defaults_are_the_standards() {
    for (name, source) in correct_drafts() {
        let p = parts(&render(&name, &source));
        let doc = &p["word/document.xml"];
        assert_eq!(attr_of(doc, "w:pgSz", "w:w"), Some("11906"), "{name}");
        assert_eq!(attr_of(doc, "w:pgSz", "w:h"), Some("16838"), "{name}");
        for (side, twips) in [
            ("top", "2098"),
            ("left", "1588"),
            ("right", "1474"),
            ("bottom", "1984"),
        ] {
            assert_eq!(
                attr_of(doc, "w:pgMar", &format!("w:{side}")),
                Some(twips),
                "{name} {side}"
            );
        }
        assert_eq!(
            attr_of(doc, "w:docGrid", "w:linePitch"),
            Some("579"),
            "{name}"
        );
        let styles = &p["word/styles.xml"];
        let defaults = &styles[styles.find("<w:docDefaults").unwrap()..];
        assert_eq!(attr_of(defaults, "w:sz", "w:val"), Some("32"), "{name}");
        assert_eq!(
            attr_of(defaults, "w:rFonts", "w:eastAsia"),
            Some("仿宋_GB2312")
        );
    }
}

/// D16: odd pages right, even pages left, 1 character (280 twips) in; 4号 宋体; “— n —”.
#[test]
fn page_numbers_alternate_sides() {
    let p = parts(&render("c01", &correct_drafts()[0].1));
    assert!(p["word/settings.xml"].contains("<w:evenAndOddHeaders"));
    let odd = footer(&p, "default").expect("odd footer");
    let even = footer(&p, "even").expect("even footer");
    assert_eq!(attr_of(odd, "w:jc", "w:val"), Some("right"));
    assert_eq!(attr_of(odd, "w:ind", "w:right"), Some("280"));
    assert_eq!(attr_of(even, "w:jc", "w:val"), Some("left"));
    assert_eq!(attr_of(even, "w:ind", "w:left"), Some("280"));
    for f in [odd, even] {
        assert_eq!(attr_of(f, "w:sz", "w:val"), Some("28"));
        assert_eq!(attr_of(f, "w:rFonts", "w:eastAsia"), Some("宋体"));
        assert!(f.contains("— ") && f.contains(" —") && f.contains("PAGE"));
    }
}

/// D06, D09, D10, D14, D15: title, red mark and separator, attachments, 版记.
#[test]
fn a_notice_with_everything() {
    let source = sample("s1_tongzhi.txt");
    assert!(check_text(&source).findings.is_empty());
    let bytes = render("s1_tongzhi.txt", &source);
    assert_eq!(findings(&bytes), Vec::<String>::new());
    let body = read_docx(&bytes).unwrap();
    let para = |text: &str| {
        body.paragraphs
            .iter()
            .find(|p| p.text == text)
            .unwrap_or_else(|| panic!("no paragraph {text}"))
    };
    let mark = para("淮南市人民政府办公室文件");
    assert_eq!(mark.runs[0].props.color.as_deref(), Some("FF0000"));
    assert_eq!(
        mark.runs[0].props.east_asia.as_deref(),
        Some("方正小标宋简体")
    );
    assert_eq!(mark.props.align.as_deref(), Some("center"));
    let title = para("关于开展2025年安全生产大检查的通知");
    assert_eq!(title.runs[0].props.size, Some(44));
    assert_eq!(
        title.runs[0].props.east_asia.as_deref(),
        Some("方正小标宋简体")
    );
    assert_eq!(title.props.align.as_deref(), Some("center"));
    assert_eq!(
        para("秘密★1年").runs[0].props.east_asia.as_deref(),
        Some("黑体")
    );
    let p = parts(&bytes);
    let doc = &p["word/document.xml"];
    assert!(doc.contains(r#"w:color="FF0000""#) && doc.contains("<w:pBdr>"));
    // Red separator: a red bottom border.
    assert_eq!(attr_of(doc, "w:bottom", "w:color"), Some("FF0000"));
    // 版记: one frame on the bottom of the 版心; rules are black-filled paragraphs 0.35 mm
    // (20 twips) thick first and last, 0.25 mm (14 twips) between.
    let frame_at = doc.find("<w:framePr ").expect("版记 frame");
    let colophon = &doc[doc[..frame_at].rfind("<w:p ").unwrap()..];
    assert_eq!(attr_of(colophon, "w:framePr", "w:yAlign"), Some("bottom"));
    assert_eq!(attr_of(colophon, "w:framePr", "w:vAnchor"), Some("margin"));
    let rules: Vec<&str> = colophon
        .match_indices("<w:shd ")
        .map(|(at, _)| {
            let start = colophon[..at].rfind("<w:spacing ").unwrap();
            attr_of(&colophon[start..], "w:spacing", "w:line").unwrap()
        })
        .collect();
    assert_eq!(rules, vec!["20", "14", "20"]);
    assert!(colophon.contains("抄送：") && colophon.contains("2025年3月11日印发"));
    let date = para("2025年3月10日");
    assert_eq!(date.props.align.as_deref(), Some("right"));
}

#[test]
fn a_request_shows_its_signer_beside_the_number() {
    let source = sample("s2_qingshi.txt");
    assert!(check_text(&source).findings.is_empty());
    let bytes = render("s2_qingshi.txt", &source);
    assert_eq!(findings(&bytes), Vec::<String>::new());
    let body = read_docx(&bytes).unwrap();
    let line = body
        .paragraphs
        .iter()
        .find(|p| p.text.contains("签发人："))
        .expect("signer line");
    assert_eq!(line.text, "淮应急〔2025〕9号\t签发人：陈立新");
    assert_eq!(line.props.left, Some(320));
    let names = line.runs.last().unwrap();
    assert_eq!(names.props.east_asia.as_deref(), Some("楷体_GB2312"));
}

#[test]
fn a_letter_uses_the_letter_format() {
    let source = sample("s3_han.txt");
    assert!(check_text(&source).findings.is_empty());
    let doc = parse(&source);
    assert_eq!(Format::for_document(&doc), Format::Letter);
    let bytes = render("s3_han.txt", &source);
    assert_eq!(findings(&bytes), Vec::<String>::new());
    let p = parts(&bytes);
    let document = &p["word/document.xml"];
    assert!(document.contains("<w:titlePg"));
    assert_eq!(attr_of(document, "w:pgMar", "w:header"), Some("1701"));
    let first = footer(&p, "first").expect("first-page footer");
    assert!(!first.contains("PAGE"), "no page number on page 1");
    assert!(first.contains(r#"w:val="thinThickSmallGap""#));
    let head = p
        .iter()
        .find(|(k, v)| k.starts_with("word/header") && v.contains("淮南市人民政府办公室"))
        .map(|(_, v)| v)
        .expect("mark in the first page's header");
    assert!(head.contains(r#"w:color w:val="FF0000""#));
    assert!(head.contains(r#"w:val="thickThinSmallGap""#));
}

#[test]
fn minutes_use_the_minutes_format() {
    let source = sample("s4_jiyao.txt");
    assert!(check_text(&source).findings.is_empty());
    let bytes = render("s4_jiyao.txt", &source);
    assert_eq!(findings(&bytes), Vec::<String>::new());
    let body = read_docx(&bytes).unwrap();
    let mark = body
        .paragraphs
        .iter()
        .find(|p| p.text == "淮南市人民政府常务会议纪要")
        .unwrap();
    assert_eq!(mark.runs[0].props.color.as_deref(), Some("FF0000"));
    for label in ["出席：", "请假：", "列席："] {
        let p = body
            .paragraphs
            .iter()
            .find(|p| p.text.starts_with(label))
            .unwrap();
        assert_eq!(p.runs[0].text, label);
        assert_eq!(p.runs[0].props.east_asia.as_deref(), Some("黑体"));
        assert_eq!(p.runs[1].props.east_asia.as_deref(), Some("仿宋_GB2312"));
    }
    let at = body
        .paragraphs
        .iter()
        .position(|p| p.text.starts_with("出席："))
        .unwrap();
    assert!(
        body.paragraphs[at - 1].text.is_empty(),
        "one blank line above 出席"
    );
}

#[test]
fn an_opinion_puts_each_attachment_on_a_new_page() {
    let source = sample("s5_yijian.txt");
    assert!(check_text(&source).findings.is_empty());
    let bytes = render("s5_yijian.txt", &source);
    assert_eq!(findings(&bytes), Vec::<String>::new());
    let doc = &parts(&bytes)["word/document.xml"];
    assert_eq!(doc.matches("<w:pageBreakBefore").count(), 2);
    let body = read_docx(&bytes).unwrap();
    for label in ["附件1", "附件2"] {
        let at = body
            .paragraphs
            .iter()
            .position(|p| p.text == label)
            .unwrap();
        let p = &body.paragraphs[at];
        assert_eq!(p.runs[0].props.east_asia.as_deref(), Some("黑体"));
        assert!(body.paragraphs[at + 1].text.is_empty());
        assert_eq!(
            body.paragraphs[at + 2].props.align.as_deref(),
            Some("center")
        );
    }
    assert!(
        body.paragraphs
            .iter()
            .any(|p| p.text.contains("| 市社会福利中心改扩建 |"))
    );
}

#[test]
fn unsealed_dates_start_two_characters_right_of_the_signature() {
    let source = sample("s2_qingshi.txt");
    let opts = RenderOptions {
        seal: Seal::Unsealed,
        ..RenderOptions::default()
    };
    let bytes = render_docx(&parse(&source), &opts).unwrap();
    let body = read_docx(&bytes).unwrap();
    let doc = &parts(&bytes)["word/document.xml"];
    let right_of = |text: &str| {
        let at = doc.rfind(&format!(">{text}<")).unwrap();
        let start = doc[..at].rfind("<w:pPr>").unwrap();
        attr_of(&doc[start..at], "w:ind", "w:right")
            .unwrap()
            .parse::<i32>()
            .unwrap()
    };
    // Widths: a Chinese character is 320 twips, a digit 160. The 署名 is 8 characters
    // (2560), the date 3 characters and 7 digits (2080): 2 characters from the right would put
    // the date's start less than 2 characters right of the 署名's, so the date stays 2
    // characters in and the 署名 moves left.
    let sig_start = -right_of("淮南市应急管理局") - 2560;
    let date_start = -right_of("2025年3月18日") - 2080;
    assert_eq!(right_of("2025年3月18日"), 640);
    assert_eq!(date_start - sig_start, 640);
    assert!(findings(&bytes).is_empty());
    assert!(body.paragraphs.iter().any(|p| p.text == "淮南市应急管理局"));
}

#[test]
fn an_order_has_its_number_under_the_mark() {
    let source = "淮南市人民政府令\n\n第5号\n\n　　《淮南市城市绿化管理办法》已经2025年3月1日市人民政府第50次常务会议通过，现予公布，自2025年5月1日起施行。\n\n市长　张卫东\n\n2025年3月10日\n";
    let doc = parse(source);
    assert_eq!(Format::for_document(&doc), Format::Order);
    let bytes = render("order.txt", source);
    let body = read_docx(&bytes).unwrap();
    let texts: Vec<&str> = body.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let mark = texts.iter().position(|t| *t == "淮南市人民政府令").unwrap();
    assert_eq!(&texts[mark + 1..mark + 4], &["", "", "第5号"]);
    assert_eq!(&texts[mark + 4..mark + 6], &["", ""]);
    assert!(texts[mark + 6].starts_with("《淮南市"));
    let m = &body.paragraphs[mark];
    assert_eq!(m.runs[0].props.color.as_deref(), Some("FF0000"));
}

#[test]
fn nothing_to_render_is_an_error() {
    let err = render_docx(&parse(""), &RenderOptions::default()).unwrap_err();
    assert!(err.to_string().contains("没有可排版的内容"));
}

mod any_draft {
    use proptest::prelude::*;
    use sanban_gongwen::parse::parse;
    use sanban_gongwen::render::Format;
    use sanban_gongwen::{RenderError, RenderOptions, check_docx, render_docx};

    /// Lines that exercise every element the renderer places, glued at random.
    const LINES: [&str; 24] = [
        "000012",
        "机密★5年",
        "特急",
        "淮南市人民政府文件",
        "淮南市人民政府",
        "淮府〔2024〕15号",
        "淮府〔2024〕15号　签发人：王明",
        "关于做好防汛工作的通知",
        "××会议纪要",
        "××市人民政府令",
        "第3号",
        "各县、区人民政府：",
        "　　一、总体要求",
        "　　（一）加强领导。请认真贯彻执行。",
        "　　出席：张三、李四",
        "| 项目 | 金额 |",
        "附件：1.方案 & <清单>",
        "2.清单",
        "淮南市人民政府",
        "2024年4月18日",
        "（此件公开发布）",
        "附件1",
        "抄送：市委办公室。",
        "淮南市人民政府办公室　2024年4月19日印发",
    ];

    fn draft() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(LINES.to_vec()).prop_map(str::to_string),
                "[\\PC]{0,12}",
            ],
            0..30,
        )
        .prop_map(|v| v.join("\n"))
    }

    fn format() -> impl Strategy<Value = Option<Format>> {
        prop::sample::select(vec![
            None,
            Some(Format::Standard),
            Some(Format::Letter),
            Some(Format::Order),
            Some(Format::Minutes),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 120,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn every_draft_renders_to_a_readable_docx(src in draft(), format in format()) {
            let opts = RenderOptions { format, ..RenderOptions::default() };
            match render_docx(&parse(&src), &opts) {
                Ok(bytes) => prop_assert!(check_docx(&bytes).is_ok()),
                Err(RenderError::Empty) => {}
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
    }
}

/// `bytes` with `word/document.xml` rewritten by `edit`.
fn with_document(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).expect("part");
        let name = f.name().expect("part name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            data = edit(&String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn codes_of(bytes: &[u8]) -> Vec<(&'static str, usize)> {
    check_docx(bytes)
        .expect("readable")
        .findings
        .iter()
        .map(|f| (f.code, f.line))
        .collect()
}

#[test]
fn d14_attachments_must_start_a_new_page() {
    let bytes = render("s5_yijian.txt", &sample("s5_yijian.txt"));
    assert!(!codes_of(&bytes).iter().any(|(c, _)| *c == "D14"));
    let joined = with_document(&bytes, |xml| {
        xml.replace("<w:pageBreakBefore />", "")
            .replace("<w:pageBreakBefore/>", "")
    });
    let d14: Vec<_> = codes_of(&joined)
        .into_iter()
        .filter(|(c, _)| *c == "D14")
        .collect();
    assert_eq!(d14.len(), 2, "both attachments run on: {d14:?}");
    // A page break typed at the end of the paragraph before the label is a new page too.
    let typed = with_document(&bytes, |xml| {
        xml.replace("<w:pageBreakBefore />", "")
            .replace("<w:pageBreakBefore/>", "")
            .replace(
                "（此件公开发布）</w:t></w:r>",
                "（此件公开发布）</w:t></w:r><w:r><w:br w:type=\"page\"/></w:r>",
            )
    });
    let d14: Vec<_> = codes_of(&typed)
        .into_iter()
        .filter(|(c, _)| *c == "D14")
        .collect();
    assert_eq!(d14.len(), 1, "only the second attachment runs on: {d14:?}");
}

#[test]
fn d13_date_needs_room_on_the_right() {
    let bytes = render("s2_qingshi.txt", &sample("s2_qingshi.txt"));
    assert!(!codes_of(&bytes).iter().any(|(c, _)| *c == "D13"));
    let xml = parts(&bytes)["word/document.xml"].clone();
    let date_at = xml.find("2025年3月18日").expect("date in the XML");
    let para_start = xml[..date_at]
        .rfind("<w:p>")
        .or_else(|| xml[..date_at].rfind("<w:p "))
        .unwrap();
    let para = &xml[para_start..date_at];
    let ind_start = para.find("<w:ind ").expect("the date has an indent");
    let ind_end = para[ind_start..].find("/>").unwrap() + ind_start + 2;
    let flush = format!(
        "{}{}{}",
        &xml[..para_start + ind_start],
        "<w:ind w:right=\"0\" />",
        &xml[para_start + ind_end..]
    );
    let flush_bytes = with_document(&bytes, |_| flush.clone());
    let codes = codes_of(&flush_bytes);
    assert!(codes.iter().any(|(c, _)| *c == "D13"), "{codes:?}");
}
