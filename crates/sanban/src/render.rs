//! `sanban render`: a text draft laid out as a GB/T 9704 .docx.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use sanban_gongwen::{RenderOptions, parse, render_docx};

use crate::cli::RenderArgs;

pub fn run(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("无法读取文件 {}（须为 UTF-8 文本稿）", args.file.display()))?;
    let doc = parse::parse(&text);
    let bytes = render_docx(&doc, &RenderOptions::default())
        .map_err(|e| anyhow::anyhow!("{}：{e}", args.file.display()))?;
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(&args.file).with_extension("docx"));
    std::fs::write(&out, bytes).with_context(|| format!("无法写入 {}", out.display()))?;
    println!("已生成 {}", out.display());
    Ok(ExitCode::SUCCESS)
}
