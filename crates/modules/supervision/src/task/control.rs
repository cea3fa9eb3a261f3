//! What may happen to a running task besides the 闭环 itself: 催办 by the office, 转办 by the
//! holder of the 落实反馈 step, and 终止 when the task no longer needs doing.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    workflow::{Action, act_in, engine, remind},
};
use serde::Deserialize;

use super::{
    access, flow,
    handling::{my_step, set_state},
    model::{State, Task},
    service::get_in,
};
use crate::sql;

/// Manual 催办 of the task's 责任人 (or reviewers) by the 督查 staff.
pub async fn press(db: &Db, actor: &Actor, id: i64, message: &str) -> AppResult<usize> {
    access::require_office(actor)?;
    let task = get_in(db.conn(), id).await?;
    let inst = task
        .instance_id
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("task without workflow")))?;
    remind::press(db, actor, inst, message).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TerminateInput {
    /// Why the task no longer needs doing (e.g. superseded by a later decision).
    pub reason: String,
}

/// The 督查 staff end a task that no longer needs doing; its workflow ends with it.
pub async fn terminate(db: &Db, actor: &Actor, id: i64, input: &TerminateInput) -> AppResult<Task> {
    access::require_office(actor)?;
    let reason = crate::sql::text("终止理由", &input.reason, 2_000, true)?;
    let tx = db.begin_write().await?;
    let task = get_in(&*tx, id).await?;
    if !task.state.is_open() {
        return Err(AppError::bad(format!(
            "该督办事项{}，不能终止",
            task.state_label
        )));
    }
    if let Some(inst) = task.instance_id {
        engine::terminate_in(&tx, actor, inst, &reason).await?;
    }
    set_state(&tx, id, State::Terminated, None).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.task.terminate",
            "sup_tasks",
            id,
            format!("终止督办「{}」：{reason}", task.title),
        ),
    )
    .await?;
    let after = get_in(&*tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct HandOverInput {
    /// The colleague who carries the task on and reports.
    pub to_user: i64,
    #[serde(default)]
    pub note: String,
}

/// 转办: whoever holds the 落实反馈 step passes it to a colleague, who then reports; the
/// 责任人 on record stays the same.
pub async fn hand_over(db: &Db, actor: &Actor, id: i64, input: &HandOverInput) -> AppResult<Task> {
    access::require_read(db.conn(), actor, id).await?;
    let note = crate::sql::text("转办说明", &input.note, 1_000, false)?;
    let tx = db.begin_write().await?;
    let task = get_in(&*tx, id).await?;
    if task.state != State::Handling {
        return Err(AppError::bad(format!(
            "该督办事项{}，不能转办",
            task.state_label
        )));
    }
    let step = my_step(&tx, actor, &task, flow::FEEDBACK_STEP).await?;
    if step.assignee_id == input.to_user {
        return Err(AppError::bad("不能转办给本人"));
    }
    let to = sql::one(
        &*tx,
        "SELECT name FROM users WHERE id = $1 AND active = TRUE AND password_hash IS NOT NULL",
        vec![input.to_user.into()],
    )
    .await?
    .ok_or_else(|| AppError::bad("转办对象不存在或没有登录账户"))?;
    let to_name: String = to.try_get("", "name")?;
    act_in(
        &tx,
        actor,
        step.id,
        step.version,
        Action::Transfer {
            to_user: input.to_user,
            note: note.clone(),
        },
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.task.hand_over",
            "sup_tasks",
            id,
            format!("将「{}」转由{to_name}办理", task.title),
        ),
    )
    .await?;
    let after = get_in(&*tx, id).await?;
    tx.commit().await?;
    Ok(after)
}
