//! 刊物: internal periodicals with 期号 per year, articles, review, issue, distribution.

pub mod access;
pub(crate) mod sql;

use axum::Router;
use sanban_platform::{
    figures::FigureDef,
    web::state::{AppState, NavEntry},
    workflow::Definition,
};

pub fn routes() -> Router<AppState> {
    Router::new()
}

pub fn nav() -> Vec<NavEntry> {
    Vec::new()
}

pub fn figures() -> Vec<FigureDef> {
    Vec::new()
}

pub fn definitions() -> Vec<Definition> {
    Vec::new()
}
