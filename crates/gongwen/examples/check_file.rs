//! Checks the drafts named on the command line and prints every finding.
//!
//! `cargo run -p sanban-gongwen --example check_file -- draft.txt`

use std::env;
use std::fs;

fn main() {
    for path in env::args().skip(1) {
        let source = match fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let report = sanban_gongwen::check_text(&source);
        for f in &report.findings {
            println!(
                "{path}:{}:{}: [{}] {} {} 〔{}〕 {}{}",
                f.line,
                f.column,
                f.code,
                f.severity.label(),
                f.element.label(),
                f.message,
                f.rule,
                if f.fix.is_some() {
                    " [可自动修正]"
                } else {
                    ""
                }
            );
        }
    }
}
