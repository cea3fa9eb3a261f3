//! The month's figures a 月度督办通报 reports, read off the tasks as they stood at the end of
//! the month: closed in the month, still open and within time, and still open past time.

use chrono::{Datelike, NaiveDate};
use sanban_platform::{AppError, AppResult, web::format::day_start_ms};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::{sql, task::model::DAY_MS};

/// One department's line in the 通报.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DepartmentLine {
    pub department_id: i64,
    pub department: String,
    /// 已办结: closed (销号) in the month.
    pub completed: i64,
    /// 正在办理: open at the month's end, within time.
    pub in_progress: i64,
    /// 超期未办结: open at the month's end, past the 完成时限.
    pub overdue: i64,
}

/// A task still open past its deadline at the month's end, named in the 通报.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Laggard {
    pub task_id: i64,
    pub title: String,
    pub department: String,
    /// Whole days from the 完成时限 to the month's end (at least one).
    pub days_overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MonthStats {
    /// `2026-03`
    pub month: String,
    pub lines: Vec<DepartmentLine>,
    pub completed: i64,
    pub in_progress: i64,
    pub overdue: i64,
    /// The longest overdue, at most [`WORST`].
    pub worst: Vec<Laggard>,
}

/// How many overdue tasks a 通报 names.
pub const WORST: usize = 3;

/// The first day of `month` (`2026-03`) and of the month after.
pub fn bounds(month: &str) -> AppResult<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .map_err(|_| AppError::bad("月份格式不正确，应如 2026-03"))?;
    let next = if start.month() == 12 {
        NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
    }
    .ok_or_else(|| AppError::bad("月份无效"))?;
    Ok((start, next))
}

pub async fn month(conn: &impl ConnectionTrait, month: &str) -> AppResult<MonthStats> {
    let (start, next) = bounds(month)?;
    let (from, to) = (day_start_ms(start), day_start_ms(next));
    // Open at the month's end: registered before it and not closed (or closed only after).
    let open = "t.state <> 'terminated' AND t.created_at < $2 AND (t.closed_at IS NULL OR t.closed_at >= $2)";
    let rows = sql::all(
        conn,
        &format!(
            "SELECT d.id AS department_id, d.name AS department, \
             SUM(CASE WHEN t.closed_at >= $1 AND t.closed_at < $2 THEN 1 ELSE 0 END) AS completed, \
             SUM(CASE WHEN {open} AND t.due_at + $3 > $2 THEN 1 ELSE 0 END) AS in_progress, \
             SUM(CASE WHEN {open} AND t.due_at + $3 <= $2 THEN 1 ELSE 0 END) AS overdue \
             FROM sup_tasks t JOIN departments d ON d.id = t.department_id \
             GROUP BY d.id, d.name, d.sort_order ORDER BY d.sort_order, d.id"
        ),
        vec![from.into(), to.into(), DAY_MS.into()],
    )
    .await?;
    let mut lines = Vec::new();
    for r in rows {
        let line = DepartmentLine {
            department_id: r.try_get("", "department_id")?,
            department: r.try_get("", "department")?,
            completed: r.try_get::<Option<i64>>("", "completed")?.unwrap_or(0),
            in_progress: r.try_get::<Option<i64>>("", "in_progress")?.unwrap_or(0),
            overdue: r.try_get::<Option<i64>>("", "overdue")?.unwrap_or(0),
        };
        if line.completed + line.in_progress + line.overdue > 0 {
            lines.push(line);
        }
    }
    let worst = sql::all(
        conn,
        &format!(
            "SELECT t.id, t.title, d.name AS department, t.due_at FROM sup_tasks t \
             JOIN departments d ON d.id = t.department_id \
             WHERE {open} AND t.due_at + $3 <= $2 ORDER BY t.due_at, t.id LIMIT {WORST}"
        ),
        vec![from.into(), to.into(), DAY_MS.into()],
    )
    .await?
    .iter()
    .map(|r| {
        let due: i64 = r.try_get("", "due_at")?;
        Ok(Laggard {
            task_id: r.try_get("", "id")?,
            title: r.try_get("", "title")?,
            department: r.try_get("", "department")?,
            days_overdue: ((to - due) / DAY_MS - 1).max(1),
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    Ok(MonthStats {
        month: start.format("%Y-%m").to_string(),
        completed: lines.iter().map(|l| l.completed).sum(),
        in_progress: lines.iter().map(|l| l.in_progress).sum(),
        overdue: lines.iter().map(|l| l.overdue).sum(),
        lines,
        worst,
    })
}
