//! D10, D11, D15, D16, D18 on .docx files from `render_docx`, spoiled one thing at a time in
//! the XML; and the layout pass (`check_docx_layout`) on the same files converted to PDF by
//! LibreOffice: D10's 4 mm, D12, D15's place, D16's page numbers, D17 and D18's marks.
//!
//! The layout tests need `soffice` on PATH. Without it they are skipped, unless
//! `SANBAN_REQUIRE_SOFFICE=1`, which makes them fail (`scripts/test` sets it).

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use sanban_gongwen::parse::parse;
use sanban_gongwen::{
    Document, Finding, RenderOptions, check_docx, check_docx_layout, render_docx,
};

fn sample(name: &str) -> Vec<u8> {
    let path = crate::package_dir().join("tests/render/samples").join(name);
    let source = std::fs::read_to_string(path).expect("sample");
    render_docx(&parse(&source), &RenderOptions::default()).expect("renders")
}

/// Rewrites one part of a .docx package.
pub fn mutate_part(docx: &[u8], part: &str, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut f = Some(f);
    for k in 0..zin.len() {
        let mut file = zin.by_index(k).expect("entry");
        let name = file.name().expect("entry name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read");
        if name == part
            && let Some(f) = f.take()
        {
            data = f(String::from_utf8(data).expect("UTF-8 XML")).into_bytes();
        }
        zout.start_file(&name, options).expect("start");
        zout.write_all(&data).expect("write");
    }
    zout.finish().expect("finish").into_inner()
}

pub fn mutate(docx: &[u8], f: impl FnOnce(String) -> String) -> Vec<u8> {
    mutate_part(docx, "word/document.xml", f)
}

/// The byte range of the paragraph on a line (1-based): the body's paragraphs in order (the
/// samples have no tables).
fn para_range(xml: &str, line: usize) -> std::ops::Range<usize> {
    let starts: Vec<usize> = xml
        .match_indices("<w:p")
        .map(|(k, _)| k)
        .filter(|&k| matches!(xml.as_bytes().get(k + 4), Some(b' ' | b'>')))
        .collect();
    let start = *starts
        .get(line - 1)
        .unwrap_or_else(|| panic!("no paragraph {line}"));
    let end = start + xml[start..].find("</w:p>").expect("end of paragraph") + "</w:p>".len();
    start..end
}

/// Edits the paragraph on a line.
pub fn edit_para(xml: String, line: usize, f: impl FnOnce(&str) -> String) -> String {
    let r = para_range(&xml, line);
    let new = f(&xml[r.clone()]);
    format!("{}{new}{}", &xml[..r.start], &xml[r.end..])
}

/// Removes the paragraph on a line; the lines below move up by one.
pub fn drop_para(xml: String, line: usize) -> String {
    edit_para(xml, line, |_| String::new())
}

/// Inserts XML before the paragraph on a line.
pub fn insert_before(xml: String, line: usize, new: &str) -> String {
    let r = para_range(&xml, line);
    format!("{}{new}{}", &xml[..r.start], &xml[r.start..])
}

/// Adds paragraph properties (after the ones there).
pub fn add_ppr(xml: String, line: usize, ppr: &str) -> String {
    edit_para(xml, line, |p| {
        p.replacen("</w:pPr>", &format!("{ppr}</w:pPr>"), 1)
    })
}

fn doc(docx: &[u8]) -> Document {
    check_docx(docx).expect("readable").document
}

fn findings(docx: &[u8]) -> Vec<Finding> {
    check_docx(docx).expect("readable").findings
}

/// (code, line) of the findings with the given codes.
fn codes(found: &[Finding], wanted: &[&str]) -> Vec<(&'static str, usize)> {
    found
        .iter()
        .filter(|f| wanted.contains(&f.code))
        .map(|f| (f.code, f.line))
        .collect()
}

fn message<'a>(found: &'a [Finding], code: &str) -> &'a str {
    found
        .iter()
        .find(|f| f.code == code)
        .map(|f| f.message.as_str())
        .unwrap_or_else(|| panic!("no {code} in {found:#?}"))
}

