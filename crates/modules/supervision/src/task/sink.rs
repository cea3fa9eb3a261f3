//! Takes hand-offs from other modules: a leader's 批示 in 办文 becomes a 领导批示件 task, a
//! meeting's decision a 会议决定事项 task, each linked back to where it came from.

use sanban_platform::{
    AppError, AppResult,
    auth::{Actor, Role},
    db::{WriteTx, now_ms},
    handoff::{Handoff, TaskSink, TaskStatus},
};
use sea_orm::ConnectionTrait;

use super::{
    access::{parse_record, record_id},
    input::{Clean, leader_of},
    model::{DAY_MS, Source},
    rhythm::ReportEvery,
    service::{Origin, create_in, get_in},
};
use crate::{MODULE, sql};

/// Days to carry out a hand-off that names no deadline.
pub const DEFAULT_DAYS: i64 = 15;

pub struct Sink;

fn source_of(module: &str) -> Source {
    match module {
        "documents" => Source::Instruction,
        "meetings" => Source::Meeting,
        _ => Source::Assigned,
    }
}

/// The 责任人 of a hand-off: the head (部门负责人) of the 责任部门, who may pass the work on
/// inside the department.
async fn head_of(conn: &impl ConnectionTrait, department_id: i64) -> AppResult<i64> {
    let row = sql::one(
        conn,
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.department_id = $1 AND r.role = $2 AND u.active = TRUE ORDER BY u.sort_order, u.id",
        vec![department_id.into(), Role::DepartmentHead.code().into()],
    )
    .await?
    .ok_or_else(|| AppError::bad("责任部门没有部门负责人，无法转为督办事项"))?;
    Ok(row.try_get("", "id")?)
}

/// A day-aligned deadline: the hand-off's own, or [`DEFAULT_DAYS`] from today.
fn deadline(due_at: Option<i64>) -> i64 {
    let at = due_at.unwrap_or_else(|| now_ms() + DEFAULT_DAYS * DAY_MS);
    let day = super::model::due_date(at);
    sanban_platform::web::format::day_start_ms(day)
}

#[async_trait::async_trait]
impl TaskSink for Sink {
    fn module(&self) -> &'static str {
        MODULE
    }

    async fn take(&self, tx: &WriteTx, actor: &Actor, h: &Handoff) -> AppResult<String> {
        let department_id = h
            .department_id
            .ok_or_else(|| AppError::bad("转督办须指定责任部门"))?;
        let owner_id = head_of(&**tx, department_id).await?;
        let leader_id = match leader_of(&**tx, department_id).await? {
            Some(l) => Some(l),
            None => h.leader_id,
        };
        let title: String = h.title.trim().chars().take(200).collect();
        let clean = Clean {
            source: source_of(&h.source_module),
            parent_id: None,
            title: if title.is_empty() {
                "督办事项".into()
            } else {
                title
            },
            content: h.instruction.clone(),
            measures: String::new(),
            due_at: deadline(h.due_at),
            leader_id,
            department_id,
            partner_ids: Vec::new(),
            owner_id,
            milestones: Vec::new(),
            report_every: ReportEvery::None,
        };
        let origin = Origin {
            module: h.source_module.clone(),
            record: h.source_record.clone(),
            url: h.source_url.clone(),
        };
        let id = create_in(tx, actor, &clean, Some(&origin)).await?;
        Ok(record_id(id))
    }

    async fn status(
        &self,
        conn: &sea_orm::DatabaseConnection,
        record: &str,
    ) -> AppResult<Option<TaskStatus>> {
        let Some(id) = parse_record(record) else {
            return Ok(None);
        };
        match get_in(conn, id).await {
            Ok(t) => Ok(Some(TaskStatus {
                // The source page marks overdue itself, from `overdue`.
                label: t.state_label.to_string(),
                closed: t.state == super::model::State::Closed,
                overdue: t.overdue,
                url: format!("/supervision/tasks/{id}"),
            })),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
