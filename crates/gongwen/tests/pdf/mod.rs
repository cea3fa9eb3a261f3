//! `PdfRenderer`: the five samples laid out as PDF and measured on the page against GB/T
//! 9704-2012 (within 0.5 mm): the 发文机关标志, 发文字号, red separator, title, first line of
//! 正文, 版记 rules and page numbers; the 信函, 纪要 and attachment layouts; literal text;
//! fonts, substitutions and missing glyphs.
//!
//! Positions are of the em box (字身) a CJK face draws in: its top 0.88 em above the baseline.
//! `SANBAN_RENDER_OUT=dir` writes the PDFs there, to look at them.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sanban_gongwen::parse::parse;
use sanban_gongwen::{PdfError, PdfRenderer, RenderOptions};

use sanban_gongwen::pdf::measure::{self as reader, Page, Rect, Run};

const MM_PER_PT: f64 = 25.4 / 72.0;
/// One line: 28.95 pt.
const LINE: f64 = 28.95 * MM_PER_PT;
const TOL: f64 = 0.5;
/// The 版心: 37 mm from the top, 28 mm from the left, 156 × 225 mm.
const TOP: f64 = 37.0;
const LEFT: f64 = 28.0;
const WIDTH: f64 = 156.0;
const BOTTOM: f64 = 262.0;

fn renderer() -> &'static PdfRenderer {
    static R: OnceLock<PdfRenderer> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(None).expect("a CJK font (apt-get install fonts-noto-cjk)"))
}

fn render_source(name: &str, source: &str) -> Vec<Page> {
    let out = renderer()
        .render(&parse(source), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    if let Some(dir) = std::env::var_os("SANBAN_RENDER_OUT") {
        let stem = Path::new(name).file_stem().unwrap().to_string_lossy();
        std::fs::write(Path::new(&dir).join(format!("{stem}.pdf")), &out.pdf).unwrap();
    }
    let pages = reader::read(&out.pdf).expect("a readable PDF");
    assert_eq!(pages.len(), out.pages, "{name}: page count");
    pages
}

fn sample(name: &str) -> Vec<Page> {
    let path = crate::package_dir().join("tests/render/samples").join(name);
    render_source(name, &std::fs::read_to_string(path).unwrap())
}

#[track_caller]
fn near(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= TOL,
        "{what}: {actual:.2} mm, standard {expected:.2} mm"
    );
}

fn line(page: &Page, prefix: &str) -> Run {
    page.line(prefix)
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in\n{}", page.text()))
}

