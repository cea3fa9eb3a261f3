//! 收文: registration by the 收发员, 初审, 拟办, 批办, 承办, 办结, 传阅, 处理笺, 密件.

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
pub mod access;
pub mod distributed;
