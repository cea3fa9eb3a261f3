//! The printed issue: masthead (刊名, 期号, 编印单位, date), the articles, and the 报/送/发
//! lines at the foot, on the office's ruled form sheet.

use std::sync::OnceLock;

use sanban_gongwen::{FormRow, FormSheet, PdfRenderer};
use sanban_platform::{AppError, AppResult, Db, auth::Actor};

use super::{issues, model::Issue};

/// Scanning fonts takes a while; it is done once, on first use.
fn renderer() -> Result<&'static PdfRenderer, String> {
    static R: OnceLock<Result<PdfRenderer, String>> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

pub fn sheet(i: &Issue) -> FormSheet {
    let mut rows = vec![FormRow::Fields(vec![
        ("编印单位".into(), i.unit.clone()),
        (
            "日期".into(),
            if i.issue_date_text.is_empty() {
                "待印发".into()
            } else {
                i.issue_date_text.clone()
            },
        ),
    ])];
    for a in &i.articles {
        rows.push(FormRow::Heading(a.title.clone()));
        let by: Vec<&str> = [a.department.as_str(), a.author.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !by.is_empty() {
            rows.push(FormRow::Fields(vec![("供稿".into(), by.join("　"))]));
        }
        rows.push(FormRow::Block {
            label: "正文".into(),
            paragraphs: a
                .body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("　　{l}"))
                .collect(),
            min_lines: 2,
        });
    }
    for (label, line) in [
        ("报", &i.report_to),
        ("送", &i.send_to),
        ("发", &i.distribute_to),
    ] {
        if !line.is_empty() {
            rows.push(FormRow::Fields(vec![(label.into(), line.clone())]));
        }
    }
    FormSheet {
        title: i.periodical_name.clone(),
        subtitle: Some(i.number_text()),
        rows,
        footer: Some(format!("{}编印", i.unit)),
    }
}

/// The PDF of an issue for someone who may read it.
pub async fn render(db: &Db, actor: &Actor, id: i64) -> AppResult<(Issue, Vec<u8>)> {
    let issue = issues::get(db, actor, id).await?;
    let s = sheet(&issue);
    let pdf = tokio::task::spawn_blocking(move || {
        renderer().and_then(|r| r.render_form(&s).map_err(|e| e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?
    .map_err(AppError::bad)?;
    Ok((issue, pdf))
}
