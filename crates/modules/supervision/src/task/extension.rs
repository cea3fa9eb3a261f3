//! 延期: the 责任人 asks for a later 完成时限 with a reason; the 督查 staff approve or refuse.
//! Until approved the old deadline stands, for reminders and for overdue counts alike.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Role},
    db::now_ms,
    notify,
    web::format::{date_cn, datetime_cn},
    workflow::engine,
};
use serde::{Deserialize, Serialize};

use super::{
    access,
    input::parse_day,
    model::{State, due_date},
    service::get_in,
};
use crate::sql;

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ExtensionInput {
    /// The new 完成时限, `2026-04-10`.
    pub due_on: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = ExtensionDecisionInput)]
pub struct DecisionInput {
    /// `approve` or `reject`.
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Extension {
    pub id: i64,
    pub task_id: i64,
    pub old_due_text: String,
    pub new_due_text: String,
    pub reason: String,
    /// `pending`, `approved` or `rejected`.
    pub state: String,
    pub state_label: &'static str,
    pub requested_by_name: String,
    pub requested_at_text: String,
    pub decided_by_name: Option<String>,
    pub note: String,
}

const COLUMNS: &str = "id, task_id, old_due_at, new_due_at, reason, state, requested_by_name, \
     requested_at, decided_by_name, note";

fn row(r: &sea_orm::QueryResult) -> AppResult<Extension> {
    let state: String = r.try_get("", "state")?;
    Ok(Extension {
        id: r.try_get("", "id")?,
        task_id: r.try_get("", "task_id")?,
        old_due_text: date_cn(due_date(r.try_get("", "old_due_at")?)),
        new_due_text: date_cn(due_date(r.try_get("", "new_due_at")?)),
        reason: r.try_get("", "reason")?,
        state_label: match state.as_str() {
            "approved" => "已同意",
            "rejected" => "未同意",
            _ => "待审批",
        },
        state,
        requested_by_name: r.try_get("", "requested_by_name")?,
        requested_at_text: datetime_cn(r.try_get("", "requested_at")?),
        decided_by_name: r.try_get("", "decided_by_name")?,
        note: r.try_get("", "note")?,
    })
}

/// The 责任人 asks for more time.
pub async fn request(
    db: &Db,
    actor: &Actor,
    task_id: i64,
    input: &ExtensionInput,
) -> AppResult<Extension> {
    access::require_read(db.conn(), actor, task_id).await?;
    let reason = sql::text("延期理由", &input.reason, 2_000, true)?;
    let new_due = parse_day("延期后的完成时限", &input.due_on)?;
    let tx = db.begin_write().await?;
    let task = get_in(&*tx, task_id).await?;
    if actor.user_id != Some(task.owner_id) {
        return Err(AppError::Forbidden);
    }
    if task.state != State::Handling {
        return Err(AppError::bad(format!(
            "该督办事项{}，不能申请延期",
            task.state_label
        )));
    }
    if new_due <= task.due_at {
        return Err(AppError::bad("延期后的完成时限应晚于现在的完成时限"));
    }
    if sql::one(
        &*tx,
        "SELECT id FROM sup_extensions WHERE task_id = $1 AND state = 'pending'",
        vec![task_id.into()],
    )
    .await?
    .is_some()
    {
        return Err(AppError::bad("已有一份延期申请在等待审批"));
    }
    let id = sql::insert(
        &*tx,
        "INSERT INTO sup_extensions (task_id, old_due_at, new_due_at, reason, state, \
         requested_by, requested_by_name, requested_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) RETURNING id",
        vec![
            task_id.into(),
            task.due_at.into(),
            new_due.into(),
            reason.clone().into(),
            actor.user_id.into(),
            actor.name.clone().into(),
            now_ms().into(),
        ],
    )
    .await?;
    let supervisors = sql::all(
        &*tx,
        "SELECT user_id FROM user_roles WHERE role = $1",
        vec![Role::Supervisor.code().into()],
    )
    .await?;
    for s in supervisors {
        notify::send(
            &*tx,
            s.try_get("", "user_id")?,
            &format!("延期申请：{}", task.title),
            &reason,
            Some(&format!("/supervision/tasks/{task_id}")),
        )
        .await?;
    }
    let ext = get(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.extension.request",
            "sup_extensions",
            id,
            format!("申请将「{}」的完成时限延至{}", task.title, ext.new_due_text),
        )
        .after(&ext),
    )
    .await?;
    tx.commit().await?;
    Ok(ext)
}

async fn get(conn: &impl sea_orm::ConnectionTrait, id: i64) -> AppResult<Extension> {
    let r = sql::one(
        conn,
        &format!("SELECT {COLUMNS} FROM sup_extensions WHERE id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("延期申请"))?;
    row(&r)
}

/// The 督查 staff approve (the new deadline applies from now) or refuse.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &DecisionInput,
) -> AppResult<Extension> {
    access::require_office(actor)?;
    let approve = match input.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::bad("请选择同意或不同意")),
    };
    let note = sql::text("审批意见", &input.note, 2_000, !approve)
        .map_err(|_| AppError::bad("不同意延期须写明理由（最多 2000 字）"))?;
    let tx = db.begin_write().await?;
    let before = get(&*tx, id).await?;
    if before.state != "pending" {
        return Err(AppError::bad("该延期申请已审批"));
    }
    let task = get_in(&*tx, before.task_id).await?;
    let r = sql::one(
        &*tx,
        "SELECT new_due_at FROM sup_extensions WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("延期申请"))?;
    let new_due: i64 = r.try_get("", "new_due_at")?;
    if approve {
        if !task.state.is_open() {
            return Err(AppError::bad(format!(
                "该督办事项{}，无需延期",
                task.state_label
            )));
        }
        sql::exec(
            &*tx,
            "UPDATE sup_tasks SET due_at = $1, updated_at = $2 WHERE id = $3",
            vec![new_due.into(), now_ms().into(), task.id.into()],
        )
        .await?;
        if let Some(inst) = task.instance_id {
            engine::set_due_in(&tx, inst, new_due).await?;
        }
    }
    sql::exec(
        &*tx,
        "UPDATE sup_extensions SET state = $1, decided_by_name = $2, decided_at = $3, note = $4 \
         WHERE id = $5",
        vec![
            if approve { "approved" } else { "rejected" }.into(),
            actor.name.clone().into(),
            now_ms().into(),
            note.clone().into(),
            id.into(),
        ],
    )
    .await?;
    let after = get(&*tx, id).await?;
    notify::send(
        &*tx,
        task.owner_id,
        &format!(
            "延期申请{}：{}",
            if approve { "已同意" } else { "未同意" },
            task.title
        ),
        &note,
        Some(&format!("/supervision/tasks/{}", task.id)),
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            if approve {
                "supervision.extension.approve"
            } else {
                "supervision.extension.reject"
            },
            "sup_extensions",
            id,
            format!(
                "{}「{}」延期至{}",
                if approve { "同意" } else { "不同意" },
                task.title,
                after.new_due_text
            ),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A task's 延期 requests, oldest first.
pub async fn of_task(db: &Db, actor: &Actor, task_id: i64) -> AppResult<Vec<Extension>> {
    access::require_read(db.conn(), actor, task_id).await?;
    sql::all(
        db.conn(),
        &format!("SELECT {COLUMNS} FROM sup_extensions WHERE task_id = $1 ORDER BY id"),
        vec![task_id.into()],
    )
    .await?
    .iter()
    .map(row)
    .collect()
}
