//! Integration tests: the corpus of drafts with declared errors (precision and recall per check
//! code), the published documents in `tests/real/`, the fixes, and the 发文字号 round trip.

/// The package's directory as Cargo gives it to the running test. The path compiled in belongs to
/// the checkout that built the binary, and a target directory shared between checkouts can hand
/// an unchanged binary to another one.
fn package_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(Into::into)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}

#[path = "real/check.rs"]
mod real;

mod corpus_eval {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fs;
    use std::path::PathBuf;

    use sanban_gongwen::check_text;

    /// A draft and the (code, line) pairs planted in it, from its sidecar `.expect` file:
    /// one `CODE LINE` a line, `#` starts a comment. An empty file declares a correct draft.
    struct Draft {
        name: String,
        source: String,
        expected: BTreeSet<(String, usize)>,
    }

    fn corpus_dir() -> PathBuf {
        crate::package_dir().join("tests/corpus")
    }

    fn load() -> Vec<Draft> {
        let mut drafts = Vec::new();
        let mut paths: Vec<PathBuf> = fs::read_dir(corpus_dir())
            .expect("corpus directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
            .collect();
        paths.sort();
        for path in paths {
            let source = fs::read_to_string(&path).expect("draft");
            let expect_path = path.with_extension("expect");
            let expect = fs::read_to_string(&expect_path)
                .unwrap_or_else(|_| panic!("{} has no .expect file", path.display()));
            let expected = expect
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let (code, line) = l.split_once(' ').expect("CODE LINE");
                    (code.to_string(), line.trim().parse().expect("line number"))
                })
                .collect();
            drafts.push(Draft {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                source,
                expected,
            });
        }
        drafts
    }

    #[derive(Default, Clone, Copy)]
    struct Tally {
        tp: usize,
        fp: usize,
        fn_: usize,
    }

    impl Tally {
        fn precision(self) -> f64 {
            if self.tp + self.fp == 0 {
                1.0
            } else {
                self.tp as f64 / (self.tp + self.fp) as f64
            }
        }
        fn recall(self) -> f64 {
            if self.tp + self.fn_ == 0 {
                1.0
            } else {
                self.tp as f64 / (self.tp + self.fn_) as f64
            }
        }
    }

    /// A .docx draft of `tests/corpus/docx/`: the text is laid out by `render_docx`, then
    /// spoiled by the directives of its `.expect` file, in order (line numbers are paragraphs of
    /// the .docx as it is at that point):
    ///
    /// - `@drop N`: remove paragraph N;
    /// - `@ppr N XML`: add paragraph properties to paragraph N;
    /// - `@edit N OLD => NEW`: replace text in paragraph N's XML;
    /// - `@replace OLD => NEW`, `@replace-all OLD => NEW`: in word/document.xml;
    /// - `@insert-before N XML`: insert XML before paragraph N;
    /// - `@part PART OLD => NEW`: replace every OLD in another part (`word/footer1.xml`);
    /// - `@layout`: also run the layout pass on the PDF LibreOffice makes of it.
    struct DocxDraft {
        name: String,
        docx: Vec<u8>,
        layout: bool,
        expected: BTreeSet<(String, usize)>,
    }

    fn load_docx() -> Vec<DocxDraft> {
        use super::layout::{add_ppr, drop_para, edit_para, insert_before, mutate};
        let dir = corpus_dir().join("docx");
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
            .expect("docx corpus directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("txt"))
            .collect();
        paths.sort();
        let mut out = Vec::new();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let source = fs::read_to_string(&path).expect("draft");
            let mut docx = sanban_gongwen::render_docx(
                &sanban_gongwen::parse::parse(&source),
                &sanban_gongwen::RenderOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            let expect = fs::read_to_string(path.with_extension("expect"))
                .unwrap_or_else(|_| panic!("{name} has no .expect file"));
            let mut layout = false;
            let mut expected = BTreeSet::new();
            for l in expect.lines() {
                let l = l.trim_start();
                if l.starts_with('#') || l.trim().is_empty() {
                    continue;
                }
                let Some(d) = l.strip_prefix('@') else {
                    let (code, line) = l.trim().split_once(' ').expect("CODE LINE");
                    expected.insert((code.to_string(), line.trim().parse().expect("line")));
                    continue;
                };
                let (op, rest) = d.split_once(' ').unwrap_or((d.trim(), ""));
                let pair = |t: &str| -> (String, String) {
                    let (a, b) = t.split_once(" =>").expect("OLD => NEW");
                    (a.to_string(), b.strip_prefix(' ').unwrap_or(b).to_string())
                };
                let numbered = || -> (usize, String) {
                    let (n, t) = rest.split_once(' ').unwrap_or((rest, ""));
                    (n.parse().expect("paragraph number"), t.to_string())
                };
                docx = match op {
                    "layout" => {
                        layout = true;
                        docx
                    }
                    "drop" => {
                        let (n, _) = numbered();
                        mutate(&docx, |x| drop_para(x, n))
                    }
                    "ppr" => {
                        let (n, xml) = numbered();
                        mutate(&docx, |x| add_ppr(x, n, &xml))
                    }
                    "insert-before" => {
                        let (n, xml) = numbered();
                        mutate(&docx, |x| insert_before(x, n, &xml))
                    }
                    "edit" => {
                        let (n, t) = numbered();
                        let (a, b) = pair(&t);
                        mutate(&docx, |x| {
                            edit_para(x, n, |p| {
                                assert!(p.contains(&a), "{name}: paragraph {n} has no {a}");
                                p.replace(&a, &b)
                            })
                        })
                    }
                    "replace" | "replace-all" => {
                        let (a, b) = pair(rest);
                        mutate(&docx, |x| {
                            assert!(x.contains(&a), "{name}: no {a}");
                            if op == "replace" {
                                x.replacen(&a, &b, 1)
                            } else {
                                x.replace(&a, &b)
                            }
                        })
                    }
                    "part" => {
                        let (part, t) = rest.split_once(' ').expect("@part PART OLD => NEW");
                        let (a, b) = pair(t);
                        super::layout::mutate_part(&docx, part, |x| {
                            assert!(x.contains(&a), "{name}: {part} has no {a}");
                            x.replace(&a, &b)
                        })
                    }
                    other => panic!("{name}: unknown directive @{other}"),
                };
            }
            out.push(DocxDraft {
                name,
                docx,
                layout,
                expected,
            });
        }
        out
    }

    impl DocxDraft {
        /// (code, line) of what the checker finds; `None` for a layout draft without LibreOffice.
        fn found(&self) -> Option<BTreeSet<(String, usize)>> {
            let report = if self.layout {
                let pdf = super::layout::to_pdf(&self.docx)?;
                sanban_gongwen::check_docx_layout(&self.docx, &pdf).expect("readable")
            } else {
                sanban_gongwen::check_docx(&self.docx).expect("readable")
            };
            Some(
                report
                    .findings
                    .iter()
                    .map(|f| (f.code.to_string(), f.line))
                    .collect(),
            )
        }
    }

    #[test]
    fn docx_corpus_plants_every_new_code() {
        let drafts = load_docx();
        let planted: BTreeSet<&str> = drafts
            .iter()
            .flat_map(|d| d.expected.iter().map(|(c, _)| c.as_str()))
            .collect();
        for code in ["D10", "D11", "D12", "D15", "D16", "D17", "D18"] {
            assert!(planted.contains(code), "no draft plants {code}");
        }
        assert!(drafts.iter().any(|d| d.expected.is_empty()));
    }

    #[test]
    fn corpus_is_large_enough() {
        let drafts = load();
        assert!(drafts.len() >= 40, "only {} drafts", drafts.len());
        assert!(drafts.iter().filter(|d| d.expected.is_empty()).count() >= 15);
    }

    #[test]
    fn correct_drafts_have_no_findings() {
        for d in load().iter().filter(|d| d.expected.is_empty()) {
            let r = check_text(&d.source);
            let shown: Vec<String> = r
                .findings
                .iter()
                .map(|f| format!("{}:{} {} {}", f.line, f.column, f.code, f.message))
                .collect();
            assert!(r.findings.is_empty(), "{}: {shown:#?}", d.name);
        }
    }

    #[test]
    fn precision_and_recall_per_code() {
        let mut per_code: BTreeMap<String, Tally> = BTreeMap::new();
        let mut misses = Vec::new();
        for d in load() {
            let found: BTreeSet<(String, usize)> = check_text(&d.source)
                .findings
                .iter()
                .map(|f| (f.code.to_string(), f.line))
                .collect();
            for hit in found.intersection(&d.expected) {
                per_code.entry(hit.0.clone()).or_default().tp += 1;
            }
            for extra in found.difference(&d.expected) {
                per_code.entry(extra.0.clone()).or_default().fp += 1;
                misses.push(format!("{} 误报 {} 第{}行", d.name, extra.0, extra.1));
            }
            for missed in d.expected.difference(&found) {
                per_code.entry(missed.0.clone()).or_default().fn_ += 1;
                misses.push(format!("{} 漏报 {} 第{}行", d.name, missed.0, missed.1));
            }
        }
        let mut skipped = 0;
        for d in load_docx() {
            let Some(found) = d.found() else {
                skipped += 1;
                continue;
            };
            for hit in found.intersection(&d.expected) {
                per_code.entry(hit.0.clone()).or_default().tp += 1;
            }
            for extra in found.difference(&d.expected) {
                per_code.entry(extra.0.clone()).or_default().fp += 1;
                misses.push(format!("{} 误报 {} 第{}段", d.name, extra.0, extra.1));
            }
            for missed in d.expected.difference(&found) {
                per_code.entry(missed.0.clone()).or_default().fn_ += 1;
                misses.push(format!("{} 漏报 {} 第{}段", d.name, missed.0, missed.1));
            }
        }
        if skipped > 0 {
            println!("{skipped} .docx drafts need LibreOffice for the layout pass: not counted");
        }
        let mut total = Tally::default();
        println!("| code | planted | found | false | missed | precision | recall |");
        println!("|---|---|---|---|---|---|---|");
        for (code, t) in &per_code {
            println!(
                "| {code} | {} | {} | {} | {} | {:.2} | {:.2} |",
                t.tp + t.fn_,
                t.tp,
                t.fp,
                t.fn_,
                t.precision(),
                t.recall()
            );
            total.tp += t.tp;
            total.fp += t.fp;
            total.fn_ += t.fn_;
        }
        println!(
            "| all | {} | {} | {} | {} | {:.3} | {:.3} |",
            total.tp + total.fn_,
            total.tp,
            total.fp,
            total.fn_,
            total.precision(),
            total.recall()
        );
        for m in &misses {
            println!("{m}");
        }
        assert!(
            total.precision() >= 0.95,
            "precision {:.3}",
            total.precision()
        );
        assert!(total.recall() >= 0.9, "recall {:.3}", total.recall());
    }

    pub(super) fn sources() -> Vec<(String, String)> {
        load().into_iter().map(|d| (d.name, d.source)).collect()
    }
}

