//! The 闭环: the 责任人 files a 落实情况反馈 with 印证资料, the 督查 staff check it and
//! 销号 or 退回 with a reason. Each is a step of the task's workflow taken in the same
//! transaction as the module's own record of it.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::{WriteTx, now_ms},
    entity::workflow_task as wtask,
    notify,
    org::delegation,
    web::format::today,
    workflow::{Action, act_in, engine::task_status},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::{
    access::{self, record_id},
    flow,
    model::{State, Task},
    service::get_in,
};
use crate::{MODULE, sql};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct FeedbackInput {
    /// 落实情况: what was done, with the 印证资料 already uploaded to the task.
    pub text: String,
}

/// 销号 or 退回.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ReviewInput {
    /// `close` (销号) or `return` (退回).
    pub decision: String,
    /// The reason of a 退回; an optional note on a 销号.
    #[serde(default)]
    pub reason: String,
}

/// One 落实情况反馈 and what became of it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Feedback {
    pub id: i64,
    pub text: String,
    /// 印证资料 attached when it was filed.
    pub evidence_count: i32,
    pub by_name: String,
    pub at_text: String,
    /// `closed`, `returned`, or none while it waits for review.
    pub outcome: Option<String>,
    pub outcome_label: &'static str,
    pub reason: String,
    pub reviewed_by_name: Option<String>,
}

async fn evidence_count(tx: &WriteTx, id: i64) -> AppResult<i64> {
    let r = sql::one(
        &**tx,
        "SELECT COUNT(*) AS n FROM attachments WHERE module = $1 AND record_id = $2 \
         AND deleted_at IS NULL",
        vec![MODULE.into(), record_id(id).into()],
    )
    .await?
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("count returned no row")))?;
    Ok(r.try_get("", "n")?)
}

/// The pending task of `step` on the task's workflow that `actor` holds, for themself or as
/// 代理 for its holder (a 转办 moves the feedback to someone else in the department).
pub(super) async fn my_step(
    tx: &WriteTx,
    actor: &Actor,
    task: &Task,
    step: i32,
) -> AppResult<wtask::Model> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let mut for_whom = vec![uid];
    for_whom.extend(delegation::principals_on(&**tx, uid, today()).await?);
    let inst = task
        .instance_id
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("task without workflow")))?;
    wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst))
        .filter(wtask::Column::StepIndex.eq(step))
        .filter(wtask::Column::Status.eq(task_status::PENDING))
        .filter(wtask::Column::AssigneeId.is_in(for_whom))
        .one(&**tx)
        .await?
        .ok_or(AppError::Forbidden)
}

