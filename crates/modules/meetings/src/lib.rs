//! 办会: meetings from arrangement to follow-through. 会议 of every type the office holds,
//! 会议室 booked without clashes, 议题 for the 三会 approved online (三重一大 to the 党委
//! first), 会议通知, 准备清单, 签到, 座签, 纪要 and its 决定事项 handed to 督办, and the
//! 会议计划 with the year's figures, and the office's 复盘 after a meeting.
//!
//! Records carry the workflow record id `<kind>:<id>` (e.g. `topic:3`).

mod access;
mod attachments;
pub mod attendance;
mod demo;
mod form;
pub mod meetings;
mod migrations;
pub mod minutes;
pub mod plans;
pub mod review;
pub mod rooms;
mod show;
mod sql;
mod time;
pub mod topics;

use axum::Router;
use sanban_platform::{Module, web::state::AppState};

/// The key of this module's records in the platform's shared tables.
pub const MODULE: &str = "meetings";

pub fn module() -> Module {
    let mut m = Module::new(MODULE, "办会", migrations::migrate);
    m.routes = routes;
    m.nav = [meetings::nav(), topics::nav(), rooms::nav(), plans::nav()].concat();
    m.figures = plans::figures::figures();
    m.definitions = topics::definitions();
    m.attachments = Some(std::sync::Arc::new(attachments::Policy));
    m.record_page = Some(access::record_page);
    m.openapi = Some(api_doc);
    m.demo = Some(demo::load);
    m
}

/// The module's endpoints in the platform's OpenAPI document.
fn api_doc() -> utoipa::openapi::OpenApi {
    #[derive(utoipa::OpenApi)]
    #[openapi(paths(
        meetings::api::list,
        meetings::api::create,
        meetings::api::get_one,
        meetings::api::update,
        rooms::api::list,
        rooms::api::create,
        rooms::api::week,
        rooms::api::book,
        topics::api::list,
        topics::api::submit,
        topics::api::get_one,
        topics::api::add_to_agenda,
        minutes::api::list,
        minutes::api::add,
        minutes::api::hand_off,
        attendance::api::check_in,
        plans::api::report,
        review::api::get_one,
        review::api::save,
    ))]
    struct Doc;
    <Doc as utoipa::OpenApi>::openapi()
}

fn routes() -> Router<AppState> {
    Router::new()
        .merge(meetings::routes())
        .merge(rooms::routes())
        .merge(topics::routes())
        .merge(minutes::routes())
        .merge(attendance::routes())
        .merge(plans::routes())
        .merge(review::routes())
}
