//! Who sees a 督办事项: the 督查 staff (who oversee every record in circulation), its 责任人,
//! its 分管领导 and the leader in charge of its department, and the people of its 主办 and 配合
//! departments. Nobody else learns that it exists.

use sanban_platform::{
    AppError, AppResult, Db,
    attach::AccessPolicy,
    auth::{Actor, Permission},
};
use sea_orm::{ConnectionTrait, Value};

use crate::sql;

/// Whether `actor` runs the 督查督办 desk: registers tasks, reviews feedback, issues 通知书.
pub fn is_office(actor: &Actor) -> bool {
    actor.can(Permission::WorkflowOversee)
}

pub fn require_office(actor: &Actor) -> AppResult<()> {
    actor.require(Permission::WorkflowOversee)
}

/// An SQL condition on `sup_tasks t` that holds for the tasks `actor` may see, with its
/// values appended to `vals`.
pub fn visible(actor: &Actor, vals: &mut Vec<Value>) -> String {
    if is_office(actor) {
        return "1 = 1".into();
    }
    let Some(me) = actor.user_id else {
        return "1 = 0".into();
    };
    vals.push(me.into());
    let n = vals.len();
    let mut c = format!(
        "(t.owner_id = ${n} OR t.leader_id = ${n} OR t.department_id IN \
         (SELECT department_id FROM leader_departments WHERE leader_id = ${n})"
    );
    if let Some(d) = actor.department_id {
        vals.push(d.into());
        let n = vals.len();
        c.push_str(&format!(
            " OR t.department_id = ${n} OR EXISTS (SELECT 1 FROM sup_task_departments p \
             WHERE p.task_id = t.id AND p.department_id = ${n})"
        ));
    }
    c.push(')');
    c
}

/// `Ok(())` when `actor` may see task `id`; `NotFound` when there is no such task.
pub async fn require_read(conn: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<()> {
    let mut vals = vec![id.into()];
    let cond = visible(actor, &mut vals);
    let row = sql::one(
        conn,
        &format!(
            "SELECT t.id, CASE WHEN {cond} THEN 1 ELSE 0 END AS ok FROM sup_tasks t WHERE t.id = $1"
        ),
        vals,
    )
    .await?
    .ok_or_else(|| AppError::not_found("督办事项"))?;
    if row.try_get::<i32>("", "ok")? == 1 {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The workflow record id of a task: `task:12`.
pub fn record_id(id: i64) -> String {
    format!("task:{id}")
}

pub fn record_page(record_id: &str) -> String {
    match parse_record(record_id) {
        Some(id) => format!("/supervision/tasks/{id}"),
        None => "/supervision/tasks".into(),
    }
}

pub fn parse_record(record_id: &str) -> Option<i64> {
    record_id.strip_prefix("task:")?.parse().ok()
}

/// 印证资料 are read by whoever sees the task and added, while it is being handled, by the
/// person who files the feedback (and by the 督查 staff).
pub struct Policy;

#[async_trait::async_trait]
impl AccessPolicy for Policy {
    async fn can_read(&self, db: &Db, actor: &Actor, _m: &str, record_id: &str) -> AppResult<bool> {
        let id = parse_record(record_id).ok_or_else(|| AppError::not_found("督办事项"))?;
        match require_read(db.conn(), actor, id).await {
            Ok(()) => Ok(true),
            Err(AppError::Forbidden) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn can_write(
        &self,
        db: &Db,
        actor: &Actor,
        _m: &str,
        record_id: &str,
    ) -> AppResult<bool> {
        let id = parse_record(record_id).ok_or_else(|| AppError::not_found("督办事项"))?;
        // Whoever holds the 落实反馈 step now: the 责任人, or the person it was passed to.
        let row = sql::one(
            db.conn(),
            "SELECT t.state, EXISTS (SELECT 1 FROM workflow_tasks w WHERE w.instance_id = \
             t.instance_id AND w.step_index = 0 AND w.status = 'pending' AND w.assignee_id = $2) \
             AS holds FROM sup_tasks t WHERE t.id = $1",
            vec![id.into(), actor.user_id.unwrap_or_default().into()],
        )
        .await?
        .ok_or_else(|| AppError::not_found("督办事项"))?;
        let state: String = row.try_get("", "state")?;
        let holds: bool = row.try_get("", "holds")?;
        Ok(state == "handling" && (holds || is_office(actor)))
    }
}
