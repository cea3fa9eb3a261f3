//! The 会议计划 page: the year's plan per type beside what was held and spent, and the year
//! before.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppError, AppResult,
    figures::current_year,
    web::{
        extract::{PageActor, Query},
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    api::YearQuery,
    service::{self, PlanReport},
};
use crate::{access, form::Fields};

#[derive(Template, WebTemplate)]
#[template(path = "meetings/plans.html")]
struct PlansPage {
    shell: Shell,
    r: PlanReport,
    office: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<YearQuery>,
) -> AppResult<impl IntoResponse> {
    let year = q.year.unwrap_or_else(current_year);
    Ok(PlansPage {
        r: service::report(&state.db, &actor, year, q.month).await?,
        office: access::is_office(&actor),
        shell: Shell::new(&state, &actor, &session, "会议计划", "/meetings/plans").await,
    })
}

pub async fn save(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let year: i32 = f
        .one("year")
        .trim()
        .parse()
        .map_err(|_| AppError::bad("年份无效"))?;
    let month = match f.one("month").trim() {
        "" => None,
        m => Some(
            m.parse::<u32>()
                .map_err(|_| AppError::bad("月份应为 1 至 12"))?,
        ),
    };
    let kinds = f.all("kind");
    let planned = f.all("planned");
    if kinds.len() != planned.len() {
        return Err(AppError::bad("表单内容不完整，请刷新后重试"));
    }
    let entries: Vec<(String, String)> = kinds.into_iter().zip(planned).collect();
    service::set(&state.db, &actor, year, month, &entries).await?;
    flash(&session, "已保存会议计划").await;
    let to = match month {
        Some(m) => format!("/meetings/plans?year={year}&month={m}"),
        None => format!("/meetings/plans?year={year}"),
    };
    Ok(Redirect::to(&to).into_response())
}
