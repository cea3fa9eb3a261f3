//! T06 紧急程度 (条例 Art. 9(3)).

use crate::model::{ElementKind, Urgency, UrgencyError};

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.urgency.as_ref() else {
        return;
    };
    if field.value.is_some() {
        return;
    }
    let (severity, message) = match field.text.parse::<Urgency>() {
        Err(UrgencyError::Legacy(_)) => (
            Severity::Warning,
            format!(
                "紧急程度“{}”是旧的标注方式，现行规定紧急公文标注“特急”或“加急”。",
                field.text
            ),
        ),
        _ => (
            Severity::Error,
            format!(
                "紧急程度“{}”不是规定的标注，应为“特急”或“加急”。",
                field.text
            ),
        ),
    };
    cx.push(Finding::new(
        "T06",
        severity,
        ElementKind::Urgency,
        field.at,
        message,
        "《党政机关公文处理工作条例》第九条第三项",
    ));
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn find<'a>(r: &'a crate::Report, code: &str) -> Vec<&'a crate::Finding> {
        r.findings.iter().filter(|f| f.code == code).collect()
    }

    const TAIL: &str = "\n关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下。\n";

    #[test]
    fn t06_legacy_urgency() {
        let r = check_text(&format!(
            "急件\n××市人民政府文件\n宁政发〔2024〕3号\n{TAIL}"
        ));
        assert_eq!(find(&r, "T06")[0].severity.label(), "警告");
        let r = check_text(&format!(
            "特急\n××市人民政府文件\n宁政发〔2024〕3号\n{TAIL}"
        ));
        assert!(find(&r, "T06").is_empty());
    }
}
