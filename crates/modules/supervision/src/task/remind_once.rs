//! One automatic reminder sent at most once: its claim row goes in first, and only whoever
//! inserts it (one node, one run) sends the notice and writes the audit row.

use sanban_platform::{
    AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    notify,
};
use sea_orm::Value;

use crate::sql;

pub(crate) struct Reminder {
    pub to: i64,
    pub task_id: i64,
    pub head: String,
    pub body: String,
    /// The audit action, entity and id, e.g. `supervision.milestone.remind` on a 节点.
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: i64,
}

/// Runs `claim` (an `INSERT … WHERE NOT EXISTS` keyed by what the reminder is for) and, when it
/// inserted a row, sends `r` in the same transaction. True when it was sent.
pub(crate) async fn send(
    db: &Db,
    system: &Actor,
    claim: &str,
    values: Vec<Value>,
    r: Reminder,
) -> AppResult<bool> {
    let tx = db.begin_write().await?;
    if sql::exec(&*tx, claim, values).await? == 0 {
        return Ok(false);
    }
    notify::send(
        &*tx,
        r.to,
        &r.head,
        &r.body,
        Some(&format!("/supervision/tasks/{}", r.task_id)),
    )
    .await?;
    audit::record(
        &tx,
        system,
        Change::new(r.action, r.entity, r.entity_id, r.head.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
