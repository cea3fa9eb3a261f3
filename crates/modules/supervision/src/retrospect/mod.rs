//! 回头望: the year's 年度重点工作任务 and their sub-tasks looked back on at year end, each
//! with how it ended and a 复盘 remark the office writes.

pub(crate) mod api;
mod pages;
pub mod service;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/supervision/retrospect", get(api::year))
        .route(
            "/api/v1/supervision/tasks/{id}/retrospect",
            axum::routing::put(api::remark),
        )
        .route("/supervision/retrospect", get(pages::show))
        .route("/supervision/tasks/{id}/retrospect", post(pages::remark))
}
