//! Prints the report of a draft as JSON: `cargo run -p sanban-gongwen --example dump_json -- 稿件.txt`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("用法：dump_json 稿件.txt");
        return;
    };
    match std::fs::read_to_string(&path) {
        Ok(source) => {
            let report = sanban_gongwen::check_text(&source);
            match serde_json::to_string_pretty(&report) {
                Ok(json) => println!("{json}"),
                Err(e) => eprintln!("{e}"),
            }
        }
        Err(e) => eprintln!("{path}: {e}"),
    }
}
