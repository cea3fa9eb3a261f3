//! 复盘: after a meeting has been held, the office notes what went well, what went wrong and
//! what to do better next time, so that the next meeting of the kind is run better.

pub(crate) mod api;
pub mod model;
mod pages;
pub mod service;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/{id}/review", post(pages::save))
        .route(
            "/api/v1/meetings/{id}/review",
            get(api::get_one).put(api::save),
        )
}
