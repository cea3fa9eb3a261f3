//! 办文: the office's paper flow. 收文 (incoming: registration, 初审, 拟办, 批办, 承办, 办结),
//! 发文 (outgoing: 拟稿 on the 发文稿纸 with the 规范 checker, 核稿, 会签, 签发, 编号, 用印,
//! 印发, 分发), 传阅, 刊物 and the 电话记录 / 传真 log.
//!
//! Records carry the workflow record id `<kind>:<id>` (e.g. `incoming:12`), so one module key
//! covers all of them in the shared tables and the record page is found from the prefix.

mod access;
mod demo;
mod downloads;
pub mod incoming;
mod migrations;
pub mod outgoing;
pub mod periodicals;
pub mod phone;

use std::sync::Arc;

use axum::Router;
use sanban_platform::{Module, web::state::AppState};

/// The key of this module's records in the platform's shared tables.
pub const MODULE: &str = "documents";

/// The 办文 module for an ordinary (non-classified) deployment.
pub fn module() -> Module {
    module_for(false)
}

/// The 办文 module, as the binary registers it for its deployment: on a classified network
/// (`classified_network`) paper 密件 may carry their files.
pub fn module_for(classified_network: bool) -> Module {
    let mut m = Module::new(MODULE, "办文", migrations::migrate);
    m.routes = routes;
    m.nav = [
        incoming::nav(),
        outgoing::nav(),
        periodicals::nav(),
        phone::nav(),
    ]
    .concat();
    m.figures = [
        incoming::figures(),
        outgoing::figures(),
        periodicals::figures(),
        phone::figures(),
        downloads::figures(),
    ]
    .concat();
    m.definitions = [incoming::definitions(), outgoing::definitions()].concat();
    m.attachments = Some(Arc::new(access::Policy { classified_network }));
    m.record_page = Some(access::record_page);
    m.openapi = Some(api_doc);
    m.demo = Some(demo::load);
    m
}

/// The module's endpoints in the platform's OpenAPI document.
fn api_doc() -> utoipa::openapi::OpenApi {
    #[derive(utoipa::OpenApi)]
    #[openapi(paths(
        incoming::api::register,
        incoming::api::get_one,
        outgoing::api::create_draft,
        outgoing::api::get_state,
        outgoing::api::list,
        periodicals::api::titles,
        periodicals::api::list,
        periodicals::api::get_one,
        phone::api::list,
        phone::api::create,
        phone::api::get_one,
    ))]
    struct Doc;
    <Doc as utoipa::OpenApi>::openapi()
}

fn routes() -> Router<AppState> {
    Router::new()
        .merge(incoming::routes())
        .merge(outgoing::routes())
        .merge(periodicals::routes())
        .merge(phone::routes())
        .merge(downloads::routes())
}
