//! T11 附件说明: label and colon, numbering, no closing punctuation, agreement with the
//! attachment pages.

use crate::model::{ElementKind, Span};

use super::{Cx, Finding, Severity};

const RULE: &str = "GB/T 9704-2012 7.3.4";
const RULE_PAGES: &str = "GB/T 9704-2012 7.3.4、7.3.7";

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(note) = cx.doc.attachment_note.as_ref() else {
        return;
    };
    let chars: Vec<char> = cx.map.source.chars().collect();
    // The colon after “附件”.
    let label_end = note.at.span.start + 2;
    let gap: String = chars[label_end..]
        .iter()
        .take_while(|c| c.is_whitespace() || **c == ':' || **c == '：')
        .collect();
    if gap != "：" {
        let at = cx
            .map
            .locate(Span::new(label_end, label_end + gap.chars().count()));
        cx.push(
            Finding::new(
                "T11",
                Severity::Error,
                ElementKind::AttachmentNote,
                at,
                "附件说明应为“附件”后加全角冒号“：”，再写附件名称。",
                RULE,
            )
            .fix("："),
        );
    }
    let many = note.items.len() > 1;
    for (k, item) in note.items.iter().enumerate() {
        let want = k as u32 + 1;
        if many {
            match item.number {
                None => cx.push(Finding::new(
                    "T11",
                    Severity::Error,
                    ElementKind::AttachmentNote,
                    item.at,
                    format!(
                        "有多个附件时，应使用阿拉伯数字标注附件顺序号，“{}”缺少顺序号。",
                        item.name
                    ),
                    RULE,
                )),
                Some(n) if n != want => cx.push(Finding::new(
                    "T11",
                    Severity::Error,
                    ElementKind::AttachmentNote,
                    item.at,
                    format!("附件顺序号不连续：此处应为“{want}.”，写成了“{n}”。"),
                    RULE,
                )),
                Some(_) => {}
            }
        } else if item.number.is_some() {
            cx.push(Finding::new(
                "T11",
                Severity::Hint,
                ElementKind::AttachmentNote,
                item.at,
                "只有一个附件时，一般不标顺序号。",
                RULE,
            ));
        }
        // The mark between the number and the name: “1.” not “1、”.
        if item.number.is_some() {
            let before = chars[..item.at.span.start]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .copied();
            if let Some(sep) = before.filter(|c| matches!(c, '、' | '，' | ','))
                && let Some(pos) = chars[..item.at.span.start].iter().rposition(|c| *c == sep)
            {
                let at = cx.map.locate(Span::new(pos, pos + 1));
                cx.push(
                    Finding::new(
                        "T11",
                        Severity::Error,
                        ElementKind::AttachmentNote,
                        at,
                        format!("附件顺序号后用下脚点“.”，不用“{sep}”。"),
                        RULE,
                    )
                    .fix("."),
                );
            }
        }
        let trailing = item
            .name
            .chars()
            .rev()
            .take_while(|c| "。；，、.;,：:".contains(*c))
            .count();
        if trailing > 0 {
            let end = item.at.span.end;
            let at = cx.map.locate(Span::new(end - trailing, end));
            cx.push(
                Finding::new(
                    "T11",
                    Severity::Error,
                    ElementKind::AttachmentNote,
                    at,
                    "附件名称后不加标点符号。",
                    RULE,
                )
                .fix(""),
            );
        }
    }
    pages(cx);
}

/// Compares the 附件说明 with the attachment pages, when the draft contains them.
fn pages(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let Some(note) = doc.attachment_note.as_ref() else {
        return;
    };
    if doc.attachments.is_empty() {
        return;
    }
    if doc.attachments.len() != note.items.len() {
        cx.push(Finding::new(
            "T11",
            Severity::Error,
            ElementKind::AttachmentNote,
            note.at,
            format!(
                "附件说明列出{}个附件，正文后实际附有{}个附件，两者应一致。",
                note.items.len(),
                doc.attachments.len()
            ),
            RULE_PAGES,
        ));
        return;
    }
    let many = note.items.len() > 1;
    for (k, (item, page)) in note.items.iter().zip(&doc.attachments).enumerate() {
        let want = if many { Some(k as u32 + 1) } else { None };
        let label = page.label.value.flatten();
        if label != want {
            let expected = want.map_or("附件".to_string(), |n| format!("附件{n}"));
            cx.push(Finding::new(
                "T11",
                Severity::Error,
                ElementKind::Attachment,
                page.label.at,
                format!(
                    "附件标识“{}”与附件说明不一致，应为“{expected}”。",
                    page.label.text
                ),
                RULE_PAGES,
            ));
        }
        let Some(title) = page.title.as_ref() else {
            continue;
        };
        let norm = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace() && !"。；，、.;,：:".contains(*c))
                .collect()
        };
        if norm(&title.text) != norm(&item.name) {
            cx.push(Finding::new(
                "T11",
                Severity::Error,
                ElementKind::Attachment,
                title.at,
                format!(
                    "附件标题“{}”与附件说明中的名称“{}”不一致，两者应完全一致。",
                    title.text, item.name
                ),
                RULE_PAGES,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{apply_fixes, check_text};

    const HEAD: &str = "关于印发防汛工作方案的通知\n\n各区人民政府：\n　　现将有关方案印发给你们，请认真贯彻执行。\n\n";
    const TAIL: &str = "\n××市人民政府\n2024年5月6日\n";

    fn t11(note: &str, pages: &str) -> (Vec<(usize, String)>, String) {
        let src = format!("{HEAD}{note}{TAIL}{pages}");
        let r = check_text(&src);
        let fixed = apply_fixes(&src, &r.findings);
        (
            r.findings
                .into_iter()
                .filter(|f| f.code == "T11")
                .map(|f| (f.line, f.message))
                .collect(),
            fixed,
        )
    }

    #[test]
    fn correct_notes_pass() {
        assert!(t11("　　附件：××市防汛工作方案\n", "").0.is_empty());
        let pages = "\n附件1\n\n××市防汛工作方案\n\n　　一、总体要求\n\n附件2\n\n防汛责任人名单\n";
        let (f, _) = t11(
            "　　附件：1.××市防汛工作方案\n　　　　　2.防汛责任人名单\n",
            pages,
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn colon_numbering_and_punctuation() {
        let (f, fixed) = t11(
            "　　附件:1、××市防汛工作方案；\n　　　　　3.防汛责任人名单\n",
            "",
        );
        assert_eq!(f.len(), 4, "{f:?}");
        assert!(fixed.contains("附件：1.××市防汛工作方案\n"));
    }

    #[test]
    fn pages_must_match_the_note() {
        let pages = "\n附件1\n\n××市防汛工作预案\n\n附件2\n\n防汛责任人名单\n";
        let (f, _) = t11(
            "　　附件：1.××市防汛工作方案\n　　　　　2.防汛责任人名单\n",
            pages,
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].1.contains("不一致"));
        let (f, _) = t11(
            "　　附件：1.××市防汛工作方案\n　　　　　2.防汛责任人名单\n",
            "\n附件1\n\n××市防汛工作方案\n",
        );
        assert!(f[0].1.contains("2个附件"));
    }
}
