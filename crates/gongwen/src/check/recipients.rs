//! 主送机关: T08 colon and single 主送 for 请示, T09 no individual leader as 主送.

use crate::model::{DocKind, ElementKind, Span};

use super::{Cx, Finding, Severity};

/// Endings that name a person rather than an organ.
const PERSON_ENDINGS: [&str; 16] = [
    "书记",
    "省长",
    "市长",
    "县长",
    "区长",
    "乡长",
    "镇长",
    "局长",
    "厅长",
    "部长",
    "主任",
    "同志",
    "领导",
    "总经理",
    "董事长",
    "处长",
];

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.recipients.as_ref() else {
        return;
    };
    let text = field.text.as_str();
    let end = field.at.span.end;
    if text.ends_with(':') {
        let at = cx.map.locate(Span::new(end - 1, end));
        cx.push(
            Finding::new(
                "T08",
                Severity::Error,
                ElementKind::Recipients,
                at,
                "主送机关最后一个机关名称后应标全角冒号“：”，不应使用半角冒号。",
                "GB/T 9704-2012 7.3.2",
            )
            .fix("："),
        );
    } else if !text.ends_with('：') {
        let at = cx.map.locate(Span::new(end, end));
        cx.push(
            Finding::new(
                "T08",
                Severity::Error,
                ElementKind::Recipients,
                at,
                "主送机关最后一个机关名称后应标全角冒号“：”。",
                "GB/T 9704-2012 7.3.2",
            )
            .fix("："),
        );
    }
    let names = field.value.clone().unwrap_or_default();
    if cx.doc.kind == Some(DocKind::Request) && names.len() > 1 {
        cx.push(
            Finding::new(
                "T08",
                Severity::Warning,
                ElementKind::Recipients,
                field.at,
                format!(
                    "请示原则上主送一个上级机关，本文主送了{}个机关。",
                    names.len()
                ),
                "《党政机关公文处理工作条例》第十五条第一项",
            )
            .help("需要同时送其他上级机关的，用抄送。"),
        );
    }
    // Art. 15(5) is about writing upward; a 通知 to “各处处长” is an internal distribution list.
    if cx.doc.direction != Some(crate::model::Direction::Upward) {
        return;
    }
    for name in &names {
        let Some(ending) = PERSON_ENDINGS.iter().find(|e| name.ends_with(*e)) else {
            continue;
        };
        let Some(pos) = text.find(name.as_str()) else {
            continue;
        };
        let at = cx.within_bytes(field.at, text, pos, pos + name.len());
        cx.push(
            Finding::new(
                "T09",
                Severity::Error,
                ElementKind::Recipients,
                at,
                format!("主送“{name}”是领导个人（以“{ending}”结尾）。除上级机关负责人直接交办的事项外，不得以本机关名义向上级机关负责人报送公文。"),
                "《党政机关公文处理工作条例》第十五条第五项",
            )
            .help("主送应为机关名称，如“市人民政府”。"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    fn codes(src: &str) -> Vec<(&'static str, usize)> {
        check_text(src)
            .findings
            .iter()
            .map(|f| (f.code, f.line))
            .collect()
    }

    #[test]
    fn t08_colon() {
        let ok =
            "关于做好防汛工作的通知\n\n各区人民政府，市政府各部门：\n　　现就有关事项通知如下。\n";
        assert!(!codes(ok).iter().any(|c| c.0 == "T08"));
        let half =
            "关于做好防汛工作的通知\n\n各区人民政府，市政府各部门:\n　　现就有关事项通知如下。\n";
        let r = check_text(half);
        assert!(r.findings.iter().any(|f| f.code == "T08" && f.line == 3));
        assert_eq!(apply_fixes(half, &r.findings), ok);
        let none =
            "关于做好防汛工作的通知\n\n各区人民政府\n　　现就有关事项通知如下，请认真贯彻执行。\n";
        let r = check_text(none);
        assert!(r.findings.iter().any(|f| f.code == "T08"));
        assert!(apply_fixes(none, &r.findings).contains("各区人民政府：\n"));
    }

    #[test]
    fn t08_single_recipient_for_request() {
        let two = "关于增拨防汛经费的请示\n\n市人民政府、市财政局：\n　　妥否，请批示。\n";
        assert!(codes(two).contains(&("T08", 3)));
        let one = "关于增拨防汛经费的请示\n\n市人民政府：\n　　妥否，请批示。\n";
        assert!(!codes(one).iter().any(|c| c.0 == "T08"));
    }

    #[test]
    fn t09_leader_as_recipient() {
        let src = "关于增拨防汛经费的请示\n\n张市长：\n　　妥否，请批示。\n";
        let r = check_text(src);
        let f = r.findings.iter().find(|f| f.code == "T09").unwrap();
        assert_eq!((f.line, f.column), (3, 1));
        let ok = "关于增拨防汛经费的请示\n\n市人民政府：\n　　妥否，请批示。\n";
        assert!(!codes(ok).iter().any(|c| c.0 == "T09"));
    }
}
