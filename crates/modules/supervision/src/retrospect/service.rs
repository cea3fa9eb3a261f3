//! What 回头望 reads off the records, and the 复盘 remark the office keeps per task.

use chrono::NaiveDate;
use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    web::format::{date_cn, datetime_cn, day_start_ms},
};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::{Deserialize, Serialize};

use crate::{
    score::service::require_view,
    sql,
    task::{
        access,
        model::{DAY_MS, State, due_date},
    },
};

/// How a task ended against its 完成时限.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = SupervisionTiming)]
pub enum Timing {
    /// Closed by the end of its last day.
    OnTime,
    /// Closed after it, or still open past it.
    Late,
    /// Open and not yet due.
    Pending,
    /// Terminated: neither.
    Stopped,
}

impl Timing {
    pub fn label(self) -> &'static str {
        match self {
            Self::OnTime => "按时",
            Self::Late => "超期",
            Self::Pending => "未到期",
            Self::Stopped => "—",
        }
    }

    pub fn of(state: State, due_at: i64, closed_at: Option<i64>, now: i64) -> Self {
        match (state, closed_at) {
            (State::Terminated, _) => Self::Stopped,
            (State::Closed, Some(c)) if c < due_at + DAY_MS => Self::OnTime,
            (State::Closed, _) => Self::Late,
            _ if now >= due_at + DAY_MS => Self::Late,
            _ => Self::Pending,
        }
    }
}

/// One task in the 回头望.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = SupervisionReviewLine)]
pub struct Line {
    pub task_id: i64,
    /// The 年度重点工作任务 a sub-task was split from.
    pub parent_id: Option<i64>,
    pub title: String,
    pub department: String,
    /// 时限, 2026年6月30日.
    pub due_text: String,
    pub state_label: &'static str,
    /// The day it was closed (销号), 2026年6月28日; empty while open.
    pub closed_text: String,
    pub timing: Timing,
    pub timing_label: &'static str,
    /// 落实情况反馈 filed.
    pub feedback_count: i64,
    /// Of them, sent back (退回).
    pub returned_count: i64,
    /// The office's 复盘 remark; empty until written.
    pub remark: String,
    pub remark_by: String,
    pub remark_at_text: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = SupervisionRetrospect)]
pub struct Retrospect {
    pub year: i32,
    pub lines: Vec<Line>,
    pub on_time: i64,
    pub late: i64,
    pub pending: i64,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = SupervisionRemarkInput)]
pub struct RemarkInput {
    pub remark: String,
}

/// The 年度重点工作任务 due in the year and every sub-task split from them, each parent
/// followed by its sub-tasks.
const SELECT: &str = "SELECT t.id, t.parent_id, t.title, t.state, t.due_at, t.closed_at, \
     t.returned_count, d.name AS department, \
     (SELECT COUNT(*) FROM sup_feedback f WHERE f.task_id = t.id) AS feedback_count, \
     COALESCE(r.remark, '') AS remark, COALESCE(r.by_name, '') AS remark_by, r.at AS remark_at \
     FROM sup_tasks t JOIN departments d ON d.id = t.department_id \
     LEFT JOIN sup_retrospects r ON r.task_id = t.id";

const ROOTS: &str = "SELECT id FROM sup_tasks WHERE source = 'annual' AND parent_id IS NULL \
     AND due_at >= $1 AND due_at < $2";

fn line(r: &QueryResult, now: i64) -> AppResult<Line> {
    let state = State::parse(&r.try_get::<String>("", "state")?)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown task state")))?;
    let due_at: i64 = r.try_get("", "due_at")?;
    let closed_at: Option<i64> = r.try_get("", "closed_at")?;
    let timing = Timing::of(state, due_at, closed_at, now);
    let remark_at: Option<i64> = r.try_get("", "remark_at")?;
    Ok(Line {
        task_id: r.try_get("", "id")?,
        parent_id: r.try_get("", "parent_id")?,
        title: r.try_get("", "title")?,
        department: r.try_get("", "department")?,
        due_text: date_cn(due_date(due_at)),
        state_label: state.label(),
        closed_text: closed_at.map(|c| date_cn(due_date(c))).unwrap_or_default(),
        timing,
        timing_label: timing.label(),
        feedback_count: r.try_get("", "feedback_count")?,
        returned_count: r.try_get::<i32>("", "returned_count")?.into(),
        remark: r.try_get("", "remark")?,
        remark_by: r.try_get("", "remark_by")?,
        remark_at_text: remark_at.map(datetime_cn).unwrap_or_default(),
    })
}

