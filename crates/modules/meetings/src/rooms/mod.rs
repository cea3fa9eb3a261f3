//! 会议室 and their booking in half-hour slots, with each room's week.

pub(crate) mod api;
pub mod booking;
pub mod model;
mod pages;
pub mod rebook;
pub mod service;
pub mod week;

use axum::{
    Router,
    routing::{get, put},
};
use sanban_platform::web::state::{AppState, NavEntry, NavGroup};

use crate::access::OFFICE;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/rooms", get(pages::list).post(pages::create))
        .route("/meetings/rooms/{id}", get(pages::week))
        .route("/api/v1/meetings/rooms", get(api::list).post(api::create))
        .route("/api/v1/meetings/rooms/{id}/week", get(api::week))
        .route("/api/v1/meetings/{id}/room", put(api::book))
}

pub fn nav() -> Vec<NavEntry> {
    vec![NavEntry {
        group: NavGroup::Meetings,
        label: "会议室",
        href: "/meetings/rooms",
        permission: Some(OFFICE),
    }]
}