mod fixes {
    use sanban_gongwen::{apply_fixes, check_text};

    #[test]
    fn applying_fixes_removes_every_fixable_finding() {
        for (name, source) in super::corpus_eval::sources() {
            let mut text = source.clone();
            for _ in 0..3 {
                let r = check_text(&text);
                text = apply_fixes(&text, &r.findings);
            }
            let left: Vec<String> = check_text(&text)
                .findings
                .iter()
                .filter(|f| f.fix.is_some())
                .map(|f| format!("{}:{} {}", f.line, f.code, f.message))
                .collect();
            assert!(left.is_empty(), "{name}: {left:#?}");
            if check_text(&source).findings.is_empty() {
                assert_eq!(text, source, "{name}: a clean draft must stay unchanged");
            }
        }
    }

    #[test]
    fn fixes_keep_unrelated_text() {
        let src = "关于做好防汛工作的通知\n\n各区人民政府:\n　　请认真贯彻执行,确保安全度汛。\n";
        let fixed = apply_fixes(src, &check_text(src).findings);
        assert_eq!(
            fixed,
            "关于做好防汛工作的通知\n\n各区人民政府：\n　　请认真贯彻执行，确保安全度汛。\n"
        );
    }

    #[test]
    fn report_serialises_to_json() {
        let r = check_text("关于做好防汛工作的通知\n\n各区人民政府:\n　　请认真贯彻执行。\n");
        let json = serde_json::to_string(&r).expect("serialise");
        assert!(json.contains("\"code\":\"T08\""));
        assert!(json.contains("\"element\":\"主送机关\""));
        assert!(json.contains("\"severity\":\"error\""));
    }
}

