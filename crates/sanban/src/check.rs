//! `sanban check`: the 公文 规范 checker for files, printed like a compiler's diagnostics.

use std::{
    io::Read,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
};

use anyhow::Context;
use sanban_gongwen::{Report, Severity, apply_fixes, check_docx, check_docx_layout, check_text};

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

/// LibreOffice's command, found on PATH under either of its names.
fn find_soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        ["soffice", "libreoffice"]
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// A directory of our own under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> anyhow::Result<Self> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "sanban-layout-{}-{nanos}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir).with_context(|| format!("无法创建临时目录 {}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Converts a .docx to PDF with LibreOffice in a temporary directory, with a profile of its
/// own so that it neither waits for nor disturbs a LibreOffice the user has open.
fn docx_to_pdf(soffice: &Path, docx: &[u8]) -> anyhow::Result<Vec<u8>> {
    let tmp = TempDir::new()?;
    let input = tmp.0.join("draft.docx");
    std::fs::write(&input, docx).context("无法写入临时文件")?;
    let profile = tmp.0.join("profile");
    let output = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.to_string_lossy().replace(' ', "%20")
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&tmp.0)
        .arg(&input)
        .output()
        .with_context(|| format!("无法运行 {}", soffice.display()))?;
    let pdf = tmp.0.join("draft.pdf");
    if !output.status.success() || !pdf.is_file() {
        anyhow::bail!(
            "LibreOffice 未能把文件转换为 PDF：{}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    std::fs::read(&pdf).context("无法读取 LibreOffice 生成的 PDF")
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    if args.files.is_empty() {
        anyhow::bail!("请指定要检查的文件（.txt、.md、.docx，或 - 表示标准输入）");
    }
    let soffice = if args.layout {
        match find_soffice() {
            Some(p) => Some(p),
            None => {
                eprintln!(
                    "错误：--layout 需要 LibreOffice 把 .docx 排版为 PDF 后量取位置，但在 PATH 中找不到 soffice。\
                     请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），或去掉 --layout 只做 XML 检查。"
                );
                return Ok(ExitCode::from(2));
            }
        }
    } else {
        None
    };
    let mut checked = Vec::new();
    for path in &args.files {
        let bytes = read_input(path)?;
        let report = if is_docx(path) {
            if args.fix {
                eprintln!("提示：{path} 是 .docx，--fix 只修改文本稿，此文件只检查不修改");
            }
            match &soffice {
                Some(soffice) => {
                    let pdf = docx_to_pdf(soffice, &bytes)
                        .map_err(|e| anyhow::anyhow!("{path}：{e:#}"))?;
                    check_docx_layout(&bytes, &pdf).map_err(|e| anyhow::anyhow!("{path}：{e}"))?
                }
                None => check_docx(&bytes).map_err(|e| anyhow::anyhow!("{path}：{e}"))?,
            }
        } else {
            if args.layout {
                eprintln!("提示：{path} 不是 .docx，--layout 只用于 .docx，此文件只做文本检查");
            }
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
