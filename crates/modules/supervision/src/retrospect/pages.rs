//! The 回头望 page: one table for the year, printable on A4, with a 复盘 field per task for
//! the office.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Datelike;
use sanban_platform::{
    AppResult,
    web::{
        extract::{PageActor, PagePath, Query},
        format::today,
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::service::{self, RemarkInput, Retrospect};
use crate::{
    score::api::YearQuery,
    task::{access, form::Pairs},
};

#[derive(Template, WebTemplate)]
#[template(path = "supervision/retrospect.html")]
struct RetrospectPage {
    shell: Shell,
    r: Retrospect,
    office: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<YearQuery>,
) -> AppResult<impl IntoResponse> {
    let year = q.year.unwrap_or_else(|| today().year());
    Ok(RetrospectPage {
        shell: Shell::new(
            &state,
            &actor,
            &session,
            "回头望",
            "/supervision/retrospect",
        )
        .await,
        r: service::year(&state.db, &actor, year).await?,
        office: access::is_office(&actor),
    })
}

pub async fn remark(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    service::remark(
        &state.db,
        &actor,
        id,
        &RemarkInput {
            remark: f.get("remark"),
        },
    )
    .await?;
    flash(&session, "已保存复盘意见").await;
    let year: String = f.get("year").chars().filter(char::is_ascii_digit).collect();
    Ok(Redirect::to(&format!("/supervision/retrospect?year={year}#task-{id}")).into_response())
}
