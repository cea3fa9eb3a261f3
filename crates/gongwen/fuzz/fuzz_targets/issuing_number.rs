//! Any text as a 发文字号: parsing must not panic, and a number that parses prints back to a
//! string that parses to the same number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanban_gongwen::IssuingNumber;

fuzz_target!(|text: &str| {
    if let Ok(n) = text.parse::<IssuingNumber>() {
        let printed = n.to_string();
        let back: IssuingNumber = printed.parse().expect("a printed number parses");
        assert_eq!(back, n);
    }
    let _ = IssuingNumber::parse_lenient(text);
});
