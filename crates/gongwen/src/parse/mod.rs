//! Reading a plain-text or markdown draft into the [`Document`] model, as far as it goes.
//!
//! The layout conventions a text draft is read with: one paragraph a line; the 版头 lines at the
//! top (份号, 密级, 紧急程度, 发文机关标志, 发文字号 with an optional 签发人); the title, then the
//! 主送 line ending in a colon; the body; “附件：” lines; 署名 and 成文日期 at the end of the 主体,
//! 附注 below them; attachment pages starting with a “附件” / “附件2” line; the 版记 (抄送,
//! 印发) at the bottom. Separator lines (`———`) and page-number lines are recognised anywhere.

mod body;
mod closing;
mod colophon;
mod front;
mod header;
pub(crate) mod names;
mod patterns;

use crate::model::{Document, Field};
use crate::source::SourceMap;

use patterns::{PAGE_NUMBER, SEPARATOR};

/// Parses a draft. Never fails: what cannot be recognised stays out of the model.
pub fn parse(source: &str) -> Document {
    parse_map(&SourceMap::new(source))
}

pub(crate) fn parse_map(map: &SourceMap<'_>) -> Document {
    let lines = &map.lines;
    let mut doc = Document::default();
    let mut skip = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        if SEPARATOR.is_match(line.content) {
            skip[i] = true;
        } else if let Some(c) = PAGE_NUMBER.captures(line.content) {
            skip[i] = true;
            let n = c
                .name("n")
                .or_else(|| c.name("m"))
                .and_then(|m| m.as_str().parse().ok());
            doc.page_numbers
                .push(Field::new(line.content, n, line.at_content()));
        }
    }
    let header_end = match header::parse_header(lines, &skip, &mut doc) {
        header::TitleFirst::No(end) => end,
        header::TitleFirst::Yes { title, number } => {
            skip[number] = true;
            title
        }
    };
    let colophon_at = colophon::find_colophon(lines, &skip, header_end);
    let main_end = colophon_at.unwrap_or(lines.len());
    let body_start = front::parse_front(lines, &skip, header_end, main_end, &mut doc);
    let labels = body::attachment_labels(lines, &skip, body_start, main_end);
    let closing_end = labels.first().copied().unwrap_or(main_end);
    let body_end = closing::parse_closing(lines, &skip, body_start, closing_end, &mut doc);
    let (paragraphs, tables) = body::read_paragraphs(lines, &skip, body_start, body_end);
    doc.body = paragraphs;
    doc.tables = tables;
    doc.attachments = body::read_attachments(lines, &skip, &labels, main_end);
    if let Some(c) = colophon_at {
        colophon::parse_colophon(lines, &skip, c, &mut doc);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocKind, HeadingLevel, SecrecyLevel};

    const SAMPLE: &str = "000012
机密★5年
特急
安徽省人民政府办公厅文件

皖政办〔2024〕12号
———————————————

安徽省人民政府办公厅
关于开展安全生产大检查的通知

各市人民政府，省政府各部门：
　　为切实做好安全生产工作，现就有关事项通知如下。
　　一、检查范围
　　（一）重点行业。包括危险化学品、矿山等行业。
　　1.化工企业。
　　二、工作要求
　　请各地于2024年3月1日前报送检查情况。

　　附件：1.安全生产大检查工作方案
　　　　　2.检查情况统计表

安徽省人民政府办公厅
2024年1月5日
（此件公开发布）

附件1

安全生产大检查工作方案

　　一、总体要求

附件2

检查情况统计表

