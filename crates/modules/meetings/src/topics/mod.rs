//! 议题 for the 三会: a department's 议题单, approved by its 分管领导 and the office through
//! the workflow, then put on a meeting's agenda.

pub mod agenda;
pub(crate) mod api;
pub mod flow;
pub mod model;
mod pages;
pub mod service;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::{
    web::state::{AppState, NavEntry, NavGroup},
    workflow::Definition,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/topics", get(pages::list).post(pages::submit))
        .route(
            "/meetings/topics/{id}",
            get(pages::show).post(pages::revise),
        )
        .route("/meetings/{id}/agenda", post(pages::add_to_agenda))
        .route(
            "/meetings/{id}/agenda/{topic}/remove",
            post(pages::remove_from_agenda),
        )
        .route("/api/v1/meetings/topics", get(api::list).post(api::submit))
        .route("/api/v1/meetings/topics/{id}", get(api::get_one))
        .route("/api/v1/meetings/{id}/agenda", post(api::add_to_agenda))
}

pub fn nav() -> Vec<NavEntry> {
    vec![NavEntry {
        group: NavGroup::Meetings,
        label: "议题",
        href: "/meetings/topics",
        permission: None,
    }]
}

pub fn definitions() -> Vec<Definition> {
    vec![flow::definition()]
}
