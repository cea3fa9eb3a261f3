//! Published 公文 collected from public web pages (`tests/real/NN_name.txt`), each with a
//! `.source` sidecar: the page address, the page title, the edits the web copy needed, and one
//! `expect CODE LINE` line for every 错误 the published text really contains. The checker must
//! raise exactly those errors and no other; warnings and hints are counted per code.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use sanban_gongwen::{Severity, check_text};

struct Published {
    name: String,
    source: String,
    expected_errors: BTreeSet<(String, usize)>,
}

fn load() -> Vec<Published> {
    let dir = crate::package_dir().join("tests/real");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/real")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let sidecar = fs::read_to_string(path.with_extension("source"))
                .unwrap_or_else(|_| panic!("{} has no .source file", path.display()));
            let mut lines = sidecar.lines();
            let address = lines.next().unwrap_or("");
            let title = lines.next().unwrap_or("");
            assert!(
                address.starts_with("http://") || address.starts_with("https://"),
                "{}: the first line of the .source file is the page address",
                path.display()
            );
            assert!(
                !title.trim().is_empty(),
                "{}: no page title",
                path.display()
            );
            let expected_errors = lines
                .filter_map(|l| l.strip_prefix("expect "))
                .map(|l| {
                    let mut parts = l.split_whitespace();
                    let code = parts.next().expect("CODE").to_string();
                    let line = parts.next().expect("LINE").parse().expect("line number");
                    (code, line)
                })
                .collect();
            Published {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                source: fs::read_to_string(&path).expect("document"),
                expected_errors,
            }
        })
        .collect()
}

#[test]
fn enough_real_documents() {
    assert!(load().len() >= 15);
}

#[test]
fn real_documents_raise_only_their_declared_errors() {
    let mut per_code: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();
    let mut wrong = Vec::new();
    for doc in load() {
        let report = check_text(&doc.source);
        let mut errors = BTreeSet::new();
        for f in &report.findings {
            let slot = match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Hint => 2,
            };
            per_code.entry(f.code).or_default()[slot] += 1;
            if f.severity == Severity::Error {
                errors.insert((f.code.to_string(), f.line));
            }
            println!(
                "{}:{} [{}] {} {}",
                doc.name,
                f.line,
                f.code,
                f.severity.label(),
                f.message
            );
        }
        for extra in errors.difference(&doc.expected_errors) {
            wrong.push(format!(
                "{} 未声明的错误 {} 第{}行",
                doc.name, extra.0, extra.1
            ));
        }
        for missed in doc.expected_errors.difference(&errors) {
            wrong.push(format!(
                "{} 声明的错误未报出 {} 第{}行",
                doc.name, missed.0, missed.1
            ));
        }
    }
    println!("| code | 错误 | 警告 | 提示 |");
    println!("|---|---|---|---|");
    for (code, [e, w, h]) in &per_code {
        println!("| {code} | {e} | {w} | {h} |");
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