mod issuing_number_props {
    use proptest::prelude::*;
    use sanban_gongwen::IssuingNumber;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn print_then_parse_is_identity(
            code in "[\u{4e00}-\u{9fa5}A-Za-z]{1,8}",
            year in 1000u16..=9999,
            number in 1u32..=999_999,
        ) {
            let n = IssuingNumber::new(&code, year, number).unwrap();
            let printed = n.to_string();
            let parsed: IssuingNumber = printed.parse().unwrap();
            prop_assert_eq!(&parsed, &n);
            prop_assert_eq!(parsed.to_string(), printed);
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,20}") {
            let _ = text.parse::<IssuingNumber>();
            let _ = IssuingNumber::parse_lenient(&text);
        }
    }
}

mod docx_checks {
    use std::io::{Cursor, Write};

    use sanban_gongwen::model::HeadingLevel;
    use sanban_gongwen::{DocxError, check_docx, check_text};

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    const GOOD_SECT: &str = r#"<w:sectPr><w:footerReference w:type="default" r:id="rId1"/><w:footerReference w:type="even" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>"#;
    const ODD_EVEN: &str = "<w:evenAndOddHeaders/>";

    #[derive(Clone, Copy, PartialEq, Debug)]
    enum Role {
        Title,
        Body(Option<HeadingLevel>),
        Mark,
        Classification,
        AttachmentLabel,
        /// The red line under the 发文字号, typed as “————” in the draft.
        Separator,
        /// 抄送 and 印发 lines of the 版记.
        Colophon,
        Other,
    }

