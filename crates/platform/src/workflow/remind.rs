//! 催办: pressing people to finish on time. Manual (office staff press 催办 with a message)
//! and automatic (a scheduled job applies each definition's reminder rule). Every reminder is
//! recorded and counted; an automatic one has a rule key so it happens once however many
//! nodes run the job.

use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::OnConflict,
};

use super::{
    assign,
    engine::{KIND_APPROVE, status, task_status},
};
use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{Db, WriteTx, now_ms},
    entity::{
        reminder, workflow_definition as wdef, workflow_instance as winst, workflow_task as wtask,
    },
    error::{AppError, AppResult},
    notify,
    web::format,
};

const DAY_MS: i64 = 86_400_000;

/// Records one reminder; `false` when its rule key was already used (already reminded).
#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &WriteTx,
    inst: &winst::Model,
    task: Option<i64>,
    from: Option<i64>,
    to: i64,
    kind: &str,
    rule_key: Option<String>,
    message: &str,
) -> AppResult<bool> {
    let inserted = reminder::Entity::insert(reminder::ActiveModel {
        id: NotSet,
        instance_id: Set(inst.id),
        task_id: Set(task),
        from_user: Set(from),
        to_user: Set(to),
        kind: Set(kind.into()),
        rule_key: Set(rule_key),
        message: Set(message.into()),
        at: Set(now_ms()),
    })
    .on_conflict(
        OnConflict::column(reminder::Column::RuleKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&**tx)
    .await?;
    if inserted == 1 {
        notify::send(
            &**tx,
            to,
            &format!("催办：{}", inst.title),
            message,
            Some(&format!("/workflow/{}", inst.id)),
        )
        .await?;
    }
    Ok(inserted == 1)
}

/// Manual 催办 on a record still in circulation: everyone with a pending task hears it.
pub async fn press(db: &Db, actor: &Actor, instance_id: i64, message: &str) -> AppResult<usize> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let inst = winst::Entity::find_by_id(instance_id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("流转事项"))?;
    if inst.started_by != uid && !actor.can(Permission::WorkflowOversee) {
        return Err(AppError::Forbidden);
    }
    if inst.status != status::RUNNING {
        return Err(AppError::Conflict("该事项已不在办理中，无需催办".into()));
    }
    let message = message.trim();
    let message = if message.is_empty() {
        "请抓紧办理。".to_string()
    } else {
        message.chars().take(500).collect()
    };
    let tasks = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::Status.eq(task_status::PENDING))
        .filter(wtask::Column::Kind.eq(KIND_APPROVE))
        .all(db.conn())
        .await?;
    if tasks.is_empty() {
        return Err(AppError::Conflict("当前没有待办理的人".into()));
    }
    let tx = db.begin_write().await?;
    for t in &tasks {
        record(
            &tx,
            &inst,
            Some(t.id),
            Some(uid),
            t.assignee_id,
            "manual",
            None,
            &format!("{}：{message}", actor.name),
        )
        .await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "workflow.remind",
            "workflow_instances",
            inst.id,
            format!("催办「{}」：{message}", inst.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(tasks.len())
}

pub async fn count(db: &Db, instance_id: i64) -> AppResult<u64> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::InstanceId.eq(instance_id))
        .count(db.conn())
        .await?)
}

