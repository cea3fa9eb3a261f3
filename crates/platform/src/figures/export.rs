//! The year's figures as an Excel sheet, the form in which the office hands them on.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::YearFigure;
use crate::error::{AppError, AppResult};

pub fn export_xlsx(year: i32, figures: &[YearFigure]) -> AppResult<Vec<u8>> {
    let xl = |e: XlsxError| AppError::Internal(e.into());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("{year}年统计")).map_err(xl)?;
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let mut header: Vec<String> = [
        "类别",
        "指标",
        "单位",
        &format!("{year}年"),
        &format!("{}年", year - 1),
        "增减",
        "增减幅度",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((1..=12).map(|m| format!("{m}月")));
    header.push("统计口径".into());
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(xl)?;
    }
    ws.set_column_width(0, 12).map_err(xl)?;
    ws.set_column_width(1, 20).map_err(xl)?;
    ws.set_column_width(header.len() as u16 - 1, 50)
        .map_err(xl)?;
    for (i, f) in figures.iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, &f.group).map_err(xl)?;
        ws.write_string(r, 1, &f.name).map_err(xl)?;
        ws.write_string(r, 2, &f.unit).map_err(xl)?;
        ws.write_number(r, 3, f.value as f64).map_err(xl)?;
        ws.write_number(r, 4, f.previous as f64).map_err(xl)?;
        ws.write_number(r, 5, f.change() as f64).map_err(xl)?;
        match f.change_percent() {
            Some(p) => ws.write_number_with_format(r, 6, p / 100.0, &percent),
            None => ws.write_string(r, 6, "—"),
        }
        .map_err(xl)?;
        for (m, v) in f.months.iter().enumerate() {
            ws.write_number(r, 7 + m as u16, *v as f64).map_err(xl)?;
        }
        let how = match &f.average {
            Some(a) => format!(
                "{}；{}：{}年 {}，{}年 {}",
                f.how,
                a.label,
                year,
                a.value_text(),
                year - 1,
                a.previous_text()
            ),
            None => f.how.clone(),
        };
        ws.write_string(r, 19, &how).map_err(xl)?;
    }
    ws.set_freeze_panes(1, 2).map_err(xl)?;
    wb.save_to_buffer().map_err(xl)
}
