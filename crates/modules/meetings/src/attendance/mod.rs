//! Before and during the meeting: 会议通知, 准备清单, 签到 (with its QR code and A4 签到表)
//! and 座签.

pub(crate) mod api;
pub mod checkin;
pub mod checklist;
pub mod notice;
mod pages;
pub mod qr;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/{id}/notify", post(pages::notify))
        .route("/meetings/{id}/checklist", post(pages::start_checklist))
        .route("/meetings/{id}/checklist/{item}", post(pages::tick))
        .route("/meetings/{id}/checkin", post(pages::check_in))
        .route("/meetings/{id}/cards", get(pages::cards))
        .route("/meetings/{id}/sheet", get(pages::sheet))
        .route(
            "/meetings/checkin/{token}",
            get(pages::link_page).post(pages::link_check_in),
        )
        .route("/meetings/checkin/{token}/qr.svg", get(pages::link_qr))
        .route("/api/v1/meetings/{id}/checkin", post(api::check_in))
}
