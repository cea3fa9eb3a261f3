//! 发文: 拟稿 with the 规范 checker, 核稿, 会签, 审核, 签发, 复核, 编号, 用印, 印发, 分发, 归档.

pub mod access;
pub mod api;
pub mod draft;
pub mod entity;
mod figures;
pub mod flow;
mod form;
pub mod list;
pub mod output;
mod pages;
pub mod service;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::{
    auth::Permission,
    figures::FigureDef,
    web::state::{AppState, NavEntry, NavGroup},
    workflow::Definition,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/documents/outgoing",
            get(pages::list_page).post(pages::create),
        )
        .route("/documents/outgoing/new", get(pages::new_page))
        .route("/documents/outgoing/export.xlsx", get(pages::export))
        .route(
            "/documents/outgoing/{id}",
            get(pages::record_page).post(pages::save),
        )
        .route("/documents/outgoing/{id}/edit", get(pages::edit_page))
        .route("/documents/outgoing/{id}/submit", post(pages::submit))
        .route("/documents/outgoing/{id}/sign", post(pages::sign))
        .route(
            "/documents/outgoing/{id}/override",
            post(pages::override_findings),
        )
        .route("/documents/outgoing/{id}/number", post(pages::number))
        .route(
            "/documents/outgoing/{id}/distribute",
            post(pages::distribute),
        )
        .route("/documents/outgoing/{id}/docx", post(pages::upload_docx))
        .route(
            "/documents/outgoing/{id}/versions",
            get(pages::versions_page),
        )
        .route(
            "/documents/outgoing/{id}/draft-sheet",
            get(output::sheet_page),
        )
        .route(
            "/documents/outgoing/{id}/draft-sheet.pdf",
            get(output::sheet_pdf),
        )
        .route("/documents/outgoing/{id}/document.docx", get(output::docx))
        .route("/documents/outgoing/{id}/document.pdf", get(output::pdf))
        .route(
            "/documents/series",
            get(pages::series_page).post(pages::series_create),
        )
        .route(
            "/api/v1/documents/outgoing",
            get(api::list).post(api::create_draft),
        )
        .route("/api/v1/documents/outgoing/{id}", get(api::get_state))
}

pub fn nav() -> Vec<NavEntry> {
    vec![
        NavEntry {
            group: NavGroup::Documents,
            label: "拟稿",
            href: "/documents/outgoing/new",
            permission: None,
        },
        NavEntry {
            group: NavGroup::Documents,
            label: "发文",
            href: "/documents/outgoing",
            permission: None,
        },
        NavEntry {
            group: NavGroup::Documents,
            label: "代字",
            href: "/documents/series",
            permission: Some(Permission::DocumentsOffice),
        },
    ]
}

pub fn figures() -> Vec<FigureDef> {
    figures::figures()
}

pub fn definitions() -> Vec<Definition> {
    vec![flow::definition()]
}
