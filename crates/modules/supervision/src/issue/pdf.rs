//! The printed 通知书 or 通报: an A4 sheet with its number, title and text.

use std::sync::OnceLock;

use sanban_gongwen::{FormRow, FormSheet, PdfRenderer};
use sanban_platform::{AppError, AppResult, Db, auth::Actor};

use super::{model::Issue, service};

/// Scanning fonts takes a while; it is done once, on first use.
fn renderer() -> Result<&'static PdfRenderer, String> {
    static R: OnceLock<Result<PdfRenderer, String>> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

pub fn sheet(i: &Issue) -> FormSheet {
    FormSheet {
        title: i.kind_label.to_string(),
        subtitle: i.number_text.clone(),
        rows: vec![
            FormRow::Fields(vec![("标题".into(), i.title.clone())]),
            FormRow::Block {
                label: "正文".into(),
                paragraphs: i
                    .body
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                min_lines: 12,
            },
            FormRow::Fields(vec![("送达".into(), i.recipients.join("、"))]),
        ],
        footer: Some(format!("印发时间：{}", i.issued_at_text)),
    }
}

/// The PDF of an issued 通知书 or 通报, for someone who may read it.
pub async fn render(db: &Db, actor: &Actor, id: i64) -> AppResult<(Issue, Vec<u8>)> {
    let issue = service::get(db, actor, id).await?;
    if !issue.issued {
        return Err(AppError::bad("印发后才有正式文本"));
    }
    let s = sheet(&issue);
    let pdf = tokio::task::spawn_blocking(move || {
        renderer().and_then(|r| r.render_form(&s).map_err(|e| e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?
    .map_err(AppError::bad)?;
    Ok((issue, pdf))
}
