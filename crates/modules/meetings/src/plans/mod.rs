//! 会议计划 and the meetings' figures: the office controls how many meetings are held and
//! what they cost, year on year.

pub(crate) mod api;
pub mod figures;
mod pages;
pub mod service;

use axum::{Router, routing::get};
use sanban_platform::web::state::{AppState, NavEntry, NavGroup};

use crate::access::OFFICE;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/plans", get(pages::show).post(pages::save))
        .route("/api/v1/meetings/plans", get(api::report))
}

pub fn nav() -> Vec<NavEntry> {
    vec![NavEntry {
        group: NavGroup::Meetings,
        label: "会议计划",
        href: "/meetings/plans",
        permission: Some(OFFICE),
    }]
}
