//! After the meeting: 会议记录, 纪要 (PDF and .docx in the 纪要 format) and 决定事项, each
//! handed to 督办 and shown with its task's state.

pub(crate) mod api;
pub mod model;
pub mod output;
mod pages;
pub mod service;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/{id}/minutes", post(pages::save_minutes))
        .route("/meetings/{id}/minutes.pdf", get(output::pdf))
        .route("/meetings/{id}/minutes.docx", get(output::docx))
        .route("/meetings/{id}/decisions", post(pages::add_decision))
        .route(
            "/meetings/{id}/decisions/{decision}/remove",
            post(pages::remove_decision),
        )
        .route("/meetings/{id}/handoff", post(pages::hand_off))
        .route(
            "/api/v1/meetings/{id}/decisions",
            get(api::list).post(api::add),
        )
        .route("/api/v1/meetings/{id}/handoff", post(api::hand_off))
}
