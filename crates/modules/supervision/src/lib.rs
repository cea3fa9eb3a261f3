//! 督查督办: following through on what leaders and meetings decide. 督办事项 from every
//! source (会议决定事项, 领导批示件, 交办, 上级督查, 年度重点工作任务 split 分层分级, 建议提案,
//! 市民热线), the 责任人's 落实情况反馈 with 印证资料, review and 销号 by the office (闭环),
//! automatic and manual 催办, 延期, 督办通知书, 月度督办通报 and 督办周报, the departments' 考核
//! and the year-end 回头望.
//!
//! Tasks carry the workflow record id `task:<id>` under the module key `supervision`.

mod demo;
mod figures;
pub mod issue;
mod migrations;
pub mod retrospect;
pub mod score;
mod sql;
pub mod task;

use std::sync::Arc;

use axum::Router;
use sanban_platform::{Module, web::state::AppState};

/// The key of this module's records in the platform's shared tables.
pub const MODULE: &str = "supervision";

pub fn module() -> Module {
    let mut m = Module::new(MODULE, "督查督办", migrations::migrate);
    m.routes = routes;
    m.nav = task::nav();
    m.figures = figures::figures();
    m.definitions = vec![task::flow::definition()];
    m.attachments = Some(Arc::new(task::access::Policy));
    m.record_page = Some(task::access::record_page);
    m.task_sink = Some(Arc::new(task::sink::Sink));
    m.openapi = Some(api_doc);
    m.demo = Some(demo::load);
    m.jobs = vec![task::milestone_remind::job()];
    m
}

fn api_doc() -> utoipa::openapi::OpenApi {
    #[derive(utoipa::OpenApi)]
    #[openapi(paths(
        task::api::list,
        task::api::create,
        task::api::get_one,
        task::api::milestones,
        task::api::complete_milestone,
        task::api::report_progress,
        task::api::progress_reports,
        task::api::feedback,
        task::api::review,
        task::api::press,
        task::api::terminate,
        task::api::hand_over,
        task::api::request_extension,
        task::api::extensions,
        task::api::decide_extension,
        issue::api::list,
        issue::api::get_one,
        issue::api::draft_notice,
        issue::api::draft_bulletin,
        issue::api::month,
        issue::api::draft_weekly,
        issue::api::week,
        issue::api::edit,
        issue::api::issue,
        issue::api::pdf,
        score::api::scores,
        score::api::set_weights,
        score::api::final_scores,
        score::api::finalise,
        retrospect::api::year,
        retrospect::api::remark,
    ))]
    struct Doc;
    <Doc as utoipa::OpenApi>::openapi()
}

fn routes() -> Router<AppState> {
    Router::new()
        .merge(task::routes())
        .merge(issue::routes())
        .merge(score::routes())
        .merge(retrospect::routes())
}
