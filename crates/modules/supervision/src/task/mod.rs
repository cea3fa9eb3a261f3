//! 督办事项: registered by the 督查 staff or taken from 批示 and meeting decisions, carried out
//! by a 责任人, closed (销号) only after the office has checked the feedback.

pub mod access;
pub(crate) mod api;
pub mod extension;
pub mod flow;
pub mod handling;
pub mod input;
pub mod model;
pub mod service;
pub mod sink;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/supervision/tasks", get(api::list).post(api::create))
        .route("/api/v1/supervision/tasks/{id}", get(api::get_one))
        .route(
            "/api/v1/supervision/tasks/{id}/milestones",
            get(api::milestones),
        )
        .route("/api/v1/supervision/tasks/{id}/feedback", post(api::feedback))
        .route("/api/v1/supervision/tasks/{id}/review", post(api::review))
        .route("/api/v1/supervision/tasks/{id}/press", post(api::press))
        .route(
            "/api/v1/supervision/tasks/{id}/extensions",
            get(api::extensions).post(api::request_extension),
        )
        .route(
            "/api/v1/supervision/extensions/{id}/decision",
            post(api::decide_extension),
        )
}
