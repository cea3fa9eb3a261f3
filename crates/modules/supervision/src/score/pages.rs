//! The 考核 page: the year's scores with their parts, and the weights form for the office.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::Datelike;
use sanban_platform::{
    AppError, AppResult,
    web::{
        extract::{PageActor, Query},
        format::today,
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    api::YearQuery,
    finals::{self, Final, FinaliseInput},
    service::{self, Scores},
    weights::{self, Weights},
};
use crate::task::{access, form::Pairs};

#[derive(Template, WebTemplate)]
#[template(path = "supervision/scores.html")]
struct ScoresPage {
    shell: Shell,
    s: Scores,
    office: bool,
    /// The year's 定稿, shown in place of the live table once it exists.
    fin: Option<Final>,
    /// Each department's 定稿 score the year before, beside this year's.
    previous: std::collections::BTreeMap<i64, f64>,
}

impl ScoresPage {
    fn previous_text(&self, department_id: &i64) -> String {
        self.previous
            .get(department_id)
            .map_or_else(|| "—".into(), |v| v.to_string())
    }

    fn change_text(&self, l: &service::Score) -> String {
        match self.previous.get(&l.department_id) {
            Some(p) => format!("{:+.1}", l.score - p),
            None => "—".into(),
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<YearQuery>,
) -> AppResult<impl IntoResponse> {
    let year = q.year.unwrap_or_else(|| today().year());
    let s = service::year(&state.db, &actor, year).await?;
    let fin = finals::get(&state.db, &actor, year).await?;
    let previous = match year.checked_sub(1) {
        Some(y) => finals::get(&state.db, &actor, y).await?,
        None => None,
    }
    .map(|f| f.lines.iter().map(|l| (l.department_id, l.score)).collect())
    .unwrap_or_default();
    Ok(ScoresPage {
        shell: Shell::new(&state, &actor, &session, "督办考核", "/supervision/scores").await,
        s,
        office: access::is_office(&actor),
        fin,
        previous,
    })
}

pub async fn finalise(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    access::require_office(&actor)?;
    let f = Pairs::parse(&body);
    let year = f
        .get("year")
        .trim()
        .parse()
        .map_err(|_| AppError::bad("年份无效"))?;
    let input = FinaliseInput {
        year,
        note: f.get("note"),
    };
    let done = finals::finalise(&state.db, &actor, &input).await?;
    flash(
        &session,
        format!(
            "{}年督办考核已定稿，共 {} 个部门",
            done.year,
            done.lines.len()
        ),
    )
    .await;
    Ok(Redirect::to(&format!("/supervision/scores?year={year}")).into_response())
}

pub async fn set_weights(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let n = |name: &str| -> AppResult<i64> {
        f.get(name)
            .trim()
            .parse()
            .map_err(|_| AppError::bad("分值须为整数"))
    };
    let w = Weights {
        on_time_points: n("on_time_points")?,
        overdue_penalty: n("overdue_penalty")?,
        return_penalty: n("return_penalty")?,
        partner_weight: n("partner_weight")?,
    };
    weights::set(&state.db, &actor, &w).await?;
    flash(&session, "已调整考核权重").await;
    Ok(Redirect::to("/supervision/scores").into_response())
}

/// A 统计 drill-down row: the department's line in its year's 定稿 table.
pub async fn final_line(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (year, department_id) = finals::line(&state.db, &actor, id).await?;
    Ok(Redirect::to(&format!("/supervision/scores?year={year}#d{department_id}")).into_response())
}
