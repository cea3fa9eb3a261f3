//! Splitting a list of organ names (主送, 抄送, 签发人).

/// Splits on 、，, and whitespace outside brackets: “各县（市、区）人民政府，市直各单位”
/// gives two names. A trailing colon or full stop is dropped.
pub(crate) fn split_names(text: &str) -> Vec<String> {
    let text = text
        .trim()
        .trim_end_matches(['：', ':', '。', '.', '；', ';', '，', ',']);
    let mut names = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '（' | '(' | '《' | '〔' | '“' => depth += 1,
            '）' | ')' | '》' | '〕' | '”' => depth -= 1,
            _ => {}
        }
        let separator = matches!(c, '、' | '，' | ',' | '；' | ';') || c.is_whitespace();
        if separator && depth <= 0 {
            if !current.trim().is_empty() {
                names.push(current.trim().to_string());
            }
            current.clear();
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        names.push(current.trim().to_string());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_protect_inner_separators() {
        assert_eq!(
            split_names("各县（市、区）人民政府，市政府各部门："),
            vec!["各县（市、区）人民政府", "市政府各部门"]
        );
        assert_eq!(split_names("张三　李四"), vec!["张三", "李四"]);
    }
}