/// The 责任人 files the 落实情况反馈; the task waits for review.
pub async fn feedback(db: &Db, actor: &Actor, id: i64, input: &FeedbackInput) -> AppResult<Task> {
    access::require_read(db.conn(), actor, id).await?;
    let text = crate::sql::text("落实情况", &input.text, 10_000, true)?;
    let tx = db.begin_write().await?;
    let task = get_in(&*tx, id).await?;
    if task.state != State::Handling {
        return Err(AppError::bad(format!(
            "该督办事项{}，不能再反馈",
            task.state.label()
        )));
    }
    let step = my_step(&tx, actor, &task, flow::FEEDBACK_STEP).await?;
    let evidence = evidence_count(&tx, id).await?;
    if evidence == 0 {
        return Err(AppError::bad("请先上传印证资料，再提交落实情况反馈"));
    }
    act_in(
        &tx,
        actor,
        step.id,
        step.version,
        Action::Approve {
            opinion: text.clone(),
        },
    )
    .await?;
    sql::exec(
        &*tx,
        "INSERT INTO sup_feedback (task_id, text, evidence_count, by_id, by_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            id.into(),
            text.into(),
            (evidence as i32).into(),
            actor.user_id.into(),
            actor.name.clone().into(),
            now_ms().into(),
        ],
    )
    .await?;
    set_state(&tx, id, State::Reviewing, None).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.task.feedback",
            "sup_tasks",
            id,
            format!("反馈「{}」的落实情况（印证资料 {evidence} 件）", task.title),
        ),
    )
    .await?;
    let after = get_in(&*tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

pub(super) async fn set_state(
    tx: &WriteTx,
    id: i64,
    state: State,
    closed_at: Option<i64>,
) -> AppResult<()> {
    sql::exec(
        &**tx,
        "UPDATE sup_tasks SET state = $1, closed_at = $2, updated_at = $3 WHERE id = $4",
        vec![
            state.code().into(),
            closed_at.into(),
            now_ms().into(),
            id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// The 督查 staff close the task (销号) or send the feedback back to the 责任人.
pub async fn review(db: &Db, actor: &Actor, id: i64, input: &ReviewInput) -> AppResult<Task> {
    access::require_office(actor)?;
    let reason = crate::sql::text("理由", &input.reason, 2_000, false)?;
    let closing = match input.decision.as_str() {
        "close" => true,
        "return" if reason.is_empty() => return Err(AppError::bad("退回须写明理由")),
        "return" => false,
        _ => return Err(AppError::bad("请选择销号或退回")),
    };
    let tx = db.begin_write().await?;
    let task = get_in(&*tx, id).await?;
    if task.state != State::Reviewing {
        return Err(AppError::bad(format!(
            "该督办事项{}，没有待审核的反馈",
            task.state.label()
        )));
    }
    let step = my_step(&tx, actor, &task, flow::FEEDBACK_STEP + 1).await?;
    let now = now_ms();
    let action = if closing {
        Action::Approve {
            opinion: if reason.is_empty() {
                "同意销号".into()
            } else {
                reason.clone()
            },
        }
    } else {
        Action::Return {
            to_step: flow::FEEDBACK_STEP,
            reason: reason.clone(),
        }
    };
    act_in(&tx, actor, step.id, step.version, action).await?;
    sql::exec(
        &*tx,
        "UPDATE sup_feedback SET outcome = $1, reason = $2, reviewed_by_name = $3, \
         reviewed_at = $4 WHERE task_id = $5 AND outcome IS NULL",
        vec![
            if closing { "closed" } else { "returned" }.into(),
            reason.clone().into(),
            actor.name.clone().into(),
            now.into(),
            id.into(),
        ],
    )
    .await?;
    if closing {
        set_state(&tx, id, State::Closed, Some(now)).await?;
        notify::send(
            &*tx,
            task.owner_id,
            &format!("已销号：{}", task.title),
            "落实情况已审核通过，该督办事项已销号。",
            Some(&format!("/supervision/tasks/{id}")),
        )
        .await?;
    } else {
        set_state(&tx, id, State::Handling, None).await?;
        sql::exec(
            &*tx,
            "UPDATE sup_tasks SET returned_count = returned_count + 1 WHERE id = $1",
            vec![id.into()],
        )
        .await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            if closing {
                "supervision.task.close"
            } else {
                "supervision.task.return"
            },
            "sup_tasks",
            id,
            if closing {
                format!("审核销号「{}」", task.title)
            } else {
                format!("退回「{}」的落实情况反馈：{reason}", task.title)
            },
        ),
    )
    .await?;
    let after = get_in(&*tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// The task's 落实情况反馈, oldest first.
pub async fn feedback_of(db: &Db, actor: &Actor, id: i64) -> AppResult<Vec<Feedback>> {
    access::require_read(db.conn(), actor, id).await?;
    sql::all(
        db.conn(),
        "SELECT id, text, evidence_count, by_name, at, outcome, reason, reviewed_by_name \
         FROM sup_feedback WHERE task_id = $1 ORDER BY id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        let outcome: Option<String> = r.try_get("", "outcome")?;
        Ok(Feedback {
            id: r.try_get("", "id")?,
            text: r.try_get("", "text")?,
            evidence_count: r.try_get("", "evidence_count")?,
            by_name: r.try_get("", "by_name")?,
            at_text: sanban_platform::web::format::datetime_cn(r.try_get("", "at")?),
            outcome_label: match outcome.as_deref() {
                Some("closed") => "已销号",
                Some("returned") => "已退回",
                _ => "待审核",
            },
            outcome,
            reason: r.try_get("", "reason")?,
            reviewed_by_name: r.try_get("", "reviewed_by_name")?,
        })
    })
    .collect()
}
