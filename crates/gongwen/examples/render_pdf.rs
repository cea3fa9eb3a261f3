//! Renders a text draft to PDF: `render_pdf draft.txt out.pdf [fonts-dir]`; prints the typst
//! source with `--source`.

use sanban_gongwen::{PdfRenderer, RenderOptions, parse::parse};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_source = args.iter().any(|a| a == "--source");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--source").collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("用法：render_pdf 稿件.txt 输出.pdf [字体目录] [--source]");
        std::process::exit(2);
    };
    let renderer =
        PdfRenderer::new(args.get(2).map(std::path::PathBuf::from)).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1);
        });
    let doc = parse(&std::fs::read_to_string(input).expect("readable draft"));
    if show_source {
        println!(
            "{}",
            renderer
                .typst_source(&doc, &RenderOptions::default())
                .unwrap()
        );
    }
    let out = renderer
        .render(&doc, &RenderOptions::default())
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1);
        });
    for l in renderer.substitution_lines() {
        eprintln!("{l}");
    }
    for f in &out.findings {
        eprintln!("[{}] {}", f.code, f.message);
    }
    std::fs::write(output, out.pdf).expect("writable output");
    eprintln!("{} 页", out.pages);
}