/// The line starting with `prefix` on whichever page holds it.
fn line_anywhere(pages: &[Page], prefix: &str) -> Run {
    pages
        .iter()
        .find_map(|p| p.line(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} on any page"))
}

fn red_rules(page: &Page) -> Vec<Rect> {
    let mut r: Vec<Rect> = page.rects.iter().filter(|r| r.is_red()).cloned().collect();
    r.sort_by(|a, b| a.top.partial_cmp(&b.top).unwrap());
    r
}

fn mark(page: &Page) -> Run {
    page.lines()
        .into_iter()
        .find(Run::is_red)
        .unwrap_or_else(|| panic!("no red mark in\n{}", page.text()))
}

/// 7.5: “— n —” in 4号, the dashes (the em box's middle) 7 mm below the 版心; odd pages end 1
/// character (14 pt) from the right edge of the 版心, even pages start 1 character from the left.
fn assert_page_number(page: &Page, n: usize) {
    let label = format!("— {n} —");
    let run = line(page, &label);
    assert!(
        (run.size - 14.0).abs() < 0.1,
        "page number in 4号: {}",
        run.size
    );
    let middle = run.baseline - 0.38 * run.size * MM_PER_PT;
    near(
        middle,
        BOTTOM + 7.0,
        &format!("page {n}: dash line below the 版心"),
    );
    let char4 = 14.0 * MM_PER_PT;
    if n % 2 == 1 {
        near(
            run.right(),
            LEFT + WIDTH - char4,
            &format!("page {n}: right end"),
        );
    } else {
        near(run.x, LEFT + char4, &format!("page {n}: left end"));
    }
}

/// The 版记's last rule lies on the 版心's bottom edge (7.4.1); thick rules 0.35 mm, the thin one
/// 0.25 mm, all as wide as the 版心.
fn assert_colophon(page: &Page) {
    let mut black: Vec<&Rect> = page
        .rects
        .iter()
        .filter(|r| !r.is_red() && r.width() > 100.0)
        .collect();
    black.sort_by(|a, b| a.top.partial_cmp(&b.top).unwrap());
    assert!(black.len() >= 2, "版记 rules: {black:?}");
    let last = black.last().unwrap();
    near(
        last.bottom,
        BOTTOM,
        "last 版记 rule on the 版心's bottom edge",
    );
    near(last.height(), 0.35, "last rule thick");
    near(black[0].height(), 0.35, "first rule thick");
    for r in &black {
        near(r.width(), WIDTH, "版记 rule as wide as the 版心");
        near(r.left, LEFT, "版记 rule from the left of the 版心");
    }
}

/// The 文件 format's head: mark 35 mm below the 版心's top; 发文字号 2 lines below it; the red
/// rule 4 mm below the number and as wide as the 版心; the title 2 lines below the rule.
/// Returns the title's last line.
fn assert_standard_head(page: &Page, number: &str, title: &str) -> Run {
    let mark = mark(page);
    near(
        mark.em_top(),
        TOP + 35.0,
        "发文机关标志 35 mm below the 版心's top",
    );
    assert!(mark.size <= 36.0 + 0.01, "mark at most 小初");
    let mark_bottom = mark.em_top() + mark.size * MM_PER_PT;
    let n = line(page, number);
    near(
        n.em_top(),
        mark_bottom + 2.0 * LINE,
        "发文字号 2 lines below the mark",
    );
    let rule = red_rules(page).into_iter().next().expect("red separator");
    near(
        rule.top,
        n.em_top() + 16.0 * MM_PER_PT + 4.0,
        "separator 4 mm below the number",
    );
    near(rule.width(), WIDTH, "separator as wide as the 版心");
    near(rule.left, LEFT, "separator from the left of the 版心");
    let t = page
        .lines()
        .into_iter()
        .find(|l| !l.is_red() && l.text.starts_with(title))
        .unwrap_or_else(|| panic!("no title {title:?}"));
    assert!((t.size - 22.0).abs() < 0.1, "title in 2号: {}", t.size);
    near(
        t.em_top(),
        rule.bottom + 2.0 * LINE,
        "title 2 lines below the separator",
    );
    let centre = t.x + t.width / 2.0;
    near(centre, LEFT + WIDTH / 2.0, "title centred");
    t
}

/// 主送 one blank line below the title's last line, flush left; the first 正文 line on the next
/// line, 2 characters in.
fn assert_body_start(page: &Page, title_last: &Run, recipients: &str, body: &str) {
    let r = line(page, recipients);
    near(
        r.em_top(),
        title_last.em_top() + 2.0 * LINE,
        "主送 1 blank line below the title",
    );
    near(r.x, LEFT, "主送 flush left");
    let b = line(page, body);
    near(
        b.em_top(),
        r.em_top() + LINE,
        "first 正文 line below the 主送",
    );
    near(
        b.x,
        LEFT + 2.0 * 16.0 * MM_PER_PT,
        "正文 indented 2 characters",
    );
    assert!((b.size - 16.0).abs() < 0.1, "正文 in 3号");
    // 28 characters fill a full line of the 版心: the 2-character indent and 26 more.
    assert_eq!(
        b.text.chars().count(),
        26,
        "28 characters a line: {:?}",
        b.text
    );
    near(
        b.right(),
        LEFT + WIDTH,
        "a full 正文 line ends at the 版心's right edge",
    );
}

#[test]
fn tongzhi_head_body_colophon_and_page_numbers() {
    let pages = sample("s1_tongzhi.txt");
    let p1 = &pages[0];
    let copy = line(p1, "000125");
    near(copy.em_top(), TOP, "份号 on the 版心's first line");
    near(copy.x, LEFT, "份号 flush left");
    near(
        line(p1, "秘密").em_top(),
        TOP + LINE,
        "密级 on the second line",
    );
    near(
        line(p1, "加急").em_top(),
        TOP + 2.0 * LINE,
        "紧急程度 on the third line",
    );
    let n = line(p1, "淮府办〔2025〕18号");
    near(n.x + n.width / 2.0, LEFT + WIDTH / 2.0, "发文字号 centred");
    let title = assert_standard_head(p1, "淮府办〔2025〕18号", "淮南市人民政府办公室");
    let title_last = line(p1, "关于开展2025年安全生产大检查的通知");
    near(
        title_last.em_top(),
        title.em_top() + LINE,
        "second title line",
    );
    assert_body_start(p1, &title_last, "各县、区人民政府", "为深入排查整治");
    for (k, page) in pages.iter().enumerate() {
        assert_page_number(page, k + 1);
    }
    assert_colophon(pages.last().unwrap());
    // 22 lines a page: the body's lines on page 2 step by one pitch from the 版心's top.
    if pages.len() > 1 {
        let lines: Vec<Run> = pages[1]
            .lines()
            .into_iter()
            .filter(|l| (l.size - 16.0).abs() < 0.1)
            .collect();
        near(
            lines[0].em_top(),
            TOP,
            "page 2 starts on the 版心's first line",
        );
    }
}

#[test]
fn qingshi_number_and_signer_share_a_line() {
    let pages = sample("s2_qingshi.txt");
    let p1 = &pages[0];
    let n = line(p1, "淮应急〔2025〕9号");
    let char3 = 16.0 * MM_PER_PT;
    near(
        n.x,
        LEFT + char3,
        "上行文: 发文字号 1 character from the left",
    );
    assert!(
        n.text.contains("签发人：陈立新"),
        "签发人 on the number's line: {:?}",
        n.text
    );
    near(
        n.right(),
        LEFT + WIDTH - char3,
        "签发人 1 character from the right",
    );
    let title = assert_standard_head(p1, "淮应急〔2025〕9号", "淮南市应急管理局");
    let last = line(p1, "关于申请拨付森林防火专项经费的请示");
    near(last.em_top(), title.em_top() + LINE, "second title line");
    assert_body_start(p1, &last, "淮南市人民政府", "今年春季以来");
    // 7.3.5.1: the date 4 characters from the right, the 署名 centred over it.
    let date = line_anywhere(&pages, "2025年3月18日");
    near(
        date.right(),
        LEFT + WIDTH - 4.0 * char3,
        "成文日期 4 characters from the right",
    );
    let sig = pages
        .iter()
        .flat_map(|p| p.lines())
        .rfind(|l| l.text == "淮南市应急管理局" && (l.size - 16.0).abs() < 0.1)
        .expect("署名");
    near(
        sig.x + sig.width / 2.0,
        date.x + date.width / 2.0,
        "署名 centred over the date",
    );
    near(date.em_top(), sig.em_top() + LINE, "date below the 署名");
    assert_page_number(p1, 1);
}

#[test]
fn han_uses_the_letter_format() {
    let pages = sample("s3_han.txt");
    let p1 = &pages[0];
    let mark = mark(p1);
    near(
        mark.em_top(),
        30.0,
        "信函 mark 30 mm from the page's top edge",
    );
    let rules = red_rules(p1);
    assert_eq!(rules.len(), 4, "two red double lines: {rules:?}");
    for r in &rules {
        near(r.width(), 170.0, "double line 170 mm");
        near(
            r.left + 85.0,
            LEFT + WIDTH / 2.0,
            "double line centred on the 版心",
        );
    }
    near(
        rules[0].top,
        mark.em_top() + mark.size * MM_PER_PT + 4.0,
        "upper double line 4 mm below the mark",
    );
    assert!(
        rules[0].height() > rules[1].height(),
        "upper double line thick over thin"
    );
    assert!(
        rules[3].height() > rules[2].height(),
        "lower double line thin over thick"
    );
    near(
        rules[3].bottom,
        297.0 - 20.0,
        "lower double line 20 mm above the bottom edge",
    );
    let n = line(p1, "淮府办函〔2025〕21号");
    near(n.right(), LEFT + WIDTH, "发文字号 flush right");
    near(
        n.em_top(),
        rules[1].bottom + 14.0 * MM_PER_PT,
        "发文字号 7/8 of a 3号 character below the double line",
    );
    let t = p1
        .lines()
        .into_iter()
        .find(|l| !l.is_red() && l.text == "淮南市人民政府办公室")
        .expect("title");
    near(
        t.em_top(),
        n.em_top() + 3.0 * LINE,
        "title 2 lines below the 发文字号",
    );
    let last = line(p1, "关于商请协助开展淮河生态廊道联合调研的函");
    assert_body_start(p1, &last, "安徽省生态环境厅", "为贯彻落实淮河流域");
    assert!(
        p1.line("— 1 —").is_none(),
        "no page number on the 信函's first page"
    );
    for (k, page) in pages.iter().enumerate().skip(1) {
        assert_page_number(page, k + 1);
    }
}

#[test]
fn jiyao_mark_and_attendee_lines() {
    let pages = sample("s4_jiyao.txt");
    let p1 = &pages[0];
    let mark = mark(p1);
    assert!(mark.text.starts_with("淮南市人民政府常务会议纪要"));
    near(
        mark.em_top(),
        TOP + 35.0,
        "纪要 mark 35 mm below the 版心's top",
    );
    let rule = red_rules(p1)
        .into_iter()
        .next()
        .expect("red line below the mark");
    near(
        rule.top,
        mark.em_top() + mark.size * MM_PER_PT + 4.0,
        "red line 4 mm below the mark",
    );
    let b = line(p1, "2025年3月21日，市长张卫东");
    near(
        b.em_top(),
        rule.bottom + 2.0 * LINE,
        "正文 2 lines below the red line",
    );
    near(
        b.x,
        LEFT + 2.0 * 16.0 * MM_PER_PT,
        "正文 indented 2 characters",
    );
    let attend = line(p1, "出席：");
    let char3 = 16.0 * MM_PER_PT;
    near(attend.x, LEFT + 2.0 * char3, "出席 2 characters in");
    let before = line(p1, "会议强调");
    assert!(
        attend.em_top() - before.em_top() >= 2.0 * LINE - TOL,
        "出席 one blank line below the 正文"
    );
    let leave = line(p1, "请假：");
    near(
        leave.em_top(),
        attend.em_top() + LINE,
        "请假 on the next line",
    );
    assert_page_number(p1, 1);
}

#[test]
fn yijian_attachments_start_new_pages_and_numbering_continues() {
    let pages = sample("s5_yijian.txt");
    let p1 = &pages[0];
    let title = assert_standard_head(p1, "淮府〔2025〕12号", "淮南市人民政府");
    let last = line(p1, "关于加快发展银发经济的实施意见");
    near(last.em_top(), title.em_top() + LINE, "second title line");
    assert_body_start(p1, &last, "各县、区人民政府", "为积极应对人口老龄化");
    let note = line_anywhere(&pages, "附件：1.淮南市银发经济重点任务分工");
    near(
        note.x,
        LEFT + 2.0 * 16.0 * MM_PER_PT,
        "附件说明 2 characters in",
    );
    let second = line_anywhere(&pages, "2.淮南市银发经济重点项目清单");
    near(
        second.x,
        note.x + 3.0 * 16.0 * MM_PER_PT - 3.0 * 0.207 * MM_PER_PT,
        "second item under the first item's number",
    );
    let starts: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.line("附件")
                .is_some_and(|l| l.text == "附件1" || l.text == "附件2")
        })
        .map(|(k, _)| k)
        .collect();
    assert_eq!(starts.len(), 2, "each attachment on its own page");
    for &k in &starts {
        let label = pages[k].lines().into_iter().next().unwrap();
        near(label.em_top(), TOP, "附件 label on line 1");
        near(label.x, LEFT, "附件 label flush left");
        let title = pages[k].lines().into_iter().nth(1).unwrap();
        near(
            title.em_top(),
            TOP + 2.0 * LINE,
            "attachment title on line 3",
        );
        assert!((title.size - 22.0).abs() < 0.1);
        near(
            title.x + title.width / 2.0,
            LEFT + WIDTH / 2.0,
            "attachment title centred",
        );
    }
    for (k, page) in pages.iter().enumerate() {
        assert_page_number(page, k + 1);
    }
    assert_colophon(pages.last().unwrap());
}