———————————————
抄送：省委办公厅，省人大常委会办公厅。
———————————————
安徽省人民政府办公厅　　　　　　2024年1月5日印发
";

    #[test]
    fn reads_every_element_of_a_full_draft() {
        let doc = parse(SAMPLE);
        assert_eq!(doc.copy_number.as_ref().unwrap().text, "000012");
        assert_eq!(
            doc.classification.as_ref().unwrap().value.unwrap().level,
            SecrecyLevel::Secret
        );
        assert_eq!(doc.urgency.as_ref().unwrap().text, "特急");
        assert_eq!(doc.issuer_marks.len(), 1);
        assert_eq!(
            doc.issuing_number
                .as_ref()
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .to_string(),
            "皖政办〔2024〕12号"
        );
        let title = doc.title.as_ref().unwrap();
        assert_eq!(
            title.text,
            "安徽省人民政府办公厅关于开展安全生产大检查的通知"
        );
        assert_eq!(title.lines.len(), 2);
        assert_eq!(doc.kind, Some(DocKind::Circular));
        assert_eq!(
            doc.recipients.as_ref().unwrap().value.as_ref().unwrap(),
            &vec!["各市人民政府".to_string(), "省政府各部门".to_string()]
        );
        assert_eq!(doc.body.len(), 6);
        let levels: Vec<_> = doc
            .body
            .iter()
            .filter_map(|p| p.heading.as_ref())
            .map(|h| h.level)
            .collect();
        assert_eq!(
            levels,
            vec![
                HeadingLevel::One,
                HeadingLevel::Two,
                HeadingLevel::Three,
                HeadingLevel::One
            ]
        );
        let note = doc.attachment_note.as_ref().unwrap();
        assert_eq!(note.items.len(), 2);
        assert_eq!(note.items[1].number, Some(2));
        assert_eq!(note.items[1].name, "检查情况统计表");
        assert_eq!(doc.signatures.len(), 1);
        assert_eq!(doc.date.as_ref().unwrap().text, "2024年1月5日");
        assert_eq!(doc.notes.as_ref().unwrap().text, "（此件公开发布）");
        assert_eq!(doc.attachments.len(), 2);
        assert_eq!(
            doc.attachments[1].title.as_ref().unwrap().text,
            "检查情况统计表"
        );
        assert_eq!(
            doc.copy_to.as_ref().unwrap().value.as_ref().unwrap().len(),
            2
        );
        assert_eq!(
            doc.printing.as_ref().unwrap().value.as_ref().unwrap().organ,
            "安徽省人民政府办公厅"
        );
    }

    #[test]
    fn spans_point_into_the_source() {
        let doc = parse(SAMPLE);
        let num = doc.issuing_number.as_ref().unwrap();
        assert_eq!(num.at.line, 6);
        assert_eq!(num.at.column, 1);
        assert_eq!(
            &SAMPLE[num.at.bytes.start..num.at.bytes.end],
            "皖政办〔2024〕12号"
        );
        let p = &doc.body[0];
        assert_eq!(p.at.column, 3);
    }

    #[test]
    fn upward_document_with_signer_on_the_number_line() {
        let src = "××县人民政府文件\n\n凤政〔2024〕8号　　　　签发人：王明\n\n关于申请××资金的请示\n\n市人民政府：\n　　我县……妥否，请批示。\n\n××县人民政府\n2024年3月1日\n";
        let doc = parse(src);
        assert_eq!(
            doc.signers.as_ref().unwrap().value.as_ref().unwrap(),
            &vec!["王明".to_string()]
        );
        assert_eq!(doc.kind, Some(DocKind::Request));
        assert_eq!(doc.recipients.as_ref().unwrap().text, "市人民政府：");
    }
}

#[cfg(test)]
mod line_ending_tests {
    #[test]
    fn crlf_gives_the_same_findings_as_lf() {
        let lf = "关于做好防汛工作的通知\n\n各区人民政府:\n　　请认真贯彻执行,确保安全度汛。\n\n淮南市人民政府\n二〇二四年五月六日\n";
        let crlf = lf.replace('\n', "\r\n");
        let a = crate::check_text(lf);
        let b = crate::check_text(&crlf);
        let key = |r: &crate::Report| -> Vec<(&'static str, usize, usize)> {
            r.findings
                .iter()
                .map(|f| (f.code, f.line, f.column))
                .collect()
        };
        assert_eq!(key(&a), key(&b));
        assert!(!a.findings.is_empty());
        let fixed = crate::apply_fixes(&crlf, &b.findings);
        assert!(fixed.contains("各区人民政府：\r\n"));
        assert!(fixed.ends_with("2024年5月6日\r\n"));
    }
}

