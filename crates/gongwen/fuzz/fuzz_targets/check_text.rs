//! Any UTF-8 text: checking must not panic, every finding must point into the text, and the
//! fixes must apply, and apply again to their own result, without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanban_gongwen::{apply_fixes, check_text};

fuzz_target!(|source: &str| {
    let report = check_text(source);
    let chars = source.chars().count();
    for f in &report.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= chars);
        assert!(source.get(f.bytes.start..f.bytes.end).is_some());
        assert!(f.line >= 1 && f.column >= 1);
    }
    let fixed = apply_fixes(source, &report.findings);
    let again = check_text(&fixed);
    let _ = apply_fixes(&fixed, &again.findings);
});
