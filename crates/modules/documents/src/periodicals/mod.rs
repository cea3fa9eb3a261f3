//! 刊物: internal periodicals with 期号 per year, articles, review, issue, distribution.

pub mod access;
pub(crate) mod api;
pub mod issues;
pub mod model;
mod pages;
pub mod pdf;
pub mod review;
pub(crate) mod sql;
pub mod titles;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::{
    figures::{FigureDef, Source},
    web::state::{AppState, NavEntry, NavGroup},
    workflow::Definition,
};

pub fn routes() -> Router<AppState> {
    const I: &str = "/documents/periodicals/issues/{id}";
    Router::new()
        .route("/documents/periodicals", get(pages::index))
        .route("/documents/periodicals/titles", post(pages::create_title))
        .route("/documents/periodicals/issues", post(pages::create_issue))
        .route(I, get(pages::view))
        .route(&format!("{I}/edit"), get(pages::edit))
        .route(&format!("{I}/head"), post(pages::save_head))
        .route(&format!("{I}/articles"), post(pages::add_article))
        .route(
            &format!("{I}/articles/{{aid}}"),
            post(pages::update_article),
        )
        .route(
            &format!("{I}/articles/{{aid}}/delete"),
            post(pages::delete_article),
        )
        .route(&format!("{I}/pdf"), get(pages::pdf))
        .route(&format!("{I}/do/{{action}}"), post(pages::step))
        .route("/api/v1/documents/periodicals", get(api::titles))
        .route("/api/v1/documents/periodicals/issues", get(api::list))
        .route(
            "/api/v1/documents/periodicals/issues/{id}",
            get(api::get_one),
        )
}

pub fn nav() -> Vec<NavEntry> {
    // Readers outside the office reach their issues from the notice and from this list.
    vec![NavEntry {
        group: NavGroup::Documents,
        label: "刊物",
        href: "/documents/periodicals",
        permission: None,
    }]
}

pub fn figures() -> Vec<FigureDef> {
    vec![FigureDef {
        key: "documents.periodical.issues",
        group: "办文",
        name: "刊物",
        unit: "期",
        how: "按印发日期统计已印发的期数，作废和未印发的不计",
        source: Source {
            from: "doc_periodical_issues i JOIN doc_periodicals p ON p.id = i.periodical_id",
            at: "i.issued_at",
            filter: Some("i.status = 'issued'"),
            id: "i.id",
            title: "p.name || ' ' || i.year || '年第' || i.number || '期'",
            link: "/documents/periodicals/issues/{id}",
        },
        average: None,
        sum: None,
    }]
}

pub fn definitions() -> Vec<Definition> {
    Vec::new()
}
