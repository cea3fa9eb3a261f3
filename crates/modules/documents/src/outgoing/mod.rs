//! 发文: 拟稿 with the 规范 checker, 核稿, 会签, 审核, 签发, 复核, 编号, 用印, 印发, 分发, 归档.

pub mod access;
pub mod draft;
pub mod entity;
pub mod flow;
pub mod service;

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
    vec![flow::definition()]
}
