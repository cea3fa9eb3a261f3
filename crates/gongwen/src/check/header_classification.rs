//! T05 密级和保密期限 (条例 Art. 9(2); GB/T 9704-2012 7.2.2; 保密法 Art. 20).

use crate::model::{ClassificationError, ElementKind, SecrecyLevel};

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.classification.as_ref() else {
        return;
    };
    const RULE: &str = "《党政机关公文处理工作条例》第九条第二项；GB/T 9704-2012 7.2.2";
    match field.value {
        None => {
            let reason = field
                .text
                .parse::<crate::model::Classification>()
                .err()
                .unwrap_or(ClassificationError::UnknownLevel);
            cx.push(Finding::new(
                "T05",
                Severity::Error,
                ElementKind::Classification,
                field.at,
                format!("密级和保密期限“{}”不规范：{reason}", field.text),
                RULE,
            ));
        }
        Some(c) => match c.period {
            None => cx.push(
                Finding::new(
                    "T05",
                    Severity::Error,
                    ElementKind::Classification,
                    field.at,
                    format!(
                        "涉密公文应当同时标注密级和保密期限，“{}”缺少保密期限。",
                        field.text
                    ),
                    RULE,
                )
                .help(format!(
                    "如“{}★5年”，保密期限中的数字用阿拉伯数字。",
                    c.level.label()
                )),
            ),
            Some(p) => {
                let limit = c.level.max_years();
                if p.months().is_some_and(|m| m > limit * 12) {
                    cx.push(Finding::new(
                        "T05",
                        Severity::Warning,
                        ElementKind::Classification,
                        field.at,
                        format!(
                            "保密期限“{p}”超过法定上限：除另有规定外，{}级不超过{limit}年。",
                            c.level.label()
                        ),
                        "《中华人民共和国保守国家秘密法》（2024）第二十条",
                    ));
                } else if p.months().is_none() && c.level != SecrecyLevel::TopSecret {
                    cx.push(Finding::new(
                        "T05",
                        Severity::Hint,
                        ElementKind::Classification,
                        field.at,
                        "保密期限标为“长期”，请确认有法律法规依据。",
                        "《中华人民共和国保守国家秘密法》（2024）第二十条",
                    ));
                }
            }
        },
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
    fn t05_period_required_and_limited() {
        let r = check_text(&format!("000123\n秘密\n宁政发〔2024〕3号\n{TAIL}"));
        assert_eq!(find(&r, "T05")[0].severity.label(), "错误");
        let r = check_text(&format!("000123\n秘密★15年\n宁政发〔2024〕3号\n{TAIL}"));
        assert_eq!(find(&r, "T05")[0].severity.label(), "警告");
        let r = check_text(&format!("000123\n秘密★十年\n宁政发〔2024〕3号\n{TAIL}"));
        assert!(find(&r, "T05")[0].message.contains("阿拉伯数字"));
        let r = check_text(&format!("000123\n机密★10年\n宁政发〔2024〕3号\n{TAIL}"));
        assert!(find(&r, "T05").is_empty());
    }
}