#[test]
fn typst_syntax_in_a_draft_prints_literally() {
    let source = "淮南市人民政府办公室文件\n\n淮府办〔2025〕30号\n\n关于做好信息报送工作的通知\n\n各县、区人民政府：\n　　#set page(width: 10mm) *粗* _斜_\n　　[链接](x) $x^2$ \\ \"引号\" <标签> @引用\n　　// 注释 /* 块 */ `代码` = 标题 - 项 + 项 ~\n\n淮南市人民政府办公室\n2025年4月1日\n";
    let pages = render_source("literal.txt", source);
    let text = pages[0].text();
    for expected in [
        "#set page(width: 10mm) *粗* _斜_",
        "[链接](x) $x^2$ \\ \"引号\" <标签> @引用",
        "// 注释 /* 块 */ `代码` = 标题 - 项 + 项 ~",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not printed literally in\n{text}"
        );
    }
    let body = line(&pages[0], "#set");
    near(
        body.x,
        LEFT + 2.0 * 16.0 * MM_PER_PT,
        "still an ordinary paragraph",
    );
}

#[test]
fn a_character_no_font_has_is_refused() {
    let source = "关于做好信息报送工作的通知\n\n各县、区人民政府：\n　　请按时报送\u{10FFFD}。\n";
    let err = renderer()
        .render(&parse(source), &RenderOptions::default())
        .unwrap_err();
    assert!(
        matches!(&err, PdfError::MissingGlyphs(c) if c == &['\u{10FFFD}']),
        "{err:?}"
    );
    assert!(err.to_string().contains("U+10FFFD"));
}

