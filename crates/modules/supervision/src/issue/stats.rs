//! The figures a 月度督办通报 (or a 督办周报) reports, read off the tasks as they stood at the end
//! of the period: closed in it, still open and within time, and still open past time.

use chrono::{Datelike, NaiveDate};
use sanban_platform::{AppError, AppResult, web::format::day_start_ms};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::{
    sql,
    task::model::{DAY_MS, Source},
};

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

/// One department's counts over a period, as both the 通报 and the 周报 read them.
pub(crate) struct Tally {
    pub department_id: i64,
    pub department: String,
    /// 新交办: registered in the period.
    pub assigned: i64,
    pub completed: i64,
    pub in_progress: i64,
    pub overdue: i64,
}

/// Open at the period's end: registered before it and not closed (or closed only after).
const OPEN: &str = "t.state <> 'terminated' AND t.created_at < $2 \
     AND (t.closed_at IS NULL OR t.closed_at >= $2)";

/// The counts of every department with tasks in `[from, to)`, limited to one source if given.
pub(crate) async fn tally(
    conn: &impl ConnectionTrait,
    from: i64,
    to: i64,
    source: Option<Source>,
) -> AppResult<(Vec<Tally>, Vec<Laggard>)> {
    let mut vals: Vec<sea_orm::Value> = vec![from.into(), to.into(), DAY_MS.into()];
    let only = match source {
        Some(s) => {
            vals.push(s.code().into());
            " AND t.source = $4"
        }
        None => "",
    };
    let rows = sql::all(
        conn,
        &format!(
            "SELECT d.id AS department_id, d.name AS department, \
             SUM(CASE WHEN t.created_at >= $1 AND t.created_at < $2 THEN 1 ELSE 0 END) AS assigned, \
             SUM(CASE WHEN t.closed_at >= $1 AND t.closed_at < $2 THEN 1 ELSE 0 END) AS completed, \
             SUM(CASE WHEN {OPEN} AND t.due_at + $3 > $2 THEN 1 ELSE 0 END) AS in_progress, \
             SUM(CASE WHEN {OPEN} AND t.due_at + $3 <= $2 THEN 1 ELSE 0 END) AS overdue \
             FROM sup_tasks t JOIN departments d ON d.id = t.department_id WHERE TRUE{only} \
             GROUP BY d.id, d.name, d.sort_order ORDER BY d.sort_order, d.id"
        ),
        vals.clone(),
    )
    .await?;
    let mut lines = Vec::new();
    for r in rows {
        let n = |c: &str| -> AppResult<i64> { Ok(r.try_get::<Option<i64>>("", c)?.unwrap_or(0)) };
        lines.push(Tally {
            department_id: r.try_get("", "department_id")?,
            department: r.try_get("", "department")?,
            assigned: n("assigned")?,
            completed: n("completed")?,
            in_progress: n("in_progress")?,
            overdue: n("overdue")?,
        });
    }
    let worst = sql::all(
        conn,
        &format!(
            "SELECT t.id, t.title, d.name AS department, t.due_at FROM sup_tasks t \
             JOIN departments d ON d.id = t.department_id \
             WHERE {OPEN} AND t.due_at + $3 <= $2{only} \
             ORDER BY t.due_at, t.id LIMIT {WORST}"
        ),
        vals,
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
    Ok((lines, worst))
}

/// The month's figures; a month not yet over is read as it stands at `now`.
pub async fn month(conn: &impl ConnectionTrait, month: &str, now: i64) -> AppResult<MonthStats> {
    let (start, next) = bounds(month)?;
    let end = day_start_ms(next).min(now.max(day_start_ms(start)));
    let (tallies, worst) = tally(conn, day_start_ms(start), end, None).await?;
    let lines: Vec<DepartmentLine> = tallies
        .into_iter()
        .filter(|l| l.completed + l.in_progress + l.overdue > 0)
        .map(|l| DepartmentLine {
            department_id: l.department_id,
            department: l.department,
            completed: l.completed,
            in_progress: l.in_progress,
            overdue: l.overdue,
        })
        .collect();
    Ok(MonthStats {
        month: start.format("%Y-%m").to_string(),
        completed: lines.iter().map(|l| l.completed).sum(),
        in_progress: lines.iter().map(|l| l.in_progress).sum(),
        overdue: lines.iter().map(|l| l.overdue).sum(),
        lines,
        worst,
    })
}
