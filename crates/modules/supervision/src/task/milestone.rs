//! 节点 of a long task: each with its own date, marked done as the work reaches it, so the
//! office sees progress before the final 完成时限.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    web::format::{date_cn, datetime_cn},
};
use serde::Serialize;

use super::{access, model::due_date, service::get_in};
use crate::sql;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Milestone {
    pub id: i64,
    pub task_id: i64,
    pub title: String,
    pub due_at: i64,
    pub due_text: String,
    /// When it was marked done, `2026年3月1日 10:00`; empty while open.
    pub done_text: String,
    pub done: bool,
    /// Past its date and not done.
    pub late: bool,
}

fn row(r: &sea_orm::QueryResult, now: i64) -> AppResult<Milestone> {
    let due_at: i64 = r.try_get("", "due_at")?;
    let done_at: Option<i64> = r.try_get("", "done_at")?;
    Ok(Milestone {
        id: r.try_get("", "id")?,
        task_id: r.try_get("", "task_id")?,
        title: r.try_get("", "title")?,
        due_at,
        due_text: date_cn(due_date(due_at)),
        done_text: done_at.map(datetime_cn).unwrap_or_default(),
        done: done_at.is_some(),
        late: done_at.is_none() && now >= due_at + super::model::DAY_MS,
    })
}

const COLUMNS: &str = "id, task_id, title, due_at, done_at";

/// The task's milestones in date order, for someone who may see it.
pub async fn of_task(db: &Db, actor: &Actor, id: i64) -> AppResult<Vec<Milestone>> {
    access::require_read(db.conn(), actor, id).await?;
    let now = now_ms();
    sql::all(
        db.conn(),
        &format!("SELECT {COLUMNS} FROM sup_milestones WHERE task_id = $1 ORDER BY due_at, id"),
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| row(r, now))
    .collect()
}

/// The 责任人 (or the office) marks a milestone reached.
pub async fn complete(db: &Db, actor: &Actor, id: i64) -> AppResult<Milestone> {
    let tx = db.begin_write().await?;
    let r = sql::one(
        &*tx,
        &format!("SELECT {COLUMNS} FROM sup_milestones WHERE id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("节点"))?;
    let before = row(&r, now_ms())?;
    access::require_read(&*tx, actor, before.task_id).await?;
    let task = get_in(&*tx, before.task_id).await?;
    if actor.user_id != Some(task.owner_id) && !access::is_office(actor) {
        return Err(AppError::Forbidden);
    }
    if !task.state.is_open() {
        return Err(AppError::bad(format!("该督办事项{}", task.state_label)));
    }
    if before.done {
        return Err(AppError::bad("该节点已完成"));
    }
    sql::exec(
        &*tx,
        "UPDATE sup_milestones SET done_at = $1 WHERE id = $2",
        vec![now_ms().into(), id.into()],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.milestone.done",
            "sup_tasks",
            task.id,
            format!("「{}」的节点「{}」已完成", task.title, before.title),
        ),
    )
    .await?;
    let r = sql::one(
        &*tx,
        &format!("SELECT {COLUMNS} FROM sup_milestones WHERE id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("节点"))?;
    let after = row(&r, now_ms())?;
    tx.commit().await?;
    Ok(after)
}
