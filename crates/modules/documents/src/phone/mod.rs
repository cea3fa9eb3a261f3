//! 电话记录 and 传真 log.

pub(crate) mod api;
mod pages;
pub mod service;

use axum::{Router, routing::get};
use sanban_platform::{
    auth::Permission,
    figures::{FigureDef, Source},
    web::state::{AppState, NavEntry, NavGroup},
    workflow::Definition,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/documents/phone", get(pages::list).post(pages::create))
        .route("/documents/phone/export.xlsx", get(pages::export))
        .route(
            "/documents/phone/{id}",
            get(pages::edit).post(pages::update),
        )
        .route("/api/v1/documents/phone", get(api::list).post(api::create))
        .route("/api/v1/documents/phone/{id}", get(api::get_one))
}

pub fn nav() -> Vec<NavEntry> {
    vec![NavEntry {
        group: NavGroup::Documents,
        label: "电话记录",
        href: "/documents/phone",
        permission: Some(Permission::DocumentsOffice),
    }]
}

fn figure(key: &'static str, name: &'static str, filter: &'static str) -> FigureDef {
    FigureDef {
        key,
        group: "办文",
        name,
        unit: "件",
        how: "按来电（来文）时间统计，每条记录计一件",
        source: Source {
            from: "doc_phone_logs",
            at: "at",
            filter: Some(filter),
            id: "id",
            title: "content",
            link: "/documents/phone/{id}",
        },
        average: None,
        sum: None,
    }
}

pub fn figures() -> Vec<FigureDef> {
    vec![
        figure("documents.phone", "电话记录", "kind = 'phone'"),
        figure("documents.fax", "传真", "kind = 'fax'"),
    ]
}

pub fn definitions() -> Vec<Definition> {
    Vec::new()
}
