//! 进展报告: while a long task runs, its 责任人 (or whoever holds the 落实反馈 step, or the
//! office) reports how far the work has come. A report leaves the task's state alone; only the
//! 落实情况反馈 leads to 销号.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    web::format::date_cn,
};
use serde::{Deserialize, Serialize};

use super::{
    access, flow,
    handling::my_step,
    model::{Task, due_date},
    service::get_in,
};
use crate::sql;

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ProgressInput {
    /// 进展情况: what has been done since the last report.
    #[serde(default)]
    pub text: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ProgressReport {
    pub id: i64,
    pub task_id: i64,
    pub text: String,
    pub by_name: String,
    pub at: i64,
    /// 2026年5月8日
    pub at_text: String,
}

fn row(r: &sea_orm::QueryResult) -> AppResult<ProgressReport> {
    let at: i64 = r.try_get("", "at")?;
    Ok(ProgressReport {
        id: r.try_get("", "id")?,
        task_id: r.try_get("", "task_id")?,
        text: r.try_get("", "text")?,
        by_name: r.try_get("", "by_name")?,
        at,
        at_text: date_cn(due_date(at)),
    })
}

const COLUMNS: &str = "id, task_id, text, by_name, at";

/// The task's reports, newest first, for someone who may see it.
pub async fn of_task(db: &Db, actor: &Actor, id: i64) -> AppResult<Vec<ProgressReport>> {
    access::require_read(db.conn(), actor, id).await?;
    sql::all(
        db.conn(),
        &format!(
            "SELECT {COLUMNS} FROM sup_progress_reports WHERE task_id = $1 ORDER BY at DESC, id DESC"
        ),
        vec![id.into()],
    )
    .await?
    .iter()
    .map(row)
    .collect()
}

/// Whether `actor` may report on `task`: its 责任人, the holder of its 落实反馈 step (after a
/// 转办, or as 代理), or the office.
pub(super) async fn may_report(
    tx: &sanban_platform::db::WriteTx,
    actor: &Actor,
    task: &Task,
) -> AppResult<bool> {
    if access::is_office(actor) || actor.user_id == Some(task.owner_id) {
        return Ok(true);
    }
    match my_step(tx, actor, task, flow::FEEDBACK_STEP).await {
        Ok(_) => Ok(true),
        Err(AppError::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Files a 进展报告 on a running task.
pub async fn file(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &ProgressInput,
) -> AppResult<ProgressReport> {
    // Who may do this is settled before anything they sent is looked at.
    access::require_read(db.conn(), actor, id).await?;
    let tx = db.begin_write().await?;
    let task = get_in(&*tx, id).await?;
    if !may_report(&tx, actor, &task).await? {
        return Err(AppError::Forbidden);
    }
    if !task.state.is_open() {
        return Err(AppError::bad(format!(
            "该督办事项{}，不能再报送进展",
            task.state.label()
        )));
    }
    let text = sql::text("进展情况", &input.text, 10_000, true)?;
    let report_id = sql::insert(
        &*tx,
        "INSERT INTO sup_progress_reports (task_id, text, by_id, by_name, at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        vec![
            id.into(),
            text.into(),
            actor.user_id.into(),
            actor.name.clone().into(),
            now_ms().into(),
        ],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.progress.report",
            "sup_tasks",
            id,
            format!("报送「{}」的进展情况", task.title),
        ),
    )
    .await?;
    let r = sql::one(
        &*tx,
        &format!("SELECT {COLUMNS} FROM sup_progress_reports WHERE id = $1"),
        vec![report_id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("进展报告"))?;
    let report = row(&r)?;
    tx.commit().await?;
    Ok(report)
}
