//! Who runs the meetings: the office's own staff, the people who hold the office's part of
//! 办文 (文秘, 办公室主任). Everyone else sees only the meetings they attend or chair.

use sanban_platform::{
    AppResult,
    auth::{Actor, Permission},
};

/// The permission that marks the office's staff.
pub const OFFICE: Permission = Permission::DocumentsOffice;

pub fn is_office(actor: &Actor) -> bool {
    actor.can(OFFICE)
}

/// Sees every meeting, without arranging any: the office, and those who oversee all records
/// in circulation (督查专员 follow the decisions up).
pub fn sees_all(actor: &Actor) -> bool {
    is_office(actor) || actor.can(Permission::WorkflowOversee)
}

pub fn require_office(actor: &Actor) -> AppResult<()> {
    actor.require(OFFICE)
}

/// The page of a workflow record, e.g. `topic:3` → `/meetings/topics/3`.
pub fn record_page(record_id: &str) -> String {
    match record_id.split_once(':') {
        Some(("topic", id)) => format!("/meetings/topics/{id}"),
        Some(("meeting", id)) => format!("/meetings/{id}"),
        _ => "/meetings".to_string(),
    }
}
