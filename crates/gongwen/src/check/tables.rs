//! T32 表格合计行与分项之和一致.

use crate::model::{ElementKind, Table};

use super::{Cx, Finding, Severity};

pub(super) fn check(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for t in &doc.tables {
        table(cx, t, ElementKind::Body);
    }
    for a in &doc.attachments {
        for t in &a.tables {
            table(cx, t, ElementKind::Attachment);
        }
    }
}

/// A plain decimal number (thousands separators allowed); percentages are not summed.
fn number(cell: &str) -> Option<f64> {
    let c = cell.trim().replace([',', '，'], "");
    if c.is_empty() || c.ends_with('%') {
        return None;
    }
    c.parse().ok()
}

fn decimals(cell: &str) -> usize {
    cell.trim().split_once('.').map_or(0, |(_, d)| d.len())
}

fn table(cx: &mut Cx<'_>, t: &Table, element: ElementKind) {
    // The first row is the header.
    let Some(total_idx) = t.rows.iter().position(|r| {
        r.cells.first().is_some_and(|c| {
            matches!(
                c.trim().trim_matches('*').replace([' ', '　'], "").as_str(),
                "合计" | "总计"
            )
        })
    }) else {
        return;
    };
    if total_idx < 2 {
        return;
    }
    let total = &t.rows[total_idx];
    let parts: Vec<_> = t.rows[1..total_idx]
        .iter()
        .filter(|r| r.cells.first().is_none_or(|c| !c.contains("小计")))
        .collect();
    for (col, cell) in total.cells.iter().enumerate().skip(1) {
        let Some(want) = number(cell) else {
            continue;
        };
        let values: Option<Vec<f64>> = parts
            .iter()
            .map(|r| r.cells.get(col).and_then(|c| number(c)))
            .collect();
        let Some(values) = values else {
            continue;
        };
        let sum: f64 = values.iter().sum();
        let places = parts
            .iter()
            .filter_map(|r| r.cells.get(col))
            .map(|c| decimals(c))
            .chain([decimals(cell)])
            .max()
            .unwrap_or(0);
        let tolerance = 0.5 * 10f64.powi(-(places as i32));
        if (sum - want).abs() > tolerance {
            let header = t.rows[0].cells.get(col).map_or("", |s| s.as_str());
            let shown = format!("{sum:.places$}");
            cx.push(Finding::new(
                "T32",
                Severity::Warning,
                element,
                total.at,
                format!(
                    "表格“{header}”列的合计为{}，但各分项之和为{shown}，请核对。",
                    cell.trim()
                ),
                "公文审核惯例（《党政机关公文处理工作条例》第二十条：数字准确）",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn t32(rows: &str) -> usize {
        let src = format!(
            "关于防汛经费安排情况的报告\n\n市人民政府：\n　　经费安排如下表。\n| 项目 | 金额（万元） | 占比 |\n|---|---|---|\n{rows}\n　　特此报告。\n"
        );
        check_text(&src)
            .findings
            .iter()
            .filter(|f| f.code == "T32")
            .count()
    }

    #[test]
    fn totals() {
        assert_eq!(
            t32("| 物资 | 120.5 | 60% |\n| 培训 | 80 | 40% |\n| 合计 | 200.5 | 100% |"),
            0
        );
        assert_eq!(
            t32("| 物资 | 120.5 | 60% |\n| 培训 | 80 | 40% |\n| 合计 | 210.5 | 100% |"),
            1
        );
        assert_eq!(
            t32("| 物资 | 1,200 | 60% |\n| 培训 | 800 | 40% |\n| 总计 | 2,000 | 100% |"),
            0
        );
    }
}