#[cfg(test)]
mod web_copy_tests {
    use super::parse;
    use crate::model::DocKind;

    /// Web pages often give each title line and each line of the 题注 a paragraph of its own.
    #[test]
    fn title_and_title_note_split_by_blank_lines() {
        let src = "宿州市人民代表大会常务委员会\n\n关于接受张晓东辞职请求的决定\n\n（2021年8月4日宿州市第五届人民代表大会\n\n常务委员会第三十一次会议通过）\n\n因工作变动，张晓东提出辞去宿州市人民政府副市长职务。\n";
        let doc = parse(src);
        let title = doc.title.as_ref().unwrap();
        assert_eq!(
            title.text,
            "宿州市人民代表大会常务委员会关于接受张晓东辞职请求的决定"
        );
        assert_eq!(title.lines.len(), 2);
        assert_eq!(doc.kind, Some(DocKind::Decision));
        assert_eq!(doc.body.len(), 1);
        assert!(doc.body[0].text.starts_with("因工作变动"));
        assert_eq!(
            doc.title_note.as_ref().unwrap().text,
            "（2021年8月4日宿州市第五届人民代表大会常务委员会第三十一次会议通过）"
        );
        assert_eq!(doc.title_note.as_ref().unwrap().at.line, 5);
    }

    /// Published pages put the 发文字号 under the title, not above it.
    #[test]
    fn issuing_number_below_the_title() {
        let src = "山东省人民政府\n关于济南槐荫工业园区等11家\n工业园区更名的通知\n鲁政字〔2019〕4号\n各市人民政府：\n现将有关事项通知如下。\n山东省人民政府\n2019年1月3日\n";
        let doc = parse(src);
        assert_eq!(
            doc.title.as_ref().unwrap().text,
            "山东省人民政府关于济南槐荫工业园区等11家工业园区更名的通知"
        );
        assert!(doc.issuer_marks.is_empty());
        assert_eq!(
            doc.issuing_number.as_ref().unwrap().at.line,
            4,
            "the number keeps its own line"
        );
        assert_eq!(doc.recipients.as_ref().unwrap().text, "各市人民政府：");
        assert_eq!(doc.body.len(), 1);
        // A “××文件” mark above the number is still the 版头, whatever follows.
        let headed = "山东省人民政府文件\n鲁政字〔2019〕4号\n关于园区更名的通知\n各市人民政府：\n现将有关事项通知如下。\n";
        let doc = parse(headed);
        assert_eq!(doc.issuer_marks.len(), 1);
        assert_eq!(doc.title.as_ref().unwrap().text, "关于园区更名的通知");
    }

    /// A title that already ends in its 文种 never takes the next paragraph in.
    #[test]
    fn complete_title_stops_at_the_blank_line() {
        let src = "关于做好防汛工作的通知\n\n关于做好防汛工作的补充通知\n\n各区人民政府：\n　　请认真贯彻执行。\n";
        let doc = parse(src);
        assert_eq!(doc.title.as_ref().unwrap().text, "关于做好防汛工作的通知");
    }

    /// A title without a 文种 is not completed by a 主送 line or a body paragraph.
    #[test]
    fn incomplete_title_does_not_swallow_the_recipients() {
        let src = "关于做好防汛工作\n\n各区人民政府：\n　　请认真贯彻执行。\n";
        let doc = parse(src);
        assert_eq!(doc.title.as_ref().unwrap().text, "关于做好防汛工作");
        assert_eq!(doc.recipients.as_ref().unwrap().text, "各区人民政府：");
    }
}
