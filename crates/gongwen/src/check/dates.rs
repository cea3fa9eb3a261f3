//! T25 发文字号年份与成文日期一致, 印发日期不早于成文日期.

use crate::model::ElementKind;

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let date = doc.date.as_ref().and_then(|d| d.value.map(|v| (v, d.at)));
    if let (Some(num), Some((date, _))) = (doc.issuing_number.as_ref(), date)
        && let Some(n) = num.value.as_ref()
        && n.year() != date.year()
    {
        cx.push(Finding::new(
            "T25",
            Severity::Warning,
            ElementKind::IssuingNumber,
            num.at,
            format!(
                "发文字号年份{}与成文日期年份{}不一致，请核对。",
                n.year(),
                date.year()
            ),
            "公文处理惯例",
        ));
    }
    if let (Some(p), Some((date, _))) = (doc.printing.as_ref(), date)
        && let Some(printed) = p.value.as_ref().and_then(|v| v.date)
        && printed < date
    {
        cx.push(Finding::new(
            "T25",
            Severity::Warning,
            ElementKind::Printing,
            p.at,
            format!("印发日期{printed}早于成文日期{date}，请核对。"),
            "公文处理惯例",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn t25(number: &str, date: &str, printed: &str) -> usize {
        let src = format!(
            "淮南市人民政府文件\n\n{number}\n\n关于做好防汛工作的通知\n\n各区人民政府：\n　　现就有关事项通知如下。\n\n淮南市人民政府\n{date}\n\n抄送：市委办公室。\n淮南市人民政府办公室　　{printed}印发\n"
        );
        check_text(&src)
            .findings
            .iter()
            .filter(|f| f.code == "T25")
            .count()
    }

    #[test]
    fn years_and_order() {
        assert_eq!(t25("淮府〔2024〕3号", "2024年5月6日", "2024年5月7日"), 0);
        assert_eq!(t25("淮府〔2023〕3号", "2024年5月6日", "2024年5月7日"), 1);
        assert_eq!(t25("淮府〔2024〕3号", "2024年5月6日", "2024年5月5日"), 1);
    }
}
