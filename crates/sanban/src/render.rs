//! `sanban render`: a text draft laid out as a GB/T 9704 .docx or PDF.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use sanban_gongwen::{PdfRenderer, RenderOptions, parse, render_docx};

use crate::cli::RenderArgs;

pub fn run(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("无法读取文件 {}（须为 UTF-8 文本稿）", args.file.display()))?;
    let doc = parse::parse(&text);
    let pdf = args.to == "pdf";
    if let Some(dir) = &args.fonts
        && !dir.is_dir()
    {
        anyhow::bail!("字体目录 {} 不存在或不是目录", dir.display());
    }
    let bytes = if pdf {
        let renderer = PdfRenderer::new(args.fonts.clone())?;
        let out = renderer
            .render(&doc, &RenderOptions::default())
            .map_err(|e| anyhow::anyhow!("{}：{e}", args.file.display()))?;
        println!("字体：");
        for line in renderer.substitution_lines() {
            println!("  {line}");
        }
        if let Some(latin) = renderer.latin_family() {
            println!("  数字和字母：{latin}");
        }
        for f in &out.findings {
            println!("[{}] {} {}", f.code, f.severity.label(), f.message);
        }
        out.pdf
    } else {
        render_docx(&doc, &RenderOptions::default())
            .map_err(|e| anyhow::anyhow!("{}：{e}", args.file.display()))?
    };
    let out = args.output.unwrap_or_else(|| {
        PathBuf::from(&args.file).with_extension(if pdf { "pdf" } else { "docx" })
    });
    std::fs::write(&out, bytes).with_context(|| format!("无法写入 {}", out.display()))?;
    println!("已生成 {}", out.display());
    Ok(ExitCode::SUCCESS)
}
