//! 督办考核: each department's score for a year, from the tasks whose 完成时限 falls in the
//! year and has passed (or that are closed): 按时办结率, 超期 count and 退回 feedback, the
//! tasks it 主办s in full and those it 配合s at the office's lower weight, with every part
//! shown.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sanban_platform::{
    AppError, AppResult, Db,
    auth::{Actor, Permission},
    db::now_ms,
    web::format::day_start_ms,
};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

use super::weights::{self, Weights};
use crate::{sql, task::access, task::model::DAY_MS};

/// One department's score and how it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Score {
    pub department_id: i64,
    pub department: String,
    /// Tasks assessed: due in the year, deadline passed or closed.
    pub assessed: i64,
    /// Closed before the end of their last day.
    pub on_time: i64,
    /// Closed late, or still open past the deadline.
    pub overdue: i64,
    /// 落实情况反馈 sent back (the 主办's own).
    pub returned: i64,
    /// 配合 tasks assessed, closed on time and overdue; each counts
    /// [`Weights::partner_weight`] percent of a 主办 one.
    pub partner_assessed: i64,
    pub partner_on_time: i64,
    pub partner_overdue: i64,
    /// 按时办结率 in percent, one decimal.
    pub on_time_rate: f64,
    pub base_points: f64,
    pub on_time_points: f64,
    /// For the 主办 tasks overdue.
    pub overdue_deduction: f64,
    /// For the 配合 tasks overdue, at the partner weight.
    pub partner_deduction: f64,
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

/// What a department's score is made from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub assessed: i64,
    pub on_time: i64,
    pub returned: i64,
    pub partner_assessed: i64,
    pub partner_on_time: i64,
}

pub fn score(department_id: i64, department: String, c: Counts, w: &Weights) -> Score {
    let share = w.partner_weight as f64 / 100.0;
    let weighed = c.assessed as f64 + share * c.partner_assessed as f64;
    let rate = if weighed == 0.0 {
        1.0
    } else {
        (c.on_time as f64 + share * c.partner_on_time as f64) / weighed
    };
    let (assessed, on_time, returned) = (c.assessed, c.on_time, c.returned);
    let overdue = assessed - on_time;
    let partner_overdue = c.partner_assessed - c.partner_on_time;
    let base = (100 - w.on_time_points) as f64;
    let points = w.on_time_points as f64 * rate;
    let od = (w.overdue_penalty * overdue) as f64;
    let pd = tenth(w.overdue_penalty as f64 * share * partner_overdue as f64);
    let rd = (w.return_penalty * returned) as f64;
    Score {
        department_id,
        department,
        assessed,
        on_time,
        overdue,
        returned,
        partner_assessed: c.partner_assessed,
        partner_on_time: c.partner_on_time,
        partner_overdue,
        on_time_rate: tenth(rate * 100.0),
        base_points: base,
        on_time_points: tenth(points),
        overdue_deduction: od,
        partner_deduction: pd,
        return_deduction: rd,
        score: tenth((base + points - od - pd - rd).max(0.0)),
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
    let to = year
        .checked_add(1)
        .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
        .ok_or_else(|| AppError::bad("年份无效"))?;
    let w = weights::get(conn).await?;
    let assessable = "(t.state = 'closed' OR t.due_at + $3 <= $4)";
    let on_time = "t.state = 'closed' AND t.closed_at < t.due_at + $3";
    let in_year = "t.state <> 'terminated' AND t.due_at >= $1 AND t.due_at < $2";
    let vals = || -> Vec<sea_orm::Value> {
        vec![
            day_start_ms(from).into(),
            day_start_ms(to).into(),
            DAY_MS.into(),
            now.into(),
        ]
    };
    let main = sql::all(
        conn,
        &format!(
            "SELECT t.department_id AS id, \
             SUM(CASE WHEN {assessable} THEN 1 ELSE 0 END) AS assessed, \
             SUM(CASE WHEN {on_time} THEN 1 ELSE 0 END) AS on_time, \
             SUM(t.returned_count) AS returned \
             FROM sup_tasks t WHERE {in_year} GROUP BY t.department_id"
        ),
        vals(),
    )
    .await?;
    let partner = sql::all(
        conn,
        &format!(
            "SELECT p.department_id AS id, \
             SUM(CASE WHEN {assessable} THEN 1 ELSE 0 END) AS assessed, \
             SUM(CASE WHEN {on_time} THEN 1 ELSE 0 END) AS on_time, 0 AS returned \
             FROM sup_task_departments p JOIN sup_tasks t ON t.id = p.task_id \
             WHERE {in_year} AND p.department_id <> t.department_id GROUP BY p.department_id"
        ),
        vals(),
    )
    .await?;
    let mut counts: BTreeMap<i64, Counts> = BTreeMap::new();
    for (rows, as_partner) in [(main, false), (partner, true)] {
        for r in rows {
            let n =
                |c: &str| -> AppResult<i64> { Ok(r.try_get::<Option<i64>>("", c)?.unwrap_or(0)) };
            let c = counts.entry(r.try_get("", "id")?).or_default();
            if as_partner {
                c.partner_assessed = n("assessed")?;
                c.partner_on_time = n("on_time")?;
            } else {
                c.assessed = n("assessed")?;
                c.on_time = n("on_time")?;
                c.returned = n("returned")?;
            }
        }
    }
    let names: BTreeMap<i64, String> = sql::all(conn, "SELECT id, name FROM departments", vec![])
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?)))
        .collect::<AppResult<_>>()?;
    let mut lines = Vec::new();
    for (id, c) in counts {
        if c.assessed == 0 && c.returned == 0 && c.partner_assessed == 0 {
            continue;
        }
        let name = names.get(&id).cloned().unwrap_or_default();
        lines.push(score(id, name, c, &w));
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
