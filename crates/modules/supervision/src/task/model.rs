//! What a 督办事项 is: its source, its state and the fields every task must name.

use chrono::NaiveDate;
use sanban_platform::{
    AppError, AppResult,
    web::format::{date_cn, datetime_cn},
};
use sea_orm::QueryResult;

use super::rhythm::ReportEvery;
use serde::{Deserialize, Serialize};

pub const DAY_MS: i64 = 86_400_000;

/// 任务来源.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// 会议决定事项
    Meeting,
    /// 领导批示件
    Instruction,
    /// 交办事项
    Assigned,
    /// 上级督查事项
    Superior,
    /// 年度重点工作任务 (split 分层分级 into sub-tasks)
    Annual,
    /// 人大建议 / 政协提案
    Proposal,
    /// 市民热线
    Hotline,
}

impl Source {
    pub const ALL: [Source; 7] = [
        Self::Meeting,
        Self::Instruction,
        Self::Assigned,
        Self::Superior,
        Self::Annual,
        Self::Proposal,
        Self::Hotline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Meeting => "meeting",
            Self::Instruction => "instruction",
            Self::Assigned => "assigned",
            Self::Superior => "superior",
            Self::Annual => "annual",
            Self::Proposal => "proposal",
            Self::Hotline => "hotline",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Meeting => "会议决定事项",
            Self::Instruction => "领导批示件",
            Self::Assigned => "交办事项",
            Self::Superior => "上级督查事项",
            Self::Annual => "年度重点工作任务",
            Self::Proposal => "人大建议/政协提案",
            Self::Hotline => "市民热线",
        }
    }

    /// The code or the label, as typed in a form or a sheet.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|x| x.code() == s || x.label() == s)
    }
}

/// Where a task stands. Overdue is not a state: it is read from the 完成时限.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = TaskState)]
pub enum State {
    /// 办理中: the 责任人 carries it out and files a 落实情况反馈.
    Handling,
    /// 待审核: the 督查 staff check the feedback and its 印证资料.
    Reviewing,
    /// 已销号: closed after review.
    Closed,
    /// 已终止
    Terminated,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            Self::Handling => "handling",
            Self::Reviewing => "reviewing",
            Self::Closed => "closed",
            Self::Terminated => "terminated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Handling => "办理中",
            Self::Reviewing => "待审核",
            Self::Closed => "已销号",
            Self::Terminated => "已终止",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Handling,
            Self::Reviewing,
            Self::Closed,
            Self::Terminated,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Handling | Self::Reviewing)
    }
}

/// One 督办事项 as pages and the API show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Task {
    pub id: i64,
    pub source: Source,
    pub source_label: &'static str,
    /// The 年度重点工作任务 this one was split from (分层分级).
    pub parent_id: Option<i64>,
    pub title: String,
    /// 任务内容
    pub content: String,
    /// 具体措施
    pub measures: String,
    /// 完成时限: 00:00 China time of the last day, epoch milliseconds.
    pub due_at: i64,
    /// `2026-01-05`
    pub due_on: String,
    /// 2026年1月5日
    pub due_text: String,
    /// 分管领导
    pub leader_id: Option<i64>,
    pub leader_name: String,
    /// 责任部门 (主办)
    pub department_id: i64,
    pub department_name: String,
    /// 配合部门
    pub partners: Vec<Partner>,
    /// 责任人
    pub owner_id: i64,
    pub owner_name: String,
    pub state: State,
    pub state_label: &'static str,
    /// Past the 完成时限 and not closed.
    pub overdue: bool,
    pub instance_id: Option<i64>,
    pub source_module: Option<String>,
    pub source_record: Option<String>,
    /// The page of the 收文 or meeting it came from.
    pub source_url: Option<String>,
    /// How many 落实情况反馈 were sent back.
    pub returned_count: i32,
    /// 报送频次 of 进展报告.
    pub report_every: ReportEvery,
    pub report_every_label: &'static str,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub closed_text: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Partner {
    pub id: i64,
    pub name: String,
}

/// The columns [`row`] reads, joined with the names it shows.
pub const SELECT: &str = "SELECT t.id, t.source, t.parent_id, t.title, t.content, t.measures, \
     t.due_at, t.leader_id, t.department_id, t.owner_id, t.state, t.instance_id, \
     t.source_module, t.source_record, t.source_url, t.returned_count, t.report_every, t.created_at, \
     t.closed_at, d.name AS department_name, o.name AS owner_name, \
     COALESCE(l.name, '') AS leader_name \
     FROM sup_tasks t JOIN departments d ON d.id = t.department_id \
     JOIN users o ON o.id = t.owner_id LEFT JOIN users l ON l.id = t.leader_id";

/// The date a deadline falls on, in China time.
pub fn due_date(due_at: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(due_at + 8 * 3600 * 1000)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Overdue once the whole last day has passed without 销号.
pub fn is_overdue(state: State, due_at: i64, now: i64) -> bool {
    state.is_open() && now >= due_at + DAY_MS
}

pub fn row(r: &QueryResult, now: i64) -> AppResult<Task> {
    let source = Source::parse(&r.try_get::<String>("", "source")?)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown task source")))?;
    let state = State::parse(&r.try_get::<String>("", "state")?)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown task state")))?;
    let report_every = ReportEvery::parse(&r.try_get::<String>("", "report_every")?)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown report rhythm")))?;
    let due_at: i64 = r.try_get("", "due_at")?;
    let closed_at: Option<i64> = r.try_get("", "closed_at")?;
    let due = due_date(due_at);
    Ok(Task {
        id: r.try_get("", "id")?,
        source,
        source_label: source.label(),
        parent_id: r.try_get("", "parent_id")?,
        title: r.try_get("", "title")?,
        content: r.try_get("", "content")?,
        measures: r.try_get("", "measures")?,
        due_at,
        due_on: due.format("%Y-%m-%d").to_string(),
        due_text: date_cn(due),
        leader_id: r.try_get("", "leader_id")?,
        leader_name: r.try_get("", "leader_name")?,
        department_id: r.try_get("", "department_id")?,
        department_name: r.try_get("", "department_name")?,
        partners: Vec::new(),
        owner_id: r.try_get("", "owner_id")?,
        owner_name: r.try_get("", "owner_name")?,
        state,
        state_label: state.label(),
        overdue: is_overdue(state, due_at, now),
        instance_id: r.try_get("", "instance_id")?,
        source_module: r.try_get("", "source_module")?,
        source_record: r.try_get("", "source_record")?,
        source_url: r.try_get("", "source_url")?,
        returned_count: r.try_get("", "returned_count")?,
        report_every,
        report_every_label: report_every.label(),
        created_at: r.try_get("", "created_at")?,
        closed_text: closed_at.map(datetime_cn).unwrap_or_default(),
        closed_at,
    })
}
