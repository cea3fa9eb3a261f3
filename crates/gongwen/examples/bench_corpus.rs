//! Drafts checked per second on one core, over the test corpus; then the time to lay out the
//! five sample drafts as PDF (fonts scanned once beforehand, as a server would).
//!
//! `cargo run --release -p sanban-gongwen --example bench_corpus [seconds]`

use std::fs;
use std::time::{Duration, Instant};

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = package_dir().join("tests/corpus");
    let mut drafts: Vec<String> = fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        .map(|p| fs::read_to_string(p).expect("draft"))
        .collect();
    drafts.sort();
    let chars: usize = drafts.iter().map(|d| d.chars().count()).sum();
    // Warm up the lazily built patterns before timing.
    for d in &drafts {
        std::hint::black_box(sanban_gongwen::check_text(d));
    }
    let budget = Duration::from_secs(seconds);
    let start = Instant::now();
    let mut checked = 0usize;
    let mut findings = 0usize;
    while start.elapsed() < budget {
        for d in &drafts {
            let report = sanban_gongwen::check_text(std::hint::black_box(d));
            findings += report.findings.len();
            checked += 1;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "{} drafts in corpus, {:.0} chars on average",
        drafts.len(),
        chars as f64 / drafts.len() as f64
    );
    println!(
        "{checked} drafts checked in {elapsed:.2} s on one thread: {:.0} drafts/s, {:.1} µs per draft ({findings} findings)",
        checked as f64 / elapsed,
        elapsed * 1e6 / checked as f64
    );
    pdf_bench();
}

fn pdf_bench() {
    use sanban_gongwen::{PdfRenderer, RenderOptions, parse::parse};
    let start = Instant::now();
    let renderer = match PdfRenderer::new(None) {
        Ok(r) => r,
        Err(e) => {
            println!("PDF: {e}");
            return;
        }
    };
    println!(
        "PDF: fonts scanned in {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let dir = package_dir().join("tests/render/samples");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .expect("samples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for path in names {
        let doc = parse(&fs::read_to_string(&path).expect("sample"));
        // The first document also loads the faces it uses from disk.
        let first = Instant::now();
        let out = renderer
            .render(&doc, &RenderOptions::default())
            .expect("renders");
        let first = first.elapsed().as_secs_f64() * 1e3;
        // Cleared before each run: a new document shares little with the last one, and typst's
        // cache would otherwise replay the identical layout.
        let runs = 5;
        let start = Instant::now();
        for _ in 0..runs {
            typst::comemo::evict(0);
            std::hint::black_box(
                renderer
                    .render(&doc, &RenderOptions::default())
                    .expect("renders"),
            );
        }
        println!(
            "PDF {}: {} pages, {} KB, first {:.0} ms, then {:.0} ms per document",
            path.file_name().unwrap().to_string_lossy(),
            out.pages,
            out.pdf.len() / 1024,
            first,
            start.elapsed().as_secs_f64() * 1e3 / runs as f64
        );
    }
}

/// The package's directory as Cargo gives it to what it runs. The path compiled in belongs to
/// the checkout that built the binary, and a target directory shared between checkouts can hand
/// an unchanged binary to another one.
fn package_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(Into::into)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