/// The automatic 催办 job: applies each definition's rule to pending tasks with a time limit.
pub async fn run_automatic(db: &Db, now: i64) -> AppResult<usize> {
    let horizon = now + 30 * DAY_MS;
    let tasks = wtask::Entity::find()
        .filter(wtask::Column::Status.eq(task_status::PENDING))
        .filter(wtask::Column::Kind.eq(KIND_APPROVE))
        .filter(wtask::Column::DueAt.lte(horizon))
        .all(db.conn())
        .await?;
    let system = Actor::system("自动催办");
    let mut sent = 0;
    for t in tasks {
        let Some(due) = t.due_at else { continue };
        let Some(inst) = winst::Entity::find_by_id(t.instance_id)
            .one(db.conn())
            .await?
        else {
            continue;
        };
        let rule = wdef::Entity::find()
            .filter(wdef::Column::Key.eq(inst.definition_key.as_str()))
            .filter(wdef::Column::Version.eq(inst.definition_version))
            .one(db.conn())
            .await?
            .and_then(|d| serde_json::from_str::<super::Definition>(&d.body).ok())
            .map(|d| d.reminders)
            .unwrap_or_default();
        let due_text = format::datetime_cn(due);
        let mut due_now: Vec<(String, &str, i64, String)> = Vec::new();
        if let Some(b) = rule.before_days
            && now >= due - b * DAY_MS
            && now < due
        {
            due_now.push((
                format!("t{}:before", t.id),
                "before_due",
                t.assignee_id,
                format!("「{}」的办理时限为 {due_text}，请按时办结。", t.step_name),
            ));
        }
        if rule.on_due && now >= due && now < due + DAY_MS {
            due_now.push((
                format!("t{}:due", t.id),
                "on_due",
                t.assignee_id,
                format!("「{}」今日到期（{due_text}），请抓紧办理。", t.step_name),
            ));
        }
        if let Some(m) = rule.every_days.filter(|m| *m > 0) {
            let periods = (now - due) / (m * DAY_MS);
            if now >= due + m * DAY_MS {
                due_now.push((
                    format!("t{}:over{periods}", t.id),
                    "overdue",
                    t.assignee_id,
                    format!(
                        "「{}」已超过办理时限（{due_text}），请尽快办理。",
                        t.step_name
                    ),
                ));
            }
        }
        if rule.escalate && now >= due + DAY_MS {
            let fields = serde_json::from_str(&inst.fields).unwrap_or_default();
            let ctx = assign::Context {
                department_id: inst.department_id,
                initiator: inst.started_by,
                fields: &fields,
            };
            if let Ok(heads) = assign::resolve(
                db.conn(),
                &super::AssigneeRule::DepartmentHead,
                &t.step_name,
                &ctx,
            )
            .await
            {
                for h in heads.into_iter().filter(|h| *h != t.assignee_id) {
                    due_now.push((
                        format!("t{}:esc{h}", t.id),
                        "escalation",
                        h,
                        format!(
                            "「{}」的「{}」已超期（时限 {due_text}），请督促办理。",
                            inst.title, t.step_name
                        ),
                    ));
                }
            }
        }
        if let Some(after) = rule.escalate_leader_after_days
            && now >= due + after.max(1) * DAY_MS
        {
            let fields = serde_json::from_str(&inst.fields).unwrap_or_default();
            let ctx = assign::Context {
                department_id: inst.department_id,
                initiator: inst.started_by,
                fields: &fields,
            };
            if let Ok(leaders) = assign::resolve(
                db.conn(),
                &super::AssigneeRule::DeputyLeader,
                &t.step_name,
                &ctx,
            )
            .await
            {
                for l in leaders.into_iter().filter(|l| *l != t.assignee_id) {
                    due_now.push((
                        format!("t{}:lead{l}", t.id),
                        "escalation",
                        l,
                        format!(
                            "您分管部门的「{}」（{}）已超期（时限 {due_text}），请督促办理。",
                            inst.title, t.step_name
                        ),
                    ));
                }
            }
        }
        if due_now.is_empty() {
            continue;
        }
        let tx = db.begin_write().await?;
        let mut any = false;
        for (key, kind, to, msg) in due_now {
            if record(&tx, &inst, Some(t.id), None, to, kind, Some(key), &msg).await? {
                sent += 1;
                any = true;
            }
        }
        if any {
            audit::record(
                &tx,
                &system,
                Change::new(
                    "workflow.auto_remind",
                    "workflow_instances",
                    inst.id,
                    format!("自动催办「{}」", inst.title),
                ),
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(sent)
}
