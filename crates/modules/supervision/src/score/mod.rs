//! 督办考核: per-department scores from the tasks themselves, so that 考核 and 督办 are one
//! record rather than "两张皮".

pub(crate) mod api;
pub mod finals;
mod pages;
pub mod service;
pub mod weights;

use axum::{
    Router,
    routing::{get, post, put},
};
use sanban_platform::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/supervision/scores", get(api::scores))
        .route("/api/v1/supervision/scores/weights", put(api::set_weights))
        .route(
            "/api/v1/supervision/scores/finals",
            get(api::final_scores).post(api::finalise),
        )
        .route("/supervision/scores", get(pages::show))
        .route("/supervision/scores/weights", post(pages::set_weights))
        .route("/supervision/scores/finals", post(pages::finalise))
        .route("/supervision/scores/finals/{id}", get(pages::final_line))
}
