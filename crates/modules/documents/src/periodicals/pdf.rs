//! The printed issue: masthead (刊名, 期号, 编印单位, date), the articles, and the 报/送/发
//! lines at the foot of the last page.

use std::sync::OnceLock;

use sanban_gongwen::{PdfRenderer, PeriodicalArticle, PeriodicalSheet};
use sanban_platform::{AppError, AppResult, Db, auth::Actor};

use super::{issues, model::Issue};

/// Scanning fonts takes a while; it is done once, on first use.
fn renderer() -> Result<&'static PdfRenderer, String> {
    static R: OnceLock<Result<PdfRenderer, String>> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

pub fn sheet(i: &Issue) -> PeriodicalSheet {
    PeriodicalSheet {
        name: i.periodical_name.clone(),
        number: i.number_text(),
        unit: format!("{}编印", i.unit),
        date: if i.issue_date_text.is_empty() {
            "待印发".into()
        } else {
            i.issue_date_text.clone()
        },
        articles: i
            .articles
            .iter()
            .map(|a| PeriodicalArticle {
                title: a.title.clone(),
                byline: [a.department.as_str(), a.author.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("　"),
                paragraphs: a
                    .body
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
            .collect(),
        lines: [
            ("报", &i.report_to),
            ("送", &i.send_to),
            ("发", &i.distribute_to),
        ]
        .into_iter()
        .map(|(l, v)| (l.to_string(), v.clone()))
        .collect(),
    }
}

/// The PDF of an issue for someone who may read it.
pub async fn render(db: &Db, actor: &Actor, id: i64) -> AppResult<(Issue, Vec<u8>)> {
    let issue = issues::get(db, actor, id).await?;
    let s = sheet(&issue);
    let pdf = tokio::task::spawn_blocking(move || {
        renderer().and_then(|r| r.render_periodical(&s).map_err(|e| e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?
    .map_err(AppError::bad)?;
    Ok((issue, pdf))
}