    #[derive(Clone)]
    struct Para {
        text: String,
        ppr: String,
        font: String,
        size: u32,
        color: Option<String>,
    }

    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    fn package(paras: &[Para], sect: &str, settings: &str, styles: Option<&str>) -> Vec<u8> {
        let mut body = String::new();
        for p in paras {
            let color = p
                .color
                .as_ref()
                .map_or(String::new(), |c| format!(r#"<w:color w:val="{c}"/>"#));
            body.push_str(&format!(
                r#"<w:p><w:pPr>{}</w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="{}"/>{color}<w:sz w:val="{}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                p.ppr,
                p.font,
                p.size,
                esc(&p.text)
            ));
        }
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}{sect}</w:body></w:document>"#
        );
        let settings = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:settings {NS}>{settings}</w:settings>"#
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut parts = vec![
            ("word/document.xml", document),
            ("word/settings.xml", settings),
        ];
        if let Some(s) = styles {
            parts.push(("word/styles.xml", s.to_string()));
        }
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn is_dashes(line: &str) -> bool {
        let t = line.trim();
        t.chars().count() >= 4 && t.chars().all(|c| c == '—')
    }

    /// Space after a line, in twips, that makes up the blank lines GB/T 9704 wants where the
    /// draft has fewer blank lines: 2 below the mark and below the separator, 1 below the
    /// title and above the 附件说明.
    fn make_up_gaps(source: &str) -> Vec<u32> {
        let doc = check_text(source).document;
        let lines: Vec<&str> = source.lines().collect();
        let mut after = vec![0; lines.len()];
        let mut want = |upper: usize, lower: usize, n: usize| {
            if upper == 0 || lower <= upper {
                return;
            }
            let blanks = (upper + 1..lower)
                .filter(|&l| lines[l - 1].trim().is_empty())
                .count();
            if blanks == lower - upper - 1 && blanks < n {
                after[upper - 1] = ((n - blanks) * 579) as u32;
            }
        };
        let title = doc
            .title
            .as_ref()
            .map(|t| (t.lines[0].at.line, t.lines[t.lines.len() - 1].at.line));
        if let (Some(mark), Some(number)) = (doc.issuer_marks.last(), &doc.issuing_number) {
            want(mark.at.line, number.at.line, 2);
        }
        if let (Some(number), Some((first, _))) = (&doc.issuing_number, title)
            && let Some(sep) = (number.at.line + 1..first).find(|&l| is_dashes(lines[l - 1]))
        {
            want(sep, first, 2);
        }
        if let (Some((_, last)), Some(r)) = (title, &doc.recipients) {
            want(last, r.at.line, 1);
        }
        if let Some(note) = &doc.attachment_note
            && let Some(above) = (1..note.at.line)
                .rev()
                .find(|&l| !lines[l - 1].trim().is_empty())
        {
            want(above, note.at.line, 1);
        }
        after
    }

    /// Lays a text draft out the way GB/T 9704-2012 wants it, using the roles the text parser
    /// finds, and lets a test spoil one role.
    fn lay_out(source: &str, spoil: impl Fn(Role, &mut Para)) -> Vec<Para> {
        let doc = check_text(source).document;
        let exact = r#"<w:spacing w:line="579" w:lineRule="exact"/>"#;
        let after = make_up_gaps(source);
        let title_line = doc.title.as_ref().map_or(0, |t| t.lines[0].at.line);
        source
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let ln = i + 1;
                let role = if doc
                    .title
                    .as_ref()
                    .is_some_and(|t| t.lines.iter().any(|l| l.at.line == ln))
                {
                    Role::Title
                } else if let Some(p) = doc.body.iter().find(|p| p.at.line == ln) {
                    Role::Body(p.heading.as_ref().map(|h| h.level))
                } else if doc.issuer_marks.iter().any(|m| m.at.line == ln) {
                    Role::Mark
                } else if doc.classification.as_ref().is_some_and(|c| c.at.line == ln)
                    || doc.urgency.as_ref().is_some_and(|c| c.at.line == ln)
                {
                    Role::Classification
                } else if doc.attachments.iter().any(|a| a.label.at.line == ln) {
                    Role::AttachmentLabel
                } else if is_dashes(line) && ln < title_line {
                    Role::Separator
                } else if doc.copy_to.as_ref().is_some_and(|c| c.at.line == ln)
                    || doc.printing.as_ref().is_some_and(|c| c.at.line == ln)
                {
                    Role::Colophon
                } else {
                    Role::Other
                };
                let mut p = match role {
                    Role::AttachmentLabel => Para {
                        text: line.trim().to_string(),
                        ppr: format!("<w:pageBreakBefore/>{exact}"),
                        font: "黑体".into(),
                        size: 32,
                        color: None,
                    },
                    Role::Title => Para {
                        text: line.trim().to_string(),
                        ppr: format!(r#"<w:jc w:val="center"/>{exact}"#),
                        font: "方正小标宋简体".into(),
                        size: 44,
                        color: None,
                    },
                    Role::Body(level) => Para {
                        text: line.trim().to_string(),
                        ppr: format!(r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>{exact}"#),
                        // A 纪要's 出席/请假/列席 line is one run here: its label sets the font.
                        font: match level {
                            Some(HeadingLevel::One) => "黑体",
                            Some(HeadingLevel::Two) => "楷体_GB2312",
                            _ if ["出席：", "请假：", "列席："]
                                .iter()
                                .any(|l| line.trim().starts_with(l)) =>
                            {
                                "黑体"
                            }
                            _ => "仿宋_GB2312",
                        }
                        .into(),
                        size: 32,
                        color: None,
                    },
                    Role::Mark => Para {
                        text: line.trim().to_string(),
                        ppr: r#"<w:jc w:val="center"/>"#.into(),
                        font: "方正小标宋简体".into(),
                        size: 72,
                        color: Some("FF0000".into()),
                    },
                    Role::Classification => Para {
                        text: line.trim().to_string(),
                        ppr: exact.into(),
                        font: "黑体".into(),
                        size: 32,
                        color: None,
                    },
                    Role::Separator => Para {
                        text: line.trim().to_string(),
                        ppr: exact.into(),
                        font: "仿宋_GB2312".into(),
                        size: 32,
                        color: Some("FF0000".into()),
                    },
                    Role::Colophon => Para {
                        text: line.trim().to_string(),
                        ppr: format!(
                            r#"<w:pBdr><w:top w:val="single" w:sz="8"/><w:bottom w:val="single" w:sz="8"/></w:pBdr><w:ind w:left="280" w:right="280"/>{exact}"#
                        ),
                        font: "仿宋_GB2312".into(),
                        size: 28,
                        color: None,
                    },
                    Role::Other => Para {
                        text: line.to_string(),
                        ppr: exact.into(),
                        font: "仿宋_GB2312".into(),
                        size: 32,
                        color: None,
                    },
                };
                if after[i] > 0 {
                    p.ppr
                        .push_str(&format!(r#"<w:spacing w:after="{}"/>"#, after[i]));
                }
                spoil(role, &mut p);
                p
            })
            .collect()
    }

    const DRAFT: &str = include_str!("corpus/c08_secret.txt");
    const STRUCTURED: &str = include_str!("corpus/c12_yijian.txt");

    fn codes(bytes: &[u8]) -> Vec<(&'static str, usize)> {
        check_docx(bytes)
            .unwrap()
            .findings
            .iter()
            .map(|f| (f.code, f.line))
            .collect()
    }

    fn d_codes(bytes: &[u8]) -> Vec<&'static str> {
        codes(bytes)
            .into_iter()
            .map(|c| c.0)
            .filter(|c| c.starts_with('D'))
            .collect()
    }

    #[test]
    fn every_correct_draft_laid_out_properly_passes() {
        for (name, source) in super::corpus_eval::sources() {
            if !check_text(&source).findings.is_empty() {
                continue;
            }
            let bytes = package(&lay_out(&source, |_, _| {}), GOOD_SECT, ODD_EVEN, None);
            let found: Vec<String> = check_docx(&bytes)
                .unwrap()
                .findings
                .iter()
                .map(|f| format!("{} {} {}", f.code, f.line, f.message))
                .collect();
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
    }

    #[test]
    fn text_findings_are_the_same_as_for_the_text() {
        for (name, source) in super::corpus_eval::sources() {
            let bytes = package(&lay_out(&source, |_, _| {}), GOOD_SECT, ODD_EVEN, None);
            let mut from_docx = codes(&bytes);
            let mut from_text: Vec<(&'static str, usize)> = check_text(&source)
                .findings
                .iter()
                .map(|f| (f.code, f.line))
                .collect();
            from_docx.sort();
            from_text.sort();
            assert_eq!(from_docx, from_text, "{name}");
        }
    }

    #[test]
    fn d01_d02_page_and_margins() {
        let paras = lay_out(DRAFT, |_, _| {});
        let letter = GOOD_SECT.replace(r#"w:w="11906" w:h="16838""#, r#"w:w="12240" w:h="15840""#);
        assert_eq!(
            d_codes(&package(&paras, &letter, ODD_EVEN, None)),
            vec!["D01"]
        );
        let word_default = GOOD_SECT.replace(
            r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#,
            r#"w:top="1440" w:right="1800" w:bottom="1440" w:left="1800""#,
        );
        let r = check_docx(&package(&paras, &word_default, ODD_EVEN, None)).unwrap();
        let d02: Vec<_> = r.findings.iter().filter(|f| f.code == "D02").collect();
        assert_eq!(d02.len(), 4);
        assert_eq!(
            d02.iter().filter(|f| f.severity.label() == "错误").count(),
            2
        );
        assert!(d02[0].message.contains("37mm"));
    }

    #[test]
    fn d03_d04_d05_body_text() {
        let single = lay_out(DRAFT, |role, p| {
            if matches!(role, Role::Body(_)) {
                p.ppr = r#"<w:ind w:firstLineChars="200"/>"#.into();
            }
        });
        let no_grid = GOOD_SECT.replace(r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#, "");
        assert_eq!(
            d_codes(&package(&single, &no_grid, ODD_EVEN, None)),
            vec!["D03"]
        );
        // With a 22-line grid, auto spacing snaps to the grid.
        assert!(d_codes(&package(&single, GOOD_SECT, ODD_EVEN, None)).is_empty());
        let song = lay_out(DRAFT, |role, p| {
            if role == Role::Body(None) {
                p.font = "宋体".into();
                p.size = 24;
            }
        });
        let r = check_docx(&package(&song, GOOD_SECT, ODD_EVEN, None)).unwrap();
        let d04 = r.findings.iter().find(|f| f.code == "D04").unwrap();
        assert!(
            d04.message.contains("宋体") && d04.message.contains("12磅"),
            "{}",
            d04.message
        );
        let flush = lay_out(DRAFT, |role, p| {
            if matches!(role, Role::Body(_)) {
                p.ppr = r#"<w:spacing w:line="579" w:lineRule="exact"/>"#.into();
            }
        });
        assert_eq!(
            d_codes(&package(&flush, GOOD_SECT, ODD_EVEN, None)),
            vec!["D05"]
        );
    }

    #[test]
    fn d06_d07_title_and_headings() {
        let left_title = lay_out(DRAFT, |role, p| {
            if role == Role::Title {
                p.ppr = String::new();
            }
        });
        assert_eq!(
            d_codes(&package(&left_title, GOOD_SECT, ODD_EVEN, None)),
            vec!["D06"]
        );
        let plain_heading = lay_out(STRUCTURED, |role, p| {
            if role == Role::Body(Some(HeadingLevel::One)) {
                p.font = "仿宋_GB2312".into();
            }
        });
        let r = check_docx(&package(&plain_heading, GOOD_SECT, ODD_EVEN, None)).unwrap();
        let d07: Vec<_> = r.findings.iter().filter(|f| f.code == "D07").collect();
        assert_eq!(d07.len(), 1);
        assert!(d07[0].message.contains("共3处"), "{}", d07[0].message);
    }

    #[test]
    fn d08_d09_header_lines() {
        let song = lay_out(DRAFT, |role, p| {
            if role == Role::Classification {
                p.font = "仿宋_GB2312".into();
            }
        });
        let found = d_codes(&package(&song, GOOD_SECT, ODD_EVEN, None));
        assert_eq!(found, vec!["D08", "D08"]);
        let black = lay_out(DRAFT, |role, p| {
            if role == Role::Mark {
                p.color = None;
            }
        });
        assert_eq!(
            d_codes(&package(&black, GOOD_SECT, ODD_EVEN, None)),
            vec!["D09"]
        );
    }

    #[test]
    fn d16_footers() {
        let paras = lay_out(DRAFT, |_, _| {});
        assert_eq!(d_codes(&package(&paras, GOOD_SECT, "", None)), vec!["D16"]);
        let no_footer = GOOD_SECT
            .replace(r#"<w:footerReference w:type="default" r:id="rId1"/>"#, "")
            .replace(r#"<w:footerReference w:type="even" r:id="rId2"/>"#, "");
        let r = check_docx(&package(&paras, &no_footer, ODD_EVEN, None)).unwrap();
        assert!(
            r.findings
                .iter()
                .any(|f| f.code == "D16" && f.message.contains("没有页脚"))
        );
    }

    #[test]
    fn fonts_come_from_styles_too() {
        let styles = |font: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="{font}"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200"/></w:pPr></w:style></w:styles>"#
            )
        };
        let good = styles("仿宋_GB2312");
        let bad = styles("宋体");
        let paras = lay_out(DRAFT, |role, p| {
            if role == Role::Body(None) {
                p.ppr = r#"<w:pStyle w:val="Body"/><w:spacing w:line="579" w:lineRule="exact"/>"#
                    .into();
                p.font = "STYLE".into();
            }
        });
        // Body paragraphs carry only a style reference: font, size and indent come from styles.
        let good_docx = package_with_style_fonts(&paras, &good);
        let bad_docx = package_with_style_fonts(&paras, &bad);
        assert!(d_codes(&good_docx).is_empty(), "{:?}", d_codes(&good_docx));
        assert_eq!(d_codes(&bad_docx), vec!["D04"]);
    }

    /// Like `package`, but runs whose font is "STYLE" get no font of their own.
    fn package_with_style_fonts(paras: &[Para], styles: &str) -> Vec<u8> {
        let mut body = String::new();
        for p in paras {
            let fonts = if p.font == "STYLE" {
                String::new()
            } else {
                format!(
                    r#"<w:rFonts w:eastAsia="{}"/><w:sz w:val="{}"/>"#,
                    p.font, p.size
                )
            };
            let color = p
                .color
                .as_ref()
                .map_or(String::new(), |c| format!(r#"<w:color w:val="{c}"/>"#));
            body.push_str(&format!(
                r#"<w:p><w:pPr>{}</w:pPr><w:r><w:rPr>{fonts}{color}</w:rPr><w:t>{}</w:t></w:r></w:p>"#,
                p.ppr,
                esc(&p.text)
            ));
        }
        let document =
            format!(r#"<w:document {NS}><w:body>{body}{GOOD_SECT}</w:body></w:document>"#);
        let settings = format!(r#"<w:settings {NS}>{ODD_EVEN}</w:settings>"#);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in [
            ("word/document.xml", document),
            ("word/settings.xml", settings),
            ("word/styles.xml", styles.to_string()),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn table_totals_are_checked_in_docx_tables() {
        let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
        let row = |cells: &[&str]| {
            let tcs: String = cells
                .iter()
                .map(|c| format!("<w:tc>{}</w:tc>", p(c)))
                .collect();
            format!("<w:tr>{tcs}</w:tr>")
        };
        let table = |total: &str| {
            format!(
                "<w:tbl>{}{}{}{}</w:tbl>",
                row(&["项目", "金额（万元）"]),
                row(&["物资", "120"]),
                row(&["培训", "80"]),
                row(&["合计", total])
            )
        };
        let doc = |total: &str| {
            let document = format!(
                r#"<w:document {NS}><w:body>{}{}{}{}{}</w:body></w:document>"#,
                p("关于防汛经费安排情况的报告"),
                p("市人民政府："),
                p("　　经费安排如下。"),
                table(total),
                p("　　特此报告。")
            );
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            zip.start_file("word/document.xml", options).unwrap();
            zip.write_all(document.as_bytes()).unwrap();
            zip.finish().unwrap().into_inner()
        };
        let t32 = |total: &str| {
            check_docx(&doc(total))
                .unwrap()
                .findings
                .iter()
                .filter(|f| f.code == "T32")
                .map(|f| f.line)
                .collect::<Vec<_>>()
        };
        assert!(t32("200").is_empty());
        assert_eq!(t32("210"), vec![7]);
    }

    #[test]
    fn unreadable_files_are_errors() {
        assert!(matches!(
            check_docx(b"not a zip"),
            Err(DocxError::NotZip(_))
        ));
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "word/other.xml",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
        zip.write_all(b"<x/>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let err = check_docx(&bytes).unwrap_err();
        assert!(matches!(err, DocxError::MissingDocument));
        assert!(err.to_string().contains("word/document.xml"));
    }
}

mod robustness {
    use proptest::prelude::*;
    use sanban_gongwen::{apply_fixes, check_docx, check_text};

    /// Fragments that exercise every recogniser, glued together at random.
    const PIECES: [&str; 40] = [
        "\n",
        "\n\n",
        "　　",
        "一、",
        "（一）",
        "(一)",
        "1.",
        "1、",
        "（1）",
        "附件：",
        "附件1",
        "附件",
        "抄送：",
        "抄送",
        "印发",
        "签发人：",
        "签发人",
        "〔2024〕",
        "[24]",
        "第05号",
        "号",
        "2024年",
        "1月5日",
        "二〇二四年",
        "机密★5年",
        "秘密",
        "特急",
        "急件",
        "000012",
        "文件",
        "的通知",
        "的请示",
        "：",
        ":",
        "。",
        "，",
        ",",
        "\"",
        "XX",
        "|1|2|",
    ];

    fn draft() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(PIECES.to_vec()).prop_map(str::to_string),
                "[\\PC]{0,6}",
            ],
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 400,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn checking_and_fixing_never_panic(src in draft()) {
            let report = check_text(&src);
            let n = src.chars().count();
            for f in &report.findings {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= n);
                prop_assert!(src.get(f.bytes.start..f.bytes.end).is_some());
                prop_assert!(f.line >= 1 && f.column >= 1);
            }
            let fixed = apply_fixes(&src, &report.findings);
            let _ = check_text(&fixed);
        }

        #[test]
        fn arbitrary_bytes_are_not_a_docx(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            prop_assert!(check_docx(&bytes).is_err());
        }
    }
}

#[path = "render/mod.rs"]
mod render;

#[path = "layout/mod.rs"]
mod layout;

#[path = "pdf/mod.rs"]
mod pdf;
