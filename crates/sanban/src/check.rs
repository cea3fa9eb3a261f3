//! `sanban check`: the 公文 规范 checker for files, printed like a compiler's diagnostics.

use std::{io::Read, path::Path, process::ExitCode};

use anyhow::Context;
use sanban_gongwen::{Report, Severity, apply_fixes, check_docx, check_text};

use crate::cli::CheckArgs;

struct Checked {
    name: String,
    report: Report,
}

fn read_input(path: &str) -> anyhow::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("无法读取标准输入")?;
        return Ok(buf);
    }
    std::fs::read(path).with_context(|| format!("无法读取文件 {path}"))
}

fn is_docx(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

fn text_of(path: &str, bytes: Vec<u8>) -> anyhow::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{path} 不是 UTF-8 编码的文本（.txt/.md），也不是 .docx"))
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    if args.files.is_empty() {
        anyhow::bail!("请指定要检查的文件（.txt、.md、.docx，或 - 表示标准输入）");
    }
    let mut checked = Vec::new();
    for path in &args.files {
        let bytes = read_input(path)?;
        let report = if is_docx(path) {
            if args.fix {
                eprintln!("提示：{path} 是 .docx，--fix 只修改文本稿，此文件只检查不修改");
            }
            check_docx(&bytes).map_err(|e| anyhow::anyhow!("{path}：{e}"))?
        } else {
            let text = text_of(path, bytes)?;
            let report = check_text(&text);
            if args.fix && report.findings.iter().any(|f| f.fix.is_some()) {
                let fixed = apply_fixes(&text, &report.findings);
                if path == "-" {
                    print!("{fixed}");
                } else {
                    std::fs::write(path, &fixed).with_context(|| format!("无法写回 {path}"))?;
                    let n = report.findings.iter().filter(|f| f.fix.is_some()).count();
                    eprintln!("已修正 {path} 中 {n} 处可确定的问题");
                }
                check_text(&fixed)
            } else {
                report
            }
        };
        checked.push(Checked {
            name: if path == "-" {
                "<标准输入>".into()
            } else {
                path.clone()
            },
            report,
        });
    }

    let errors = checked
        .iter()
        .flat_map(|c| &c.report.findings)
        .filter(|f| f.severity == Severity::Error)
        .count();
    if args.format == "json" {
        let out: Vec<serde_json::Value> = checked
            .iter()
            .map(|c| serde_json::json!({"file": c.name, "findings": c.report.findings}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if !(args.fix && args.files.iter().any(|f| f == "-")) {
        print_text(&checked);
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_text(checked: &[Checked]) {
    let (mut e, mut w, mut h) = (0, 0, 0);
    for c in checked {
        for f in &c.report.findings {
            match f.severity {
                Severity::Error => e += 1,
                Severity::Warning => w += 1,
                Severity::Hint => h += 1,
            }
            println!(
                "{}:{}:{}: {}[{}]: {}",
                c.name,
                f.line,
                f.column,
                f.severity.label(),
                f.code,
                f.message
            );
            println!("    依据：{}", f.rule);
            if let Some(help) = &f.help {
                println!("    建议：{help}");
            }
            if let Some(fix) = &f.fix {
                println!("    可自动修正为「{}」（使用 --fix）", fix.replacement);
            }
        }
    }
    println!(
        "共检查 {} 个文件：错误 {e} 处，警告 {w} 处，提示 {h} 处",
        checked.len()
    );
}
