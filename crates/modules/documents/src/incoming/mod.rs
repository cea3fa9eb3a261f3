//! 收文: registration by the 收发员, 初审, 拟办, 批办, 协办, 承办, 办结, 传阅, 处理笺, 密件.

pub mod access;
pub(crate) mod api;
pub mod distributed;
mod figures;
mod list;
pub mod model;
mod pages;
pub mod service;
pub mod sheet;
mod store;

use axum::{
    Router,
    routing::{get, post},
};
use sanban_platform::{
    auth::Permission,
    figures::FigureDef,
    web::state::{AppState, NavEntry, NavGroup},
    workflow::{AssigneeRule, Condition, Definition, SignMode, Starter, StepDef},
};

pub const DEFINITION: &str = "documents.incoming";
pub const STEP_CHECK: &str = "初审";
pub const STEP_PROPOSE: &str = "拟办";
pub const STEP_INSTRUCT: &str = "批办";
pub const STEP_ASSIST: &str = "协办";
pub const STEP_HANDLE: &str = "承办";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/documents/incoming", get(list::page))
        .route("/documents/incoming/register.xlsx", get(list::export))
        .route(
            "/documents/incoming/new",
            get(pages::new_page).post(pages::create),
        )
        .route("/documents/incoming/{id}", get(pages::show))
        .route("/documents/incoming/{id}/propose", post(pages::propose))
        .route("/documents/incoming/{id}/finish", post(pages::finish))
        .route("/documents/incoming/{id}/reject", post(pages::reject))
        .route("/documents/incoming/{id}/handoff", post(pages::handoff))
        .route("/documents/incoming/{id}/sheet", get(sheet::page))
        .route("/documents/incoming/{id}/sheet.pdf", get(sheet::pdf))
        .route("/api/v1/documents/incoming", post(api::register))
        .route("/api/v1/documents/incoming/{id}", get(api::get_one))
}

pub fn nav() -> Vec<NavEntry> {
    vec![
        NavEntry {
            group: NavGroup::Documents,
            label: "收文登记",
            href: "/documents/incoming/new",
            permission: Some(Permission::DocumentsRegister),
        },
        NavEntry {
            group: NavGroup::Documents,
            label: "收文",
            href: "/documents/incoming",
            permission: None,
        },
    ]
}

pub fn figures() -> Vec<FigureDef> {
    figures::all()
}

fn field(name: &str) -> AssigneeRule {
    AssigneeRule::Field { name: name.into() }
}

fn present(name: &str) -> Option<Condition> {
    Some(Condition::Present { field: name.into() })
}

/// The 收文 steps of GONGWEN.md §1.6. Who acts is decided on the record: the office at
/// registration, the leaders and departments at 拟办.
pub fn definition() -> Definition {
    let step = |name: &str, assignee, mode, when| StepDef {
        name: name.into(),
        assignee,
        mode,
        when,
        due_days: None,
    };
    Definition {
        key: DEFINITION.into(),
        // Version 2 names the start 登记; records registered on version 1 keep it.
        version: 2,
        name: "收文办理".into(),
        reminders: Default::default(),
        module_steps: vec![STEP_PROPOSE.into(), STEP_HANDLE.into()],
        module_only: false,
        starter: Some(Starter {
            step: "登记".into(),
            person: "登记人".into(),
        }),
        steps: vec![
            step(STEP_CHECK, field("office"), SignMode::Any, None),
            step(STEP_PROPOSE, field("office"), SignMode::Any, None),
            step(
                STEP_INSTRUCT,
                field("instruct_leaders"),
                SignMode::All,
                present("instruct_leaders"),
            ),
            step(
                STEP_ASSIST,
                field("co_heads"),
                SignMode::All,
                present("co_heads"),
            ),
            step(STEP_HANDLE, field("host_heads"), SignMode::Any, None),
        ],
    }
}

pub fn definitions() -> Vec<Definition> {
    vec![definition()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_definition_is_valid() {
        assert!(super::definition().validate().is_ok());
    }
}