/// The year's 回头望 as it stands at `now`.
pub async fn year_at(conn: &impl ConnectionTrait, year: i32, now: i64) -> AppResult<Retrospect> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::bad("年份无效"))?;
    let to = year
        .checked_add(1)
        .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
        .ok_or_else(|| AppError::bad("年份无效"))?;
    let lines = sql::all(
        conn,
        &format!(
            "{SELECT} WHERE t.id IN ({ROOTS}) OR t.parent_id IN ({ROOTS}) \
             ORDER BY COALESCE(t.parent_id, t.id), CASE WHEN t.parent_id IS NULL THEN 0 ELSE 1 END, \
             t.due_at, t.id"
        ),
        vec![day_start_ms(from).into(), day_start_ms(to).into()],
    )
    .await?
    .iter()
    .map(|r| line(r, now))
    .collect::<AppResult<Vec<_>>>()?;
    let count = |t: Timing| lines.iter().filter(|l| l.timing == t).count() as i64;
    Ok(Retrospect {
        year,
        on_time: count(Timing::OnTime),
        late: count(Timing::Late),
        pending: count(Timing::Pending),
        lines,
    })
}

/// Leaders (统计 viewers) and the office read it.
pub async fn year(db: &Db, actor: &Actor, year: i32) -> AppResult<Retrospect> {
    require_view(actor)?;
    year_at(db.conn(), year, now_ms()).await
}

async fn line_of(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Line>> {
    sql::one(conn, &format!("{SELECT} WHERE t.id = $1"), vec![id.into()])
        .await?
        .map(|r| line(&r, now_ms()))
        .transpose()
}

/// Writes (or rewrites) the office's 复盘 remark on an annual task or one of its sub-tasks.
pub async fn remark(db: &Db, actor: &Actor, id: i64, input: &RemarkInput) -> AppResult<Line> {
    access::require_office(actor)?;
    let text = sql::text("复盘意见", &input.remark, 2000, true)?;
    let tx = db.begin_write().await?;
    let annual = sql::one(
        &*tx,
        "SELECT t.id FROM sup_tasks t LEFT JOIN sup_tasks p ON p.id = t.parent_id \
         WHERE t.id = $1 AND (t.source = 'annual' OR p.source = 'annual')",
        vec![id.into()],
    )
    .await?
    .is_some();
    let before = line_of(&*tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("督办事项"))?;
    if !annual {
        return Err(AppError::bad(
            "只有年度重点工作任务及其子任务可以写复盘意见",
        ));
    }
    let changed = sql::exec(
        &*tx,
        "UPDATE sup_retrospects SET remark = $1, by_name = $2, at = $3 WHERE task_id = $4",
        vec![
            text.clone().into(),
            actor.name.clone().into(),
            now_ms().into(),
            id.into(),
        ],
    )
    .await?;
    if changed == 0 {
        sql::exec(
            &*tx,
            "INSERT INTO sup_retrospects (task_id, remark, by_name, at) VALUES ($1, $2, $3, $4)",
            vec![
                id.into(),
                text.into(),
                actor.name.clone().into(),
                now_ms().into(),
            ],
        )
        .await?;
    }
    let after = line_of(&*tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("督办事项"))?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.retrospect.remark",
            "sup_tasks",
            id,
            format!("写「{}」的复盘意见", after.title),
        )
        .before(&before.remark)
        .after(&after.remark),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
