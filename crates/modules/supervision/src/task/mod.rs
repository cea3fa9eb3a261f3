//! 督办事项: registered by the 督查 staff or taken from 批示 and meeting decisions, carried out
//! by a 责任人, closed (销号) only after the office has checked the feedback.

pub mod access;
pub(crate) mod api;
pub mod control;
pub mod extension;
pub mod flow;
pub(crate) mod form;
pub mod handling;
pub mod input;
pub mod milestone;
pub mod milestone_remind;
pub mod model;
mod pages;
pub mod progress;
pub mod progress_remind;
mod remind_once;
pub mod rhythm;
pub mod service;
pub mod sink;
mod summary;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::{
    auth::Permission,
    web::state::{AppState, NavEntry, NavGroup},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/supervision/tasks", get(pages::list).post(pages::create))
        .route("/supervision/tasks/new", get(pages::new))
        .route("/supervision/tasks/{id}", get(pages::show))
        .route("/supervision/tasks/{id}/feedback", post(pages::feedback))
        .route("/supervision/tasks/{id}/review", post(pages::review))
        .route(
            "/supervision/tasks/{id}/extensions",
            post(pages::request_extension),
        )
        .route(
            "/supervision/extensions/{id}/decision",
            post(pages::decide_extension),
        )
        .route("/supervision/tasks/{id}/press", post(pages::press))
        .route(
            "/supervision/tasks/{id}/progress",
            post(pages::report_progress),
        )
        .route(
            "/api/v1/supervision/tasks/{id}/progress",
            get(api::progress_reports).post(api::report_progress),
        )
        .route(
            "/api/v1/supervision/tasks",
            get(api::list).post(api::create),
        )
        .route("/api/v1/supervision/tasks/{id}", get(api::get_one))
        .route(
            "/api/v1/supervision/tasks/{id}/milestones",
            get(api::milestones),
        )
        .route(
            "/api/v1/supervision/tasks/{id}/feedback",
            post(api::feedback),
        )
        .route("/api/v1/supervision/tasks/{id}/review", post(api::review))
        .route("/api/v1/supervision/tasks/{id}/press", post(api::press))
        .route(
            "/api/v1/supervision/tasks/{id}/terminate",
            post(api::terminate),
        )
        .route("/supervision/tasks/{id}/terminate", post(pages::terminate))
        .route(
            "/api/v1/supervision/milestones/{id}/done",
            post(api::complete_milestone),
        )
        .route(
            "/supervision/milestones/{id}/done",
            post(pages::complete_milestone),
        )
        .route(
            "/api/v1/supervision/tasks/{id}/hand-over",
            post(api::hand_over),
        )
        .route("/supervision/tasks/{id}/hand-over", post(pages::hand_over))
        .route(
            "/api/v1/supervision/tasks/{id}/extensions",
            get(api::extensions).post(api::request_extension),
        )
        .route(
            "/api/v1/supervision/extensions/{id}/decision",
            post(api::decide_extension),
        )
}

pub fn nav() -> Vec<NavEntry> {
    vec![
        NavEntry {
            group: NavGroup::Supervision,
            label: "督办事项",
            href: "/supervision/tasks",
            permission: None,
        },
        NavEntry {
            group: NavGroup::Supervision,
            label: "督办考核",
            href: "/supervision/scores",
            permission: Some(Permission::FiguresView),
        },
        NavEntry {
            group: NavGroup::Supervision,
            label: "通知书与通报",
            href: "/supervision/issues",
            permission: None,
        },
        NavEntry {
            group: NavGroup::Supervision,
            label: "回头望",
            href: "/supervision/retrospect",
            permission: Some(Permission::FiguresView),
        },
    ]
}
