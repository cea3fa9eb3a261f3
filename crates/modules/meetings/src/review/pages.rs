//! The 复盘 form on the meeting page.

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

use super::{model::ReviewInput, service};
use crate::form::Fields;

pub async fn save(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let input = ReviewInput {
        went_well: f.one("went_well"),
        problems: f.one("problems"),
        improvements: f.one("improvements"),
    };
    service::save(&state.db, &actor, id, &input).await?;
    flash(&session, "已保存会后复盘").await;
    Ok(Redirect::to(&format!("/meetings/{id}#review")).into_response())
}
