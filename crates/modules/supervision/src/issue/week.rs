//! The figures of one ISO week (Monday to Sunday, Beijing time) a 督办周报 reports, for all
//! tasks or one 专项: newly assigned, closed, open within time and open past time, by
//! department, with the worst cases named.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use sanban_platform::{
    AppError, AppResult,
    web::format::{date_cn, day_start_ms},
};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::stats::{Laggard, tally};
use crate::task::model::Source;

/// One department's line in the 周报.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = SupervisionWeekLine)]
pub struct WeekLine {
    pub department_id: i64,
    pub department: String,
    /// 新交办: registered in the week.
    pub assigned: i64,
    /// 已办结: closed (销号) in the week.
    pub completed: i64,
    /// 正在办理: open at the week's end, within time.
    pub in_progress: i64,
    /// 超期未办结: open at the week's end, past the 完成时限.
    pub overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = SupervisionWeekStats)]
pub struct WeekStats {
    /// `2026-W12`
    pub week: String,
    /// Its Monday and Sunday, `2026年3月16日`.
    pub from_text: String,
    pub to_text: String,
    /// The 专项 (task source) it is limited to.
    pub special: Option<Source>,
    pub special_label: Option<&'static str>,
    pub lines: Vec<WeekLine>,
    pub assigned: i64,
    pub completed: i64,
    pub in_progress: i64,
    pub overdue: i64,
    pub worst: Vec<Laggard>,
}

/// The Monday of an ISO week written `2026-W12` (as a week input sends it).
pub fn monday(week: &str) -> AppResult<NaiveDate> {
    let bad = || AppError::bad("周次格式不正确，应如 2026-W12");
    let (y, w) = week.trim().split_once("-W").ok_or_else(bad)?;
    let (y, w): (i32, u32) = (y.parse().map_err(|_| bad())?, w.parse().map_err(|_| bad())?);
    NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).ok_or_else(|| AppError::bad("周次无效"))
}

/// A 专项 named in a form or request: empty for all tasks.
pub fn special(code: Option<&str>) -> AppResult<Option<Source>> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => Source::parse(c)
            .map(Some)
            .ok_or_else(|| AppError::bad("没有这个专项")),
    }
}

/// The week's figures; a week not yet over is read as it stands at `now`.
pub async fn week(
    conn: &impl ConnectionTrait,
    week: &str,
    source: Option<Source>,
    now: i64,
) -> AppResult<WeekStats> {
    let start = monday(week)?;
    let next = start
        .checked_add_days(Days::new(7))
        .ok_or_else(|| AppError::bad("周次无效"))?;
    let end = day_start_ms(next).min(now.max(day_start_ms(start)));
    let (tallies, worst) = tally(conn, day_start_ms(start), end, source).await?;
    let lines: Vec<WeekLine> = tallies
        .into_iter()
        .filter(|l| l.assigned + l.completed + l.in_progress + l.overdue > 0)
        .map(|l| WeekLine {
            department_id: l.department_id,
            department: l.department,
            assigned: l.assigned,
            completed: l.completed,
            in_progress: l.in_progress,
            overdue: l.overdue,
        })
        .collect();
    let iso = start.iso_week();
    Ok(WeekStats {
        week: format!("{}-W{:02}", iso.year(), iso.week()),
        from_text: date_cn(start),
        to_text: date_cn(next - Days::new(1)),
        special: source,
        special_label: source.map(Source::label),
        assigned: lines.iter().map(|l| l.assigned).sum(),
        completed: lines.iter().map(|l| l.completed).sum(),
        in_progress: lines.iter().map(|l| l.in_progress).sum(),
        overdue: lines.iter().map(|l| l.overdue).sum(),
        lines,
        worst,
    })
}
