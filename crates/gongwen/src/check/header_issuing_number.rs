//! T03 发文字号 (GB/T 9704-2012 7.2.5).

use crate::model::{ElementKind, IssuingNumber};

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.issuing_number.as_ref() else {
        return;
    };
    if field.value.is_some() {
        return;
    }
    let finding = match IssuingNumber::parse_lenient(&field.text) {
        Ok((value, deviations)) => {
            let reasons: Vec<String> = deviations.iter().map(|d| d.to_string()).collect();
            Finding::new(
                "T03",
                Severity::Error,
                ElementKind::IssuingNumber,
                field.at,
                format!("发文字号“{}”不规范：{}", field.text, reasons.join("")),
                "GB/T 9704-2012 7.2.5",
            )
            .help(format!("应写作“{value}”：年份用六角括号〔〕括入并标全称，顺序号不编虚位、不加“第”字，后加“号”字。"))
            .fix(value.to_string())
        }
        Err(e) => Finding::new(
            "T03",
            Severity::Error,
            ElementKind::IssuingNumber,
            field.at,
            format!("发文字号“{}”不规范：{e}", field.text),
            "GB/T 9704-2012 7.2.5",
        )
        .help("发文字号由机关代字、年份、发文顺序号组成，如“皖政办〔2022〕12号”。"),
    };
    cx.push(finding);
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    fn find<'a>(r: &'a crate::Report, code: &str) -> Vec<&'a crate::Finding> {
        r.findings.iter().filter(|f| f.code == code).collect()
    }

    const TAIL: &str = "\n关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下。\n";

    #[test]
    fn t03_good_and_bad_numbers() {
        let good = format!("××市人民政府文件\n\n宁政发〔2024〕3号\n{TAIL}");
        assert!(find(&check_text(&good), "T03").is_empty());
        let bad = format!("××市人民政府文件\n\n宁政发[2024]第03号\n{TAIL}");
        let r = check_text(&bad);
        let f = find(&r, "T03");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, 3);
        assert!(apply_fixes(&bad, &r.findings).contains("宁政发〔2024〕3号\n"));
        let short = format!("××市人民政府文件\n\n宁政发〔24〕3号\n{TAIL}");
        let r = check_text(&short);
        let f = find(&r, "T03");
        assert!(f[0].fix.is_none());
        assert!(f[0].message.contains("四位"));
    }
}
