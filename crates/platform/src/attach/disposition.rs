//! `Content-Disposition` with the Chinese file name intact (RFC 6266 with RFC 5987
//! `filename*`), plus a plain ASCII `filename` for clients that ignore `filename*`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 5987 `attr-char`: everything else is percent-encoded.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `inline` shows the file in the browser, `attachment` saves it.
pub fn header(inline: bool, file_name: &str) -> String {
    format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        ascii_fallback(file_name),
        utf8_percent_encode(file_name, ATTR_CHAR)
    )
}

/// The name with every run of non-ASCII (and quote, backslash, control) characters turned
/// into one `_`, keeping the extension; `file` when nothing readable is left.
pub fn ascii_fallback(file_name: &str) -> String {
    let mut out = String::new();
    for c in file_name.chars() {
        let plain = c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\';
        if plain {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let stem = out.rsplit_once('.').map(|(s, _)| s).unwrap_or(&out);
    if stem.chars().all(|c| c == '_' || c == ' ') {
        let ext = crate::attach::sniff::extension(file_name);
        if ext.is_ascii() && !ext.is_empty() {
            return format!("file.{ext}");
        }
        return "file".into();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_name_is_percent_encoded_with_an_ascii_fallback() {
        assert_eq!(
            header(false, "关于2024年工作的通知.docx"),
            "attachment; filename=\"_2024_.docx\"; filename*=UTF-8''%E5%85%B3%E4%BA%8E2024%E5%B9%B4%E5%B7%A5%E4%BD%9C%E7%9A%84%E9%80%9A%E7%9F%A5.docx"
        );
        assert_eq!(ascii_fallback("正文.pdf"), "file.pdf");
        assert_eq!(ascii_fallback("a\"b\\c.txt"), "a_b_c.txt");
        assert!(
            header(true, "a b.pdf")
                .starts_with("inline; filename=\"a b.pdf\"; filename*=UTF-8''a%20b.pdf")
        );
    }
}
