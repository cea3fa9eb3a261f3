//! How a business module plugs into the platform. The binary lists its modules; the platform
//! migrates their tables, registers their workflow definitions, figures and attachment rules,
//! mounts their pages and API, and links inbox items to their record pages. Modules never
//! reach into one another: they meet only through small traits here (e.g. [`TaskSink`]).

use std::{future::Future, pin::Pin, sync::Arc};

use axum::Router;
use sea_orm::DbErr;

use crate::{
    attach::AccessPolicy,
    db::Db,
    figures::FigureDef,
    handoff::TaskSink,
    web::state::{AppState, NavEntry},
    workflow::Definition,
};

pub type MigrateFn = fn(Db) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send>>;

/// Fills a brand-new demo installation with the module's sample records, after the demo
/// organisation exists.
pub type DemoFn = fn(Db) -> Pin<Box<dyn Future<Output = crate::AppResult<()>> + Send>>;

/// A scheduled job of a module: run once per schedule however many nodes serve, like the
/// platform's own; `[schedules]` in the configuration may retime it by name.
#[derive(Clone)]
pub struct ModuleJob {
    /// e.g. `supervision.milestones`
    pub name: &'static str,
    /// Cron, seconds first, used unless the configuration names another.
    pub schedule: &'static str,
    pub run: crate::jobs::JobFn,
}

/// Everything one module adds. Built once at start-up.
#[derive(Clone)]
pub struct Module {
    /// The key its records carry in shared tables (workflow, attachments, audit), e.g.
    /// `documents`.
    pub key: &'static str,
    /// What people call it, e.g. 办文; shown in the inbox's 类别 column and filter.
    pub label: &'static str,
    /// Runs the module's own migrations, tracked in a table of its own so modules can be
    /// added to an existing installation.
    pub migrate: MigrateFn,
    /// Pages and API routes.
    pub routes: fn() -> Router<AppState>,
    pub nav: Vec<NavEntry>,
    pub figures: Vec<FigureDef>,
    pub definitions: Vec<Definition>,
    pub attachments: Option<Arc<dyn AccessPolicy>>,
    /// The page of one of its records, given the record id the workflow knows it by.
    pub record_page: Option<fn(&str) -> String>,
    /// Set by the module that turns 批示 and decisions into 督办 tasks.
    pub task_sink: Option<Arc<dyn TaskSink>>,
    pub demo: Option<DemoFn>,
    /// Its API endpoints, described for `/api/v1/openapi.json`.
    pub openapi: Option<fn() -> utoipa::openapi::OpenApi>,
    pub jobs: Vec<ModuleJob>,
}

impl Module {
    /// A module with no routes, pages or rules yet; fill in what it has.
    pub fn new(key: &'static str, label: &'static str, migrate: MigrateFn) -> Self {
        Self {
            key,
            label,
            migrate,
            routes: Router::new,
            nav: Vec::new(),
            figures: Vec::new(),
            definitions: Vec::new(),
            attachments: None,
            record_page: None,
            task_sink: None,
            demo: None,
            openapi: None,
            jobs: Vec::new(),
        }
    }
}
