//! T04 份号 (条例 Art. 9(1); GB/T 9704-2012 7.2.1).

use crate::model::ElementKind;

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    if let Some(class) = doc.classification.as_ref()
        && doc.copy_number.is_none()
    {
        cx.push(
            Finding::new(
                "T04",
                Severity::Error,
                ElementKind::CopyNumber,
                class.at,
                "涉密公文应当标注份号，本文标有密级但没有份号。",
                "《党政机关公文处理工作条例》第九条第一项",
            )
            .help("份号一般用6位阿拉伯数字，顶格编排在版心左上角第一行，密级之上。"),
        );
    }
    if let Some(copy) = doc.copy_number.as_ref() {
        let six_ascii = copy.text.len() == 6 && copy.text.chars().all(|c| c.is_ascii_digit());
        if !six_ascii {
            cx.push(Finding::new(
                "T04",
                Severity::Warning,
                ElementKind::CopyNumber,
                copy.at,
                format!(
                    "份号“{}”不是6位半角阿拉伯数字，份号一般用6位3号阿拉伯数字。",
                    copy.text
                ),
                "GB/T 9704-2012 7.2.1",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn find<'a>(r: &'a crate::Report, code: &str) -> Vec<&'a crate::Finding> {
        r.findings.iter().filter(|f| f.code == code).collect()
    }

    const TAIL: &str = "\n关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下。\n";

    #[test]
    fn t04_copy_number_needed_when_classified() {
        let r = check_text(&format!(
            "机密★5年\n××市人民政府文件\n\n宁政发〔2024〕3号\n{TAIL}"
        ));
        assert_eq!(find(&r, "T04").len(), 1);
        let r = check_text(&format!(
            "000123\n机密★5年\n××市人民政府文件\n\n宁政发〔2024〕3号\n{TAIL}"
        ));
        assert!(find(&r, "T04").is_empty());
        let r = check_text(&format!(
            "0123\n机密★5年\n××市人民政府文件\n\n宁政发〔2024〕3号\n{TAIL}"
        ));
        assert_eq!(find(&r, "T04")[0].severity.label(), "警告");
    }
}
