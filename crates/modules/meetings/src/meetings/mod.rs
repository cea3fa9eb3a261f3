//! 会议: arranged by the office with type, time, room, 主持人 and 参会人员.

pub(crate) mod api;
pub mod kind;
pub mod model;
mod pages;
pub mod service;
pub mod state;
pub(crate) mod store;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::web::state::{AppState, NavEntry, NavGroup};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings", get(pages::list).post(pages::create))
        .route("/meetings/new", get(pages::new))
        .route("/meetings/{id}", get(pages::show))
        .route("/meetings/{id}/edit", get(pages::edit).post(pages::update))
        .route("/meetings/{id}/state", post(pages::change_state))
        .route("/meetings/{id}/budget", post(pages::set_budget))
        .route("/api/v1/meetings", get(api::list).post(api::create))
        .route("/api/v1/meetings/{id}", get(api::get_one).put(api::update))
}

pub fn nav() -> Vec<NavEntry> {
    vec![NavEntry {
        group: NavGroup::Meetings,
        label: "会议",
        href: "/meetings",
        permission: None,
    }]
}
