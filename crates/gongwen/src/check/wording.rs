//! T31 易混淆、易错词语: a maintained list, each entry with its correct form. Only entries whose
//! wrong form cannot be part of a correct word are listed, or the entry names the contexts that
//! exclude it.

use crate::model::Span;

use super::{Cx, Finding, Severity};

struct Entry {
    wrong: &'static str,
    right: &'static str,
    /// A following character that makes the match part of another, correct word.
    not_before: &'static str,
    /// A preceding character that makes the match part of another, correct word.
    not_after: &'static str,
}

const fn e(wrong: &'static str, right: &'static str) -> Entry {
    Entry {
        wrong,
        right,
        not_before: "",
        not_after: "",
    }
}

const LIST: [Entry; 27] = [
    e("其它", "其他"),
    Entry {
        wrong: "按排",
        right: "安排",
        not_before: "名序列位行班次号",
        not_after: "",
    },
    e("布署", "部署"),
    e("既使", "即使"),
    e("再接再励", "再接再厉"),
    e("一愁莫展", "一筹莫展"),
    e("迫不急待", "迫不及待"),
    e("不径而走", "不胫而走"),
    e("按步就班", "按部就班"),
    e("默守成规", "墨守成规"),
    e("走头无路", "走投无路"),
    e("坐阵", "坐镇"),
    e("峻工", "竣工"),
    e("松驰", "松弛"),
    e("渲泄", "宣泄"),
    e("针贬", "针砭"),
    e("精萃", "精粹"),
    e("装璜", "装潢"),
    e("重迭", "重叠"),
    e("一股作气", "一鼓作气"),
    e("甘败下风", "甘拜下风"),
    e("淋漓尽至", "淋漓尽致"),
    e("美仑美奂", "美轮美奂"),
    e("出奇不意", "出其不意"),
    e("帐户", "账户"),
    e("帐目", "账目"),
    e("贯切", "贯彻"),
];

pub(super) fn check(cx: &mut Cx<'_>) {
    for (p, element) in cx.paragraphs() {
        let text = p.text.as_str();
        for entry in &LIST {
            for (pos, _) in text.match_indices(entry.wrong) {
                let next = text[pos + entry.wrong.len()..].chars().next();
                let prev = text[..pos].chars().next_back();
                if next.is_some_and(|c| entry.not_before.contains(c))
                    || prev.is_some_and(|c| entry.not_after.contains(c))
                {
                    continue;
                }
                let at = cx.within_bytes(p.at, text, pos, pos + entry.wrong.len());
                cx.push(
                    Finding::new(
                        "T31",
                        Severity::Warning,
                        element,
                        at,
                        format!("“{}”应为“{}”。", entry.wrong, entry.right),
                        "《通用规范汉字表》；现代汉语规范用法",
                    )
                    .fix(entry.right),
                );
            }
        }
        deadline_word(cx, p, element);
    }
}

/// 截止 + a point in time is 截至 (截止 means “to end”, and takes no object).
fn deadline_word(cx: &mut Cx<'_>, p: &crate::model::Paragraph, element: crate::model::ElementKind) {
    let text = p.text.as_str();
    for (pos, _) in text.match_indices("截止") {
        let rest = &text[pos + "截止".len()..];
        let rest = rest.strip_prefix("到").unwrap_or(rest);
        let points_at_time = rest.chars().next().is_some_and(|c| c.is_ascii_digit())
            || [
                "目前",
                "今年",
                "去年",
                "上年",
                "本月",
                "上月",
                "年底",
                "年末",
                "月底",
                "发文之日",
            ]
            .iter()
            .any(|w| rest.starts_with(w));
        if !points_at_time {
            continue;
        }
        let at = cx.within_bytes(p.at, text, pos, pos + "截止".len());
        let fix_end = if text[pos + "截止".len()..].starts_with('到') {
            3
        } else {
            2
        };
        let fix_at = cx
            .map
            .locate(Span::new(at.span.start, at.span.start + fix_end));
        cx.push(
            Finding::new(
                "T31",
                Severity::Warning,
                element,
                at,
                "表示“到某一时间为止”应用“截至”，“截止”表示停止，其后不接时间。",
                "现代汉语规范用法",
            )
            .fix_at(fix_at, "截至"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    fn run(body: &str) -> (usize, String) {
        let src = format!("关于做好防汛工作的通知\n\n各区人民政府：\n{body}\n");
        let r = check_text(&src);
        let n = r.findings.iter().filter(|f| f.code == "T31").count();
        (
            n,
            apply_fixes(&src, &r.findings)
                .lines()
                .nth(3)
                .unwrap_or("")
                .to_string(),
        )
    }

    #[test]
    fn wrong_words_are_fixed() {
        let (n, fixed) = run("　　截至2024年底，全市已布署防汛物资，其它工作按排专人负责。");
        assert_eq!(n, 3);
        assert_eq!(
            fixed,
            "　　截至2024年底，全市已部署防汛物资，其他工作安排专人负责。"
        );
        let (n, fixed) = run("　　截止到目前，已完成80%。");
        assert_eq!(n, 1);
        assert_eq!(fixed, "　　截至目前，已完成80%。");
    }

    #[test]
    fn correct_words_pass() {
        let (n, _) = run("　　报名截止后不再受理，按排名先后确定人选，其他事项另行通知。");
        assert_eq!(n, 0);
    }
}
