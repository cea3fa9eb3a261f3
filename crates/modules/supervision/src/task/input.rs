//! What 督查 staff fill in for a new task, and its checks.

use chrono::NaiveDate;
use sanban_platform::{AppError, AppResult, web::format::day_start_ms};
use sea_orm::ConnectionTrait;
use serde::Deserialize;

use super::{model::Source, rhythm::ReportEvery};
use crate::sql::{self, text};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TaskInput {
    /// 任务来源: `meeting`, `instruction`, `assigned`, `superior`, `annual`, `proposal`,
    /// `hotline` (or the Chinese label).
    pub source: String,
    /// The 年度重点工作任务 this is a sub-task of (分层分级).
    #[serde(default)]
    pub parent_id: Option<i64>,
    pub title: String,
    /// 任务内容
    pub content: String,
    /// 具体措施
    #[serde(default)]
    pub measures: String,
    /// 完成时限, `2026-03-10`.
    pub due_on: String,
    /// 分管领导; the 责任部门's 分管领导 when left out.
    #[serde(default)]
    pub leader_id: Option<i64>,
    /// 责任部门 (主办).
    pub department_id: i64,
    /// 配合部门.
    #[serde(default)]
    pub partner_ids: Vec<i64>,
    /// 责任人.
    pub owner_id: i64,
    /// Milestones of a long task.
    #[serde(default)]
    pub milestones: Vec<MilestoneInput>,
    /// 报送频次 of 进展报告: `none` (the default), `weekly` or `monthly`.
    #[serde(default)]
    pub report_every: String,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct MilestoneInput {
    pub title: String,
    /// `2026-03-10`
    pub due_on: String,
}

/// A checked [`TaskInput`].
pub struct Clean {
    pub source: Source,
    pub parent_id: Option<i64>,
    pub title: String,
    pub content: String,
    pub measures: String,
    pub due_at: i64,
    pub leader_id: Option<i64>,
    pub department_id: i64,
    pub partner_ids: Vec<i64>,
    pub owner_id: i64,
    pub milestones: Vec<(String, i64)>,
    pub report_every: ReportEvery,
}

pub fn parse_day(field: &str, v: &str) -> AppResult<i64> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map(day_start_ms)
        .map_err(|_| AppError::bad(format!("{field}格式不正确，应如 2026-03-10")))
}

async fn exists(conn: &impl ConnectionTrait, table: &str, id: i64) -> AppResult<bool> {
    Ok(sql::one(
        conn,
        &format!("SELECT id FROM {table} WHERE id = $1"),
        vec![id.into()],
    )
    .await?
    .is_some())
}

/// The 分管领导 of a department, when exactly one is set.
pub async fn leader_of(conn: &impl ConnectionTrait, department_id: i64) -> AppResult<Option<i64>> {
    let rows = sql::all(
        conn,
        "SELECT leader_id FROM leader_departments WHERE department_id = $1 ORDER BY leader_id",
        vec![department_id.into()],
    )
    .await?;
    match rows.as_slice() {
        [one] => Ok(Some(one.try_get("", "leader_id")?)),
        _ => Ok(None),
    }
}

pub async fn clean(conn: &impl ConnectionTrait, i: &TaskInput) -> AppResult<Clean> {
    let source = Source::parse(&i.source).ok_or_else(|| AppError::bad("请选择任务来源"))?;
    let title = text("标题", &i.title, 200, true)?;
    let content = text("任务内容", &i.content, 10_000, true)?;
    let measures = text("具体措施", &i.measures, 10_000, false)?;
    let due_at = parse_day("完成时限", &i.due_on)?;
    let report_every =
        ReportEvery::parse(&i.report_every).ok_or_else(|| AppError::bad("请选择报送频次"))?;
    if !exists(conn, "departments", i.department_id).await? {
        return Err(AppError::bad("责任部门不存在"));
    }
    if !exists(conn, "users", i.owner_id).await? {
        return Err(AppError::bad("责任人不存在"));
    }
    let leader_id = match i.leader_id {
        Some(l) if !exists(conn, "users", l).await? => {
            return Err(AppError::bad("分管领导不存在"));
        }
        Some(l) => Some(l),
        None => leader_of(conn, i.department_id).await?,
    };
    let mut partner_ids = Vec::new();
    for p in &i.partner_ids {
        if *p == i.department_id || partner_ids.contains(p) {
            continue;
        }
        if !exists(conn, "departments", *p).await? {
            return Err(AppError::bad("配合部门不存在"));
        }
        partner_ids.push(*p);
    }
    if let Some(parent) = i.parent_id {
        let row = sql::one(
            conn,
            "SELECT source FROM sup_tasks WHERE id = $1",
            vec![parent.into()],
        )
        .await?
        .ok_or_else(|| AppError::bad("上级任务不存在"))?;
        if row.try_get::<String>("", "source")? != Source::Annual.code() {
            return Err(AppError::bad("只有年度重点工作任务可以分解为子任务"));
        }
        if source != Source::Annual {
            return Err(AppError::bad("分解的子任务的来源应为年度重点工作任务"));
        }
    }
    let mut milestones = Vec::new();
    for m in &i.milestones {
        if m.title.trim().is_empty() && m.due_on.trim().is_empty() {
            continue;
        }
        let t = text("节点名称", &m.title, 200, true)?;
        let at = parse_day("节点时限", &m.due_on)?;
        if at > due_at {
            return Err(AppError::bad(format!(
                "节点「{t}」的时限晚于任务的完成时限"
            )));
        }
        milestones.push((t, at));
    }
    Ok(Clean {
        source,
        parent_id: i.parent_id,
        title,
        content,
        measures,
        due_at,
        leader_id,
        department_id: i.department_id,
        partner_ids,
        owner_id: i.owner_id,
        milestones,
        report_every,
    })
}
