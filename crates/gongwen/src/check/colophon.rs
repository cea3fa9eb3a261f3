//! 版记 and 页码: T15 抄送, T16 印发机关和印发日期, T17 页码.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ChineseDate, ElementKind, Span};

use super::{Cx, Finding, Severity};

static PRINTING_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<date>(?:[0-9０-９]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日)\s*(?P<yinfa>印发)?\s*(?P<stop>[。.])?$").expect("valid")
});

pub(super) fn check(cx: &mut Cx<'_>) {
    copy_to(cx);
    printing(cx);
    page_numbers(cx);
}

fn copy_to(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.copy_to.as_ref() else {
        return;
    };
    const RULE: &str = "GB/T 9704-2012 7.4.2";
    let text = field.text.as_str();
    let label_len = text.chars().take_while(|c| *c != '送').count() + 1;
    let gap: String = text
        .chars()
        .skip(label_len)
        .take_while(|c| c.is_whitespace() || *c == ':' || *c == '：')
        .collect();
    if gap != "：" {
        let at = cx.within(field.at, label_len, label_len + gap.chars().count());
        cx.push(
            Finding::new(
                "T15",
                Severity::Error,
                ElementKind::CopyTo,
                at,
                "抄送机关应为“抄送”后加全角冒号“：”，再写抄送机关名称。",
                RULE,
            )
            .fix("："),
        );
    }
    let end = field.at.span.end;
    match text.chars().last() {
        Some('。') => {}
        Some(c) if "，；、,;.：:".contains(c) => {
            let at = cx.map.locate(Span::new(end - 1, end));
            cx.push(
                Finding::new(
                    "T15",
                    Severity::Error,
                    ElementKind::CopyTo,
                    at,
                    format!("最后一个抄送机关名称后应标句号“。”，不应标“{c}”。"),
                    RULE,
                )
                .fix("。"),
            );
        }
        _ => {
            let at = cx.map.locate(Span::new(end, end));
            cx.push(
                Finding::new(
                    "T15",
                    Severity::Error,
                    ElementKind::CopyTo,
                    at,
                    "最后一个抄送机关名称后应标句号“。”。",
                    RULE,
                )
                .fix("。"),
            );
        }
    }
}

fn printing(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.printing.as_ref() else {
        return;
    };
    const RULE: &str = "GB/T 9704-2012 7.4.3";
    let text = field.text.as_str();
    let Some(c) = PRINTING_TAIL.captures(text) else {
        return;
    };
    let date = c.name("date").expect("group");
    let date_at = cx.within_bytes(field.at, text, date.start(), date.end());
    match ChineseDate::parse_lenient(date.as_str()) {
        Ok((d, deviations)) if !deviations.is_empty() => {
            let reasons: Vec<&str> = deviations.iter().map(|d| d.describe()).collect();
            cx.push(
                Finding::new(
                    "T16",
                    Severity::Error,
                    ElementKind::Printing,
                    date_at,
                    format!(
                        "印发日期“{}”不规范：{}。",
                        date.as_str(),
                        reasons.join("；")
                    ),
                    RULE,
                )
                .fix(d.to_string()),
            );
        }
        Ok(_) => {}
        Err(e) => cx.push(Finding::new(
            "T16",
            Severity::Error,
            ElementKind::Printing,
            date_at,
            format!("印发日期“{}”有误：{e}", date.as_str()),
            RULE,
        )),
    }
    if c.name("yinfa").is_none() {
        let at = cx.within_bytes(field.at, text, date.end(), date.end());
        cx.push(
            Finding::new(
                "T16",
                Severity::Error,
                ElementKind::Printing,
                at,
                "印发日期后应加“印发”二字。",
                RULE,
            )
            .fix("印发"),
        );
    }
    if let Some(stop) = c.name("stop") {
        let at = cx.within_bytes(field.at, text, stop.start(), stop.end());
        cx.push(
            Finding::new(
                "T16",
                Severity::Error,
                ElementKind::Printing,
                at,
                "“印发”后不加标点符号。",
                RULE,
            )
            .fix(""),
        );
    }
}

fn page_numbers(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for field in &doc.page_numbers {
        let Some(n) = field.value else {
            continue;
        };
        let t = field.text.as_str();
        let core = t.trim_start_matches('—').trim_end_matches('—').trim();
        let dashed =
            t.starts_with('—') && t.ends_with('—') && core.chars().all(|c| c.is_ascii_digit());
        if !dashed {
            cx.push(
                Finding::new(
                    "T17",
                    Severity::Error,
                    ElementKind::PageNumber,
                    field.at,
                    format!("页码“{t}”不规范：页码用阿拉伯数字，数字左右各放一条一字线“—”。"),
                    "GB/T 9704-2012 7.5",
                )
                .fix(format!("— {n} —")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    const HEAD: &str = "关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下，请认真贯彻执行。\n\n××市人民政府\n2024年5月6日\n\n";

    fn run(tail: &str) -> (Vec<(&'static str, usize)>, String) {
        let src = format!("{HEAD}{tail}");
        let r = check_text(&src);
        (
            r.findings
                .iter()
                .filter(|f| f.code != "T33")
                .map(|f| (f.code, f.line))
                .collect(),
            apply_fixes(&src, &r.findings),
        )
    }

    #[test]
    fn t15_copy_to() {
        let ok = "抄送：市委办公室，市人大常委会办公室。\n××市人民政府办公室　　2024年5月6日印发\n";
        assert!(run(ok).0.is_empty(), "{:?}", run(ok).0);
        let (f, fixed) =
            run("抄送:市委办公室，市人大常委会办公室\n××市人民政府办公室　　2024年5月6日印发\n");
        assert_eq!(f, vec![("T15", 9), ("T15", 9)]);
        assert!(fixed.contains("抄送：市委办公室，市人大常委会办公室。\n"));
    }

    #[test]
    fn t16_printing() {
        let (f, fixed) = run("××市人民政府办公室　　2024年05月06日\n");
        assert_eq!(f, vec![("T16", 9), ("T16", 9)]);
        assert!(fixed.ends_with("××市人民政府办公室　　2024年5月6日印发\n"));
    }

    #[test]
    fn t17_page_numbers() {
        let src = "关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下。\n-1-\n— 2 —\n第3页\n";
        let r = check_text(src);
        let lines: Vec<usize> = r
            .findings
            .iter()
            .filter(|f| f.code == "T17")
            .map(|f| f.line)
            .collect();
        assert_eq!(lines, vec![5, 7]);
        assert!(apply_fixes(src, &r.findings).contains("— 1 —\n— 2 —\n— 3 —\n"));
    }
}
