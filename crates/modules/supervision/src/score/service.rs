//! 督办考核: each 主办 department's score for a year, from its tasks whose 完成时限 falls in
//! the year and has passed (or that are closed): 按时办结率, 超期 count and 退回 feedback,
//! weighed by the office's [`Weights`], with every part shown.

use chrono::NaiveDate;
use sanban_platform::{
    AppError, AppResult, Db,
    auth::{Actor, Permission},
    db::now_ms,
    web::format::day_start_ms,
};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::weights::{self, Weights};
use crate::{sql, task::access, task::model::DAY_MS};

/// One department's score and how it was made.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Score {
    pub department_id: i64,
    pub department: String,
    /// Tasks assessed: due in the year, deadline passed or closed.
    pub assessed: i64,
    /// Closed before the end of their last day.
    pub on_time: i64,
    /// Closed late, or still open past the deadline.
    pub overdue: i64,
    /// 落实情况反馈 sent back.
    pub returned: i64,
    /// 按时办结率 in percent, one decimal.
    pub on_time_rate: f64,
    pub base_points: f64,
    pub on_time_points: f64,
    pub overdue_deduction: f64,
    pub return_deduction: f64,
    /// Never below zero, one decimal.
    pub score: f64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Scores {
    pub year: i32,
    pub weights: Weights,
    /// Best first.
    pub lines: Vec<Score>,
}

fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

pub fn score(
    department_id: i64,
    department: String,
    (assessed, on_time, returned): (i64, i64, i64),
    w: &Weights,
) -> Score {
    let rate = if assessed == 0 {
        1.0
    } else {
        on_time as f64 / assessed as f64
    };
    let overdue = assessed - on_time;
    let base = (100 - w.on_time_points) as f64;
    let points = w.on_time_points as f64 * rate;
    let od = (w.overdue_penalty * overdue) as f64;
    let rd = (w.return_penalty * returned) as f64;
    Score {
        department_id,
        department,
        assessed,
        on_time,
        overdue,
        returned,
        on_time_rate: tenth(rate * 100.0),
        base_points: base,
        on_time_points: tenth(points),
        overdue_deduction: od,
        return_deduction: rd,
        score: tenth((base + points - od - rd).max(0.0)),
    }
}

/// The leaders (统计 viewers) and the office see the scores.
pub fn require_view(actor: &Actor) -> AppResult<()> {
    if access::is_office(actor) || actor.can(Permission::FiguresView) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn year(db: &Db, actor: &Actor, year: i32) -> AppResult<Scores> {
    require_view(actor)?;
    year_at(db.conn(), year, now_ms()).await
}

/// The scores as they stand at `now`.
pub async fn year_at(conn: &impl ConnectionTrait, year: i32, now: i64) -> AppResult<Scores> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::bad("年份无效"))?;
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or_else(|| AppError::bad("年份无效"))?;
    let w = weights::get(conn).await?;
    let assessable = "(t.state = 'closed' OR t.due_at + $3 <= $4)";
    let rows = sql::all(
        conn,
        &format!(
            "SELECT d.id, d.name, \
             SUM(CASE WHEN {assessable} THEN 1 ELSE 0 END) AS assessed, \
             SUM(CASE WHEN t.state = 'closed' AND t.closed_at < t.due_at + $3 THEN 1 ELSE 0 END) AS on_time, \
             SUM(t.returned_count) AS returned \
             FROM sup_tasks t JOIN departments d ON d.id = t.department_id \
             WHERE t.state <> 'terminated' AND t.due_at >= $1 AND t.due_at < $2 \
             GROUP BY d.id, d.name"
        ),
        vec![
            day_start_ms(from).into(),
            day_start_ms(to).into(),
            DAY_MS.into(),
            now.into(),
        ],
    )
    .await?;
    let mut lines = Vec::new();
    for r in rows {
        let n = |c: &str| -> AppResult<i64> { Ok(r.try_get::<Option<i64>>("", c)?.unwrap_or(0)) };
        let counts = (n("assessed")?, n("on_time")?, n("returned")?);
        if counts.0 == 0 && counts.2 == 0 {
            continue;
        }
        lines.push(score(
            r.try_get("", "id")?,
            r.try_get("", "name")?,
            counts,
            &w,
        ));
    }
    lines.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.department_id.cmp(&b.department_id))
    });
    Ok(Scores {
        year,
        weights: w,
        lines,
    })
}
