//! The 考核 page: the year's scores with their parts, and the weights form for the office.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
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
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<YearQuery>,
) -> AppResult<impl IntoResponse> {
    let year = q.year.unwrap_or_else(|| today().year());
    Ok(ScoresPage {
        shell: Shell::new(&state, &actor, &session, "督办考核", "/supervision/scores").await,
        s: service::year(&state.db, &actor, year).await?,
        office: access::is_office(&actor),
    })
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
