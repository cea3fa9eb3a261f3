//! T34 主动公开的公文中含有个人信息（身份证号、手机号）.

use super::{Cx, Finding, Severity};

/// Markers that the document is published.
const PUBLIC: [&str; 3] = ["主动公开", "此件公开发布", "公开发布"];

pub(super) fn check(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let marked_public = doc
        .notes
        .as_ref()
        .is_some_and(|n| PUBLIC.iter().any(|w| n.text.contains(w)))
        || doc
            .body
            .iter()
            .any(|p| p.text.contains("公开属性：主动公开"));
    if !marked_public {
        return;
    }
    for (p, element) in cx.paragraphs() {
        let text = p.text.as_str();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let mut end = i;
            if end - start == 17 && i < bytes.len() && (bytes[i] == b'X' || bytes[i] == b'x') {
                end += 1;
                i += 1;
            }
            let run = &text[start..end];
            let what = if run.len() == 18 && is_id_number(run) {
                "居民身份证号码"
            } else if run.len() == 11
                && run.starts_with('1')
                && (b'3'..=b'9').contains(&run.as_bytes()[1])
            {
                "手机号码"
            } else {
                continue;
            };
            let at = cx.within_bytes(p.at, text, start, end);
            cx.push(Finding::new(
                "T34",
                Severity::Warning,
                element,
                at,
                format!("本文标注为主动公开，但含有{what}“{run}”，公开前应删除或作去标识化处理。"),
                "《中华人民共和国政府信息公开条例》第十五条",
            ));
        }
    }
}

/// GB 11643 check digit.
fn is_id_number(s: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in chars[..17].iter().zip(W) {
        match c.to_digit(10) {
            Some(d) => sum += d * w,
            None => return false,
        }
    }
    C[(sum % 11) as usize] == chars[17].to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::is_id_number;
    use crate::check_text;

    fn count(body: &str, note: &str) -> usize {
        let src = format!(
            "关于表彰防汛先进个人的通报\n\n各区人民政府：\n{body}\n\n淮南市人民政府\n2024年5月6日\n{note}\n"
        );
        check_text(&src)
            .findings
            .iter()
            .filter(|f| f.code == "T34")
            .count()
    }

    #[test]
    fn personal_data_in_public_document() {
        let body = "　　张明（身份证号11010519491231002X，电话13912345678）在抗洪中表现突出。";
        assert_eq!(count(body, "（此件公开发布）"), 2);
        assert_eq!(count(body, "（此件不公开）"), 0);
        assert_eq!(
            count("　　全市投入资金12345678901元。", "（此件公开发布）"),
            0
        );
    }

    #[test]
    fn id_checksum() {
        assert!(is_id_number("11010519491231002X"));
        assert!(!is_id_number("110105194912310021"));
    }
}
