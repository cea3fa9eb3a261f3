//! T12 成文日期, T13 署名与发文机关, T14 附注.

use crate::model::{ChineseDate, ElementKind};

use super::placeholders::has_placeholder;
use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    date(cx);
    signature(cx);
    notes(cx);
}

fn date(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.date.as_ref() else {
        return;
    };
    if has_placeholder(&field.text) {
        return;
    }
    const RULE: &str = "GB/T 9704-2012 7.3.5.4";
    match ChineseDate::parse_lenient(&field.text) {
        Ok((d, deviations)) if !deviations.is_empty() => {
            let reasons: Vec<&str> = deviations.iter().map(|d| d.describe()).collect();
            cx.push(
                Finding::new(
                    "T12",
                    Severity::Error,
                    ElementKind::Date,
                    field.at,
                    format!(
                        "成文日期“{}”不规范：{}。成文日期用阿拉伯数字将年、月、日标全，年份标全称，月、日不编虚位。",
                        field.text,
                        reasons.join("；")
                    ),
                    RULE,
                )
                .fix(d.to_string()),
            );
        }
        Ok(_) => {}
        Err(e) => cx.push(Finding::new(
            "T12",
            Severity::Error,
            ElementKind::Date,
            field.at,
            format!("成文日期“{}”有误：{e}", field.text),
            RULE,
        )),
    }
}

/// A 规范化简称 keeps the characters of the full name in order (安徽省人民政府办公厅 →
/// 省政府办公厅), so a 署名 that is not such a subsequence names another organ.
fn is_short_form(short: &str, full: &str) -> bool {
    let mut rest = full.chars().filter(|c| !c.is_whitespace());
    short
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| rest.any(|f| f == c))
}

fn signature(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let marks = doc.issuer_names();
    if marks.is_empty() || doc.signatures.is_empty() || marks.len() != doc.signatures.len() {
        return;
    }
    for (mark, sig) in marks.iter().zip(&doc.signatures) {
        let s = sig.text.as_str();
        if has_placeholder(s) || has_placeholder(mark) {
            continue;
        }
        if !is_short_form(s, mark) && !is_short_form(mark, s) {
            cx.push(
                Finding::new(
                    "T13",
                    Severity::Warning,
                    ElementKind::Signature,
                    sig.at,
                    format!("发文机关署名“{s}”与发文机关标志“{mark}”不一致。署名应为发文机关全称或者规范化简称。"),
                    "《党政机关公文处理工作条例》第九条第十一项；GB/T 9704-2012 7.3.5",
                )
                .help("联合行文时，署名顺序与发文机关标志顺序一致，主办机关在前。"),
            );
        }
    }
}

fn notes(cx: &mut Cx<'_>) {
    let Some(field) = cx.doc.notes.as_ref() else {
        return;
    };
    let t = field.text.as_str();
    const RULE: &str = "GB/T 9704-2012 7.3.6";
    if t.starts_with('（') && t.ends_with('）') {
        return;
    }
    let half = t.starts_with('(') && t.ends_with(')');
    let single_line = !t.contains('\n') && field.at.span.len() == t.chars().count();
    let finding = Finding::new(
        "T14",
        Severity::Warning,
        ElementKind::Notes,
        field.at,
        if half {
            "附注应使用全角圆括号“（）”括入。"
        } else {
            "附注应居左空二字加圆括号“（）”编排在成文日期下一行。"
        },
        RULE,
    );
    let inner: String = if half {
        t.chars().skip(1).take(t.chars().count() - 2).collect()
    } else {
        t.to_string()
    };
    if single_line {
        cx.push(finding.fix(format!("（{inner}）")));
    } else {
        cx.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    const HEAD: &str = "淮南市人民政府文件\n\n淮府〔2024〕3号\n\n关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下，请认真贯彻执行。\n\n";

    fn run(tail: &str) -> (Vec<(&'static str, usize)>, String) {
        let src = format!("{HEAD}{tail}");
        let r = check_text(&src);
        (
            r.findings.iter().map(|f| (f.code, f.line)).collect(),
            apply_fixes(&src, &r.findings),
        )
    }

    #[test]
    fn t12_date_forms() {
        assert!(run("淮南市人民政府\n2024年5月6日\n").0.is_empty());
        let (f, fixed) = run("淮南市人民政府\n二〇二四年五月六日\n");
        assert!(f.contains(&("T12", 11)));
        assert!(fixed.ends_with("淮南市人民政府\n2024年5月6日\n"));
        let (f, fixed) = run("淮南市人民政府\n2024年05月06日\n");
        assert!(f.contains(&("T12", 11)));
        assert!(fixed.ends_with("2024年5月6日\n"));
        let (f, _) = run("淮南市人民政府\n2023年2月29日\n");
        assert!(f.contains(&("T12", 11)));
    }

    #[test]
    fn t13_signature_matches_issuer() {
        assert!(run("淮南市政府\n2024年5月6日\n").0.is_empty());
        let (f, _) = run("淮南市财政局\n2024年5月6日\n");
        assert!(f.contains(&("T13", 10)));
    }

    #[test]
    fn t14_notes_in_brackets() {
        assert!(
            run("淮南市人民政府\n2024年5月6日\n（此件公开发布）\n")
                .0
                .is_empty()
        );
        let (f, fixed) = run("淮南市人民政府\n2024年5月6日\n(此件公开发布)\n");
        assert!(f.contains(&("T14", 12)));
        assert!(fixed.ends_with("（此件公开发布）\n"));
        let (f, fixed) = run("淮南市人民政府\n2024年5月6日\n此件公开发布\n");
        assert!(f.contains(&("T14", 12)));
        assert!(fixed.ends_with("（此件公开发布）\n"));
    }
}