#[test]
fn without_cjk_fonts_the_error_says_what_to_install() {
    let empty = temp_dir("no-fonts");
    let err = PdfRenderer::with_dirs(vec![empty], false)
        .err()
        .expect("no CJK font");
    assert!(matches!(err, PdfError::NoCjkFont));
    assert!(
        err.to_string().contains("apt-get install fonts-noto-cjk"),
        "{err}"
    );
}

#[test]
fn substitutions_are_reported_as_d19() {
    let r = renderer();
    let source = "关于做好信息报送工作的通知\n\n各县、区人民政府：\n　　请按时报送。\n";
    let out = r.render(&parse(source), &RenderOptions::default()).unwrap();
    let substituted: Vec<_> = r.choices().iter().filter(|c| c.substituted).collect();
    let d19 = out.findings.iter().filter(|f| f.code == "D19").count();
    assert!(d19 >= substituted.len(), "{:?}", out.findings);
    for c in substituted {
        assert!(
            out.findings
                .iter()
                .any(|f| f.message.contains(c.face.required()) && f.message.contains(&c.family)),
            "{} → {} not reported",
            c.face.required(),
            c.family
        );
    }
    // The title's 小标宋 stand-in is a bold 宋 when it is not the real font.
    let xbs = r
        .choices()
        .iter()
        .find(|c| c.face == sanban_gongwen::pdf::Face::XiaoBiaoSong)
        .unwrap();
    if xbs.substituted && xbs.family.contains("Serif") {
        assert_eq!(xbs.weight, sanban_gongwen::pdf::Weight::Bold);
        assert!(!xbs.missing_bold, "the serif stand-in has a bold face");
    }
}

#[test]
fn an_office_fonts_directory_is_used() {
    // A directory holding only one CJK font: every face maps to it, each reported.
    let source_font = [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    let Some(font) = source_font else {
        return;
    };
    let dir = temp_dir("office-fonts");
    let link = dir.join("office.ttc");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&font, &link).unwrap();
    let r = PdfRenderer::with_dirs(vec![dir], false).unwrap();
    for c in r.choices() {
        assert_eq!(c.family, "Noto Sans CJK SC", "{:?}", c.face);
    }
    let hei = r
        .choices()
        .iter()
        .find(|c| c.face == sanban_gongwen::pdf::Face::HeiTi)
        .unwrap();
    assert!(hei.substituted);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sanban-gongwen-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