const NEW: [&str; 5] = ["D10", "D11", "D15", "D16", "D18"];

#[test]
fn the_samples_pass_the_new_xml_checks() {
    for s in [
        "s1_tongzhi.txt",
        "s2_qingshi.txt",
        "s3_han.txt",
        "s4_jiyao.txt",
        "s5_yijian.txt",
    ] {
        let found = findings(&sample(s));
        assert!(codes(&found, &NEW).is_empty(), "{s}: {found:#?}");
    }
}

/// s1 (通知): the 发文字号 on line 7, the red rule paragraph on line 8.
#[test]
fn d10_separator_colour_width_and_presence() {
    let docx = sample("s1_tongzhi.txt");
    let d = doc(&docx);
    assert_eq!(d.issuing_number.as_ref().unwrap().at.line, 7);
    let black = mutate(&docx, |x| {
        x.replacen(
            r#"w:color="FF0000" /></w:pBdr>"#,
            r#"w:color="000000" /></w:pBdr>"#,
            1,
        )
    });
    let found = findings(&black);
    assert_eq!(codes(&found, &NEW), vec![("D10", 8)]);
    assert!(message(&found, "D10").contains("不是红色"));

    let short = mutate(&docx, |x| {
        add_ppr(x, 8, r#"<w:ind w:left="1700" w:right="1700"/>"#)
    });
    let found = findings(&short);
    assert_eq!(codes(&found, &NEW), vec![("D10", 8)]);
    assert!(message(&found, "D10").contains("长约96mm"), "{found:#?}");

    let gone = mutate(&docx, |x| {
        edit_para(x, 8, |p| {
            let a = p.find("<w:pBdr>").unwrap();
            let b = p.find("</w:pBdr>").unwrap() + "</w:pBdr>".len();
            format!("{}{}", &p[..a], &p[b..])
        })
    });
    let found = findings(&gone);
    assert_eq!(codes(&found, &["D10"]), vec![("D10", 7)]);
    assert!(message(&found, "D10").contains("没有版头分隔线"));
}

/// Lines drawn as shapes: DrawingML with its extent, VML with its end points.
#[test]
fn d10_separator_drawn_as_a_shape() {
    let docx = sample("s1_tongzhi.txt");
    let shape = |color: &str, cx: u32| {
        format!(
            r#"<w:r><w:drawing><wp:anchor><wp:extent cx="{cx}" cy="0"/><a:graphic><a:graphicData><wps:wsp><wps:spPr><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="19050"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:ln></wps:spPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"#
        )
    };
    let with = |run: String| {
        mutate(&docx, move |x| {
            edit_para(x, 8, |p| {
                let a = p.find("<w:pBdr>").unwrap();
                let b = p.find("</w:pBdr>").unwrap() + "</w:pBdr>".len();
                format!("{}{}", &p[..a], &p[b..]).replacen("</w:pPr>", &format!("</w:pPr>{run}"), 1)
            })
        })
    };
    // 156 mm is 5 616 000 EMU.
    assert!(codes(&findings(&with(shape("FF0000", 5_616_000))), &NEW).is_empty());
    let found = findings(&with(shape("000000", 5_616_000)));
    assert!(message(&found, "D10").contains("不是红色"));
    let found = findings(&with(shape("FF0000", 4_000_000)));
    assert!(message(&found, "D10").contains("长约111mm"), "{found:#?}");
    // A floating line anchored in the mark's paragraph: where it lands is not known, so the
    // separator is not reported missing.
    let anchored_in_mark = mutate(&docx, |x| {
        let x = edit_para(x, 8, |p| {
            let a = p.find("<w:pBdr>").unwrap();
            let b = p.find("</w:pBdr>").unwrap() + "</w:pBdr>".len();
            format!("{}{}", &p[..a], &p[b..])
        });
        edit_para(x, 4, |p| {
            p.replacen(
                "</w:pPr>",
                &format!("</w:pPr>{}", shape("FF0000", 5_616_000)),
                1,
            )
        })
    });
    assert!(codes(&findings(&anchored_in_mark), &NEW).is_empty());
    let vml = r#"<w:r><w:pict><v:line from="0,0" to="442pt,0" strokecolor="red" strokeweight="1.5pt"/></w:pict></w:r>"#;
    assert!(codes(&findings(&with(vml.to_string())), &NEW).is_empty());
    let vml_black = vml.replace("strokecolor=\"red\"", "strokecolor=\"#000000\"");
    assert!(message(&findings(&with(vml_black)), "D10").contains("不是红色"));
}

#[test]
fn d11_blank_lines_counted_from_paragraphs_and_spacing() {
    let docx = sample("s1_tongzhi.txt");
    // The mark on line 4, blank lines 5 and 6, the number on 7.
    let one_blank = mutate(&docx, |x| drop_para(x, 5));
    let found = findings(&one_blank);
    assert_eq!(codes(&found, &NEW), vec![("D11", 6)]);
    assert!(
        message(&found, "D11").contains("应空二行，现为1行"),
        "{found:#?}"
    );
    // A blank line replaced by one line of space after the mark is as good.
    let spaced = mutate(&docx, |x| {
        add_ppr(drop_para(x, 5), 4, r#"<w:spacing w:after="579"/>"#)
    });
    assert!(codes(&findings(&spaced), &NEW).is_empty());
    // Half a line off is not reported; a line and a half is.
    let half = mutate(&docx, |x| {
        add_ppr(drop_para(x, 5), 4, r#"<w:spacing w:after="290"/>"#)
    });
    assert!(codes(&findings(&half), &NEW).is_empty());
    let afterlines = |n: u32| {
        mutate(&docx, |x| {
            add_ppr(
                drop_para(x, 5),
                4,
                &format!(r#"<w:spacing w:afterLines="{n}"/>"#),
            )
        })
    };
    assert!(codes(&findings(&afterlines(150)), &NEW).is_empty());
    let found = findings(&afterlines(200));
    assert_eq!(codes(&found, &NEW), vec![("D11", 6)]);
    assert!(message(&found, "D11").contains("现为3行"), "{found:#?}");

    // Separator 8, blanks 9 and 10, title 11–12, blank 13, 主送 14.
    let d = doc(&docx);
    assert_eq!(d.recipients.as_ref().unwrap().at.line, 14);
    let tight_title = mutate(&docx, |x| drop_para(drop_para(x, 10), 9));
    assert_eq!(codes(&findings(&tight_title), &NEW), vec![("D11", 9)]);
    let no_gap = mutate(&docx, |x| drop_para(x, 13));
    assert_eq!(codes(&findings(&no_gap), &NEW), vec![("D11", 13)]);
    let before = mutate(&docx, |x| {
        add_ppr(drop_para(x, 13), 13, r#"<w:spacing w:beforeLines="100"/>"#)
    });
    assert!(codes(&findings(&before), &NEW).is_empty());
}

/// Word's default grid is 15.6 pt; a 3号 line takes two grid lines, and spacing is counted in
/// those lines, not in grid lines.
#[test]
fn d11_on_word_default_grid() {
    let docx = mutate(&sample("s1_tongzhi.txt"), |x| {
        x.replace(r#"w:linePitch="579""#, r#"w:linePitch="312""#)
            .replace(
                r#"w:line="579" w:lineRule="exact" "#,
                r#"w:line="240" w:lineRule="auto" "#,
            )
    });
    let docx = mutate_part(&docx, "word/styles.xml", |x| {
        x.replace(
            r#"w:line="579" w:lineRule="exact" "#,
            r#"w:line="240" w:lineRule="auto" "#,
        )
    });
    assert!(codes(&findings(&docx), &["D11"]).is_empty());
    let spaced = mutate(&docx, |x| {
        add_ppr(drop_para(x, 5), 4, r#"<w:spacing w:after="624"/>"#)
    });
    assert!(codes(&findings(&spaced), &["D11"]).is_empty());
    let one = mutate(&docx, |x| drop_para(x, 5));
    assert_eq!(codes(&findings(&one), &["D11"]), vec![("D11", 6)]);
}

#[test]
fn d11_blank_line_before_the_attachment_note() {
    let docx = sample("s5_yijian.txt");
    let note = doc(&docx).attachment_note.expect("附件说明").at.line;
    let found = findings(&mutate(&docx, |x| drop_para(x, note - 1)));
    assert_eq!(codes(&found, &NEW), vec![("D11", note - 1)]);
    assert!(message(&found, "D11").contains("正文与附件说明之间应空一行"));
}

#[test]
fn d15_colophon_font_indent_and_rules() {
    let docx = sample("s1_tongzhi.txt");
    let d = doc(&docx);
    let copy = d.copy_to.as_ref().expect("抄送").at.line;
    let printing = d.printing.as_ref().expect("印发").at.line;
    assert_eq!(printing, copy + 2);
    let big = mutate(&docx, |x| {
        edit_para(x, copy, |p| p.replace(r#"w:val="28""#, r#"w:val="32""#))
    });
    let found = findings(&big);
    assert_eq!(codes(&found, &NEW), vec![("D15", copy)]);
    assert!(message(&found, "D15").contains("字号为16磅"), "{found:#?}");
    let flush = mutate(&docx, |x| {
        edit_para(x, printing, |p| {
            p.replace(r#"w:left="280""#, r#"w:left="0""#)
        })
    });
    let found = findings(&flush);
    assert_eq!(codes(&found, &NEW), vec![("D15", printing)]);
    assert!(message(&found, "D15").contains("左空0.0字"), "{found:#?}");
    let songti = mutate(&docx, |x| {
        edit_para(x, printing, |p| p.replace("仿宋_GB2312", "宋体"))
    });
    assert!(message(&findings(&songti), "D15").contains("“宋体”"));
    // The rules are the shaded paragraphs around the lines.
    let no_last = mutate(&docx, |x| drop_para(x, printing + 1));
    let found = findings(&no_last);
    assert_eq!(codes(&found, &NEW), vec![("D15", copy)]);
    assert!(message(&found, "D15").contains("末条分隔线"));
    let none = mutate(&docx, |x| {
        drop_para(drop_para(drop_para(x, printing + 1), copy + 1), copy - 1)
    });
    let m = message(&findings(&none), "D15").to_string();
    assert!(
        m.contains("首条") && m.contains("细分隔线") && m.contains("末条"),
        "{m}"
    );
}

#[test]
fn d18_minutes_labels_and_the_letters_first_page() {
    let minutes = sample("s4_jiyao.txt");
    let d = doc(&minutes);
    let present = d
        .body
        .iter()
        .find(|p| p.text.starts_with("出席："))
        .expect("出席")
        .at
        .line;
    let plain = mutate(&minutes, |x| {
        edit_para(x, present, |p| p.replacen("黑体", "仿宋_GB2312", 1))
    });
    let found = findings(&plain);
    assert_eq!(codes(&found, &NEW), vec![("D18", present)]);
    assert!(message(&found, "D18").contains("“出席”应使用3号黑体"));

    let letter = sample("s3_han.txt");
    let numbered = mutate(&letter, |x| x.replace("<w:titlePg />", ""));
    let found = findings(&numbered);
    assert_eq!(codes(&found, &NEW), vec![("D18", 1)]);
    assert!(message(&found, "D18").contains("首页不显示页码"));
    // Without the red double line the 函 is not taken for a 信函: nothing is said.
    let plain_han = mutate_part(&numbered, "word/header1.xml", |x| {
        x.replace("thickThinSmallGap", "single")
    });
    let plain_han = mutate_part(&plain_han, "word/footer3.xml", |x| {
        x.replace("thinThickSmallGap", "single")
    });
    assert!(codes(&findings(&plain_han), &NEW).is_empty());
}

/// D16 in the footer XML: the footers `render_docx` writes pass; centred, in 9 pt, with
/// hyphens, or without the field, each is reported on line 1.
#[test]
fn d16_page_number_in_the_footers() {
    let docx = sample("s1_tongzhi.txt");
    assert!(codes(&findings(&docx), &["D16"]).is_empty());
    let centred = mutate_part(&docx, "word/footer1.xml", |x| {
        x.replace(r#"<w:jc w:val="right" />"#, r#"<w:jc w:val="center" />"#)
    });
    let found = findings(&centred);
    assert_eq!(codes(&found, &NEW), vec![("D16", 1)]);
    assert!(message(&found, "D16").starts_with("单页码（奇数页页脚）：居中，应居右"));
    let small = mutate_part(&docx, "word/footer2.xml", |x| {
        x.replace(r#"w:val="28""#, r#"w:val="18""#)
    });
    let found = findings(&small);
    assert_eq!(codes(&found, &NEW), vec![("D16", 1)]);
    assert!(message(&found, "D16").contains("双页码（偶数页页脚）：字号为9磅"));
    let hyphens = mutate_part(&docx, "word/footer2.xml", |x| {
        x.replace("— ", "-").replace(" —", "-")
    });
    assert!(message(&findings(&hyphens), "D16").contains("页码写作“-n-”"));
    let no_field = mutate_part(&docx, "word/footer1.xml", |x| {
        x.replace("<w:instrText>PAGE</w:instrText>", "")
    });
    assert!(message(&findings(&no_field), "D16").contains("没有页码域"));
    // With odd/even footers off, only the default footer is read, and its alignment is left
    // to the finding that they are off.
    let one = mutate_part(&docx, "word/settings.xml", |x| {
        x.replace("<w:evenAndOddHeaders />", "")
    });
    let found = findings(&one);
    assert_eq!(codes(&found, &NEW), vec![("D16", 1)]);
    assert!(message(&found, "D16").contains("未设置奇偶页不同"));
}

// ---- the layout pass ----

#[test]
fn layout_needs_a_readable_pdf() {
    let err = check_docx_layout(&sample("s1_tongzhi.txt"), b"%PDF-1.4 not really").unwrap_err();
    assert!(err.to_string().contains("无法读取 PDF"), "{err}");
}

fn find_soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|d| {
        ["soffice", "libreoffice"]
            .iter()
            .map(|n| d.join(n))
            .find(|p| p.is_file())
    })
}

/// The .docx converted by LibreOffice; `None` when it is not installed and not required.
pub fn to_pdf(docx: &[u8]) -> Option<Vec<u8>> {
    static PROFILE: OnceLock<tempfile::TempDir> = OnceLock::new();
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let Some(soffice) = find_soffice() else {
        assert!(
            std::env::var("SANBAN_REQUIRE_SOFFICE").as_deref() != Ok("1"),
            "SANBAN_REQUIRE_SOFFICE=1 but soffice is not on PATH (apt-get install libreoffice-writer-nogui)"
        );
        eprintln!("soffice not found: layout test skipped");
        return None;
    };
    let profile = PROFILE.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("draft.docx");
    std::fs::write(&input, docx).expect("write");
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().join("lo").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(work.path())
        .arg(&input)
        .output()
        .expect("run soffice");
    let pdf = std::fs::read(work.path().join("draft.pdf")).unwrap_or_else(|_| {
        panic!(
            "soffice made no PDF: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    if let Some(dir) = std::env::var_os("SANBAN_RENDER_OUT") {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        std::fs::write(Path::new(&dir).join(format!("layout-{n}.pdf")), &pdf).expect("write");
    }
    Some(pdf)
}

/// The layout pass on a .docx: `None` without LibreOffice.
fn laid_out(docx: &[u8]) -> Option<Vec<Finding>> {
    let pdf = to_pdf(docx)?;
    Some(check_docx_layout(docx, &pdf).expect("readable").findings)
}

const LAYOUT: [&str; 6] = ["D10", "D12", "D15", "D16", "D17", "D18"];

#[test]
fn layout_the_samples_pass() {
    for s in [
        "s1_tongzhi.txt",
        "s2_qingshi.txt",
        "s3_han.txt",
        "s4_jiyao.txt",
        "s5_yijian.txt",
    ] {
        let Some(found) = laid_out(&sample(s)) else {
            return;
        };
        assert!(found.is_empty(), "{s}: {found:#?}");
    }
}

/// With a font the PDF really uses, the separator is measured: the rule paragraph of
/// `render_docx` is 4 mm below the number's line, which with Noto's deep descent puts the rule
/// 6 mm below the characters.
#[test]
fn layout_d10_separator_distance() {
    let docx = mutate(&sample("s1_tongzhi.txt"), |x| {
        x.replace("仿宋_GB2312", "Noto Serif CJK SC")
    });
    let Some(found) = laid_out(&docx) else {
        return;
    };
    // (D15 also says the 版记 is not in 仿宋.)
    assert_eq!(codes(&found, &["D10"]), vec![("D10", 7)]);
    assert!(message(&found, "D10").contains("约6.0mm"), "{found:#?}");
    let moved_up = mutate(&docx, |x| {
        x.replacen(r#"w:line="227""#, r#"w:line="114""#, 1)
    });
    let found = laid_out(&moved_up).unwrap();
    assert!(codes(&found, &["D10"]).is_empty(), "{found:#?}");
    // With the fonts the .docx names missing here, the distance is not judged.
    let found = laid_out(&sample("s1_tongzhi.txt")).unwrap();
    assert!(codes(&found, &LAYOUT).is_empty(), "{found:#?}");
}

#[test]
fn layout_d12_first_page_without_body() {
    let docx = sample("s1_tongzhi.txt");
    let first = doc(&docx).body[0].at.line;
    let pushed = mutate(&docx, |x| add_ppr(x, first, "<w:pageBreakBefore/>"));
    let Some(found) = laid_out(&pushed) else {
        return;
    };
    assert_eq!(codes(&found, &["D12"]), vec![("D12", first)]);
    assert!(message(&found, "D12").contains("首页没有正文"));
}

#[test]
fn layout_d15_colophon_not_at_the_bottom() {
    let docx = sample("s1_tongzhi.txt");
    let afloat = mutate(&docx, |x| {
        let mut x = x;
        while let Some(a) = x.find("<w:framePr") {
            let b = a + x[a..].find("/>").unwrap() + 2;
            x.replace_range(a..b, "");
        }
        x
    });
    let Some(found) = laid_out(&afloat) else {
        return;
    };
    let printing = doc(&docx).printing.unwrap().at.line;
    assert_eq!(
        codes(&found, &LAYOUT),
        vec![("D15", printing)],
        "{found:#?}"
    );
    assert!(message(&found, "D15").contains("距版心下边缘"));
}

#[test]
fn layout_d17_blank_page_before_the_colophon_and_continuity() {
    let docx = sample("s1_tongzhi.txt");
    let copy = doc(&docx).copy_to.unwrap().at.line;
    // Two page breaks before the 版记: a blank page, then the 版记's page, both numbered.
    let breaks =
        r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>"#;
    let blank = mutate(&docx, |x| insert_before(x, copy - 1, breaks));
    let Some(found) = laid_out(&blank) else {
        return;
    };
    let d17 = message(&found, "D17");
    assert!(d17.contains("空白页和版记页均不编排页码"), "{found:#?}");
    let restarted = mutate(&docx, |x| {
        x.replacen("<w:pgSz", r#"<w:pgNumType w:start="3"/><w:pgSz"#, 1)
    });
    let found = laid_out(&restarted).unwrap();
    assert_eq!(codes(&found, &LAYOUT), vec![("D17", 1)]);
    assert!(message(&found, "D17").contains("第1页的页码为3"));
}

/// Both footers of a .docx rewritten.
fn mutate_footers(docx: &[u8], f: impl Fn(String) -> String) -> Vec<u8> {
    let odd = mutate_part(docx, "word/footer1.xml", &f);
    mutate_part(&odd, "word/footer2.xml", &f)
}

/// The messages of the findings with a code.
fn messages<'a>(found: &'a [Finding], code: &str) -> Vec<&'a str> {
    found
        .iter()
        .filter(|f| f.code == code)
        .map(|f| f.message.as_str())
        .collect()
}

/// With the footers in a font the PDF really uses, the dashes are measured 7 mm below the
/// 版心; lowered by the 5.5 mm of spacing after them they are reported.
#[test]
fn layout_d16_page_number_height() {
    let docx = mutate_footers(&sample("s5_yijian.txt"), |x| {
        x.replace("宋体", "Noto Serif CJK SC")
    });
    let Some(found) = laid_out(&docx) else {
        return;
    };
    // The XML check names the font; the layout says nothing.
    let d16 = messages(&found, "D16");
    assert_eq!(d16.len(), 2, "{found:#?}");
    assert!(
        d16.iter().all(|m| m.contains("字体为“Noto Serif CJK SC”")),
        "{d16:#?}"
    );
    let lower = mutate_footers(&docx, |x| x.replace(r#"w:after="313""#, r#"w:after="0""#));
    let found = laid_out(&lower).unwrap();
    let d16 = messages(&found, "D16");
    assert_eq!(d16.len(), 3, "{found:#?}");
    // Spacing after of 313 twips is 5.5 mm; unmoved, the dashes are 6.4 mm below.
    assert!(
        d16.iter()
            .any(|m| m.contains("一字线距版心下边缘") && m.contains("第1页约11.9mm")),
        "{d16:#?}"
    );
    // In the fonts the .docx names, which are not installed here, the height is not judged.
    let lower = mutate_footers(&sample("s5_yijian.txt"), |x| {
        x.replace(r#"w:after="313""#, r#"w:after="0""#)
    });
    let found = laid_out(&lower).unwrap();
    assert!(codes(&found, &LAYOUT).is_empty(), "{found:#?}");
}

/// A number put at the right by a tab stop three characters short of the margin (LibreOffice
/// ends it 2.6 characters in): the XML does not say where it ends up, the PDF does.
#[test]
fn layout_d16_page_number_side() {
    let docx = mutate_part(&sample("s5_yijian.txt"), "word/footer1.xml", |x| {
        x.replace(
            r#"<w:jc w:val="right" /><w:ind w:left="0" w:right="280" />"#,
            r#"<w:tabs><w:tab w:val="right" w:pos="8004"/></w:tabs>"#,
        )
        .replacen(
            r#"<w:t xml:space="preserve">— </w:t>"#,
            r#"<w:tab/><w:t xml:space="preserve">— </w:t>"#,
            1,
        )
    });
    let Some(found) = laid_out(&docx) else {
        return;
    };
    assert_eq!(codes(&found, &LAYOUT), vec![("D16", 1)], "{found:#?}");
    let m = message(&found, "D16");
    assert!(
        m.contains("第1页页码距版心右边缘约2.6字") && m.contains("第3页"),
        "{m}"
    );
    assert!(!m.contains("第2页"), "{m}");
    // A tab stop 1.5 characters further right puts it about a character in.
    let docx = mutate_part(&docx, "word/footer1.xml", |x| {
        x.replace(r#"w:pos="8004""#, r#"w:pos="8424""#)
    });
    let found = laid_out(&docx).unwrap();
    assert!(codes(&found, &LAYOUT).is_empty(), "{found:#?}");
}

#[test]
fn layout_d18_minutes_mark_position() {
    let docx = mutate(&sample("s4_jiyao.txt"), |x| {
        x.replace("方正小标宋简体", "Noto Serif CJK SC")
    });
    let Some(found) = laid_out(&docx) else {
        return;
    };
    assert!(codes(&found, &LAYOUT).is_empty(), "{found:#?}");
    let lower = mutate(&docx, |x| {
        edit_para(x, 1, |p| {
            let a = p.find("w:before=\"").unwrap() + "w:before=\"".len();
            let b = a + p[a..].find('"').unwrap();
            let before: i32 = p[a..b].parse().unwrap();
            format!("{}{}{}", &p[..a], before + 340, &p[b..])
        })
    });
    let found = laid_out(&lower).unwrap();
    assert_eq!(codes(&found, &LAYOUT), vec![("D18", 1)]);
    assert!(message(&found, "D18").contains("应为35mm"), "{found:#?}");
}
