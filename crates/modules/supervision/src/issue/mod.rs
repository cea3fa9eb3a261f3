//! 督办通知书 (per task), 月度督办通报 (per month) and 督办周报 (per week, optionally per 专项): drafted from the records, edited,
//! issued with a number of the year, printed and delivered.

pub(crate) mod api;
pub mod draft;
pub mod model;
mod pages;
pub mod pdf;
pub mod service;
pub mod stats;
pub mod week;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/supervision/issues", get(api::list))
        .route(
            "/api/v1/supervision/issues/{id}",
            get(api::get_one).put(api::edit),
        )
        .route("/api/v1/supervision/issues/{id}/issue", post(api::issue))
        .route("/api/v1/supervision/issues/{id}/pdf", get(api::pdf))
        .route(
            "/api/v1/supervision/tasks/{id}/notice",
            post(api::draft_notice),
        )
        .route("/api/v1/supervision/bulletins", post(api::draft_bulletin))
        .route("/api/v1/supervision/months/{month}", get(api::month))
        .route("/api/v1/supervision/weeklies", post(api::draft_weekly))
        .route("/api/v1/supervision/weeks/{week}", get(api::week))
        .route("/supervision/issues", get(pages::list))
        .route(
            "/supervision/issues/{id}",
            get(pages::show).post(pages::edit),
        )
        .route("/supervision/issues/{id}/issue", post(pages::issue))
        .route("/supervision/issues/{id}/pdf", get(pages::pdf))
        .route("/supervision/tasks/{id}/notice", post(pages::draft_notice))
        .route("/supervision/bulletins", post(pages::draft_bulletin))
        .route("/supervision/weeklies", post(pages::draft_weekly))
}
