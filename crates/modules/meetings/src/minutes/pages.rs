//! The meeting page's forms for the 会议记录, 纪要, 决定事项 and the hand-off to 督办.

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppResult,
    web::{
        extract::{PageActor, PagePath},
        shell::flash,
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    model::{DecisionInput, MinutesInput},
    service,
};
use crate::form::Fields;

pub async fn save_minutes(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let input = MinutesInput {
        record: f.one("record"),
        minutes: f.one("minutes"),
    };
    service::save_minutes(&state.db, &actor, id, &input).await?;
    flash(&session, "已保存会议记录和纪要").await;
    Ok(Redirect::to(&format!("/meetings/{id}#minutes")).into_response())
}

pub async fn add_decision(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let input = DecisionInput {
        content: f.one("content"),
        department_id: f.id("department_id", "责任部门")?,
        due_on: f.one("due_on"),
    };
    service::add_decision(&state.db, &actor, id, &input).await?;
    flash(&session, "已记录决定事项").await;
    Ok(Redirect::to(&format!("/meetings/{id}#decisions")).into_response())
}

pub async fn hand_off(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let n = service::hand_off(&state.db, &actor, state.task_sink(), id).await?;
    flash(&session, format!("已将 {n} 项决定事项转督办")).await;
    Ok(Redirect::to(&format!("/meetings/{id}#decisions")).into_response())
}

pub async fn remove_decision(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath((id, decision)): PagePath<(i64, i64)>,
) -> AppResult<Response> {
    service::remove_decision(&state.db, &actor, id, decision).await?;
    flash(&session, "已删除决定事项").await;
    Ok(Redirect::to(&format!("/meetings/{id}#decisions")).into_response())
}
