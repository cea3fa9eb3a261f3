//! Any bytes as a .docx: reading and checking must return a report or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanban_gongwen::check_docx;

fuzz_target!(|bytes: &[u8]| {
    let _ = check_docx(bytes);
});
