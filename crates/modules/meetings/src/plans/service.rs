//! 会议计划: how many meetings of each type the year is to have, beside how many it has had
//! and what they cost, against the year before. Cancelled and postponed meetings count for
//! nothing here.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Permission},
};
use serde::Serialize;

use crate::{
    access,
    meetings::{
        kind::{self, KINDS},
        model::yuan,
        state::COUNTED,
    },
    sql, time,
};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PlanRow {
    pub kind: String,
    /// 计划次数; none when no plan was set.
    pub planned: Option<i64>,
    /// Meetings of the year, not cancelled or postponed.
    pub actual: i64,
    /// The same, the year before.
    pub previous: i64,
    /// 会议经费, 分.
    pub budget_cents: i64,
    pub previous_budget_cents: i64,
    pub budget_text: String,
    pub previous_budget_text: String,
}

impl PlanReport {
    /// Whether the report is for month `m`.
    pub fn month_is(&self, m: &u32) -> bool {
        self.month == Some(*m)
    }
}

impl PlanRow {
    /// Over the plan: the office must explain it.
    pub fn over(&self) -> bool {
        self.planned.is_some_and(|p| self.actual > p)
    }

    pub fn planned_text(&self) -> String {
        self.planned.map(|p| p.to_string()).unwrap_or_default()
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PlanReport {
    pub year: i32,
    /// 1–12 for one month's plan; none for the whole year's.
    pub month: Option<u32>,
    /// 2026年 or 2026年3月
    pub period_text: String,
    pub rows: Vec<PlanRow>,
    pub total: PlanRow,
}

pub fn can_view(actor: &Actor) -> bool {
    access::is_office(actor) || actor.can(Permission::FiguresView)
}

/// The instants `[from, to)` of the year, or of one month of it.
fn period(year: i32, month: Option<u32>) -> AppResult<(i64, i64)> {
    match month {
        None => Ok((time::year_start(year)?, time::year_start(year + 1)?)),
        Some(m) => Ok((time::month_start(year, m)?, time::month_start(year, m + 1)?)),
    }
}

/// Where a plan is placed among the figures: 1 January for the year's plan (month 0), the
/// first of its month for a month's.
pub(crate) fn plan_start(year: i32, month: i32) -> AppResult<i64> {
    match month {
        0 => time::year_start(year),
        m => time::month_start(
            year,
            u32::try_from(m).map_err(|_| AppError::bad("月份无效"))?,
        ),
    }
}

fn check(year: i32, month: Option<u32>) -> AppResult<()> {
    if !(2000..=2100).contains(&year) {
        return Err(AppError::bad("年份无效"));
    }
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(AppError::bad("月份应为 1 至 12"));
    }
    Ok(())
}

async fn counts(db: &Db, year: i32, month: Option<u32>) -> AppResult<Vec<(String, i64, i64)>> {
    let (from, to) = period(year, month)?;
    sql::all(
        db.conn(),
        &format!(
            "SELECT kind, COUNT(*) AS n, CAST(COALESCE(SUM(budget_cents), 0) AS BIGINT) AS b \
             FROM mtg_meetings WHERE {COUNTED} AND starts_at >= $1 AND starts_at < $2 GROUP BY kind"
        ),
        vec![from.into(), to.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("", "kind")?,
            r.try_get("", "n")?,
            r.try_get("", "b")?,
        ))
    })
    .collect()
}

/// The year's (or one month's) plan beside the meetings of that period and of the same
/// period a year before.
pub async fn report(
    db: &Db,
    actor: &Actor,
    year: i32,
    month: Option<u32>,
) -> AppResult<PlanReport> {
    if !can_view(actor) {
        return Err(AppError::Forbidden);
    }
    check(year, month)?;
    let now = counts(db, year, month).await?;
    let before = counts(db, year - 1, month).await?;
    let plans: Vec<(String, i64)> = sql::all(
        db.conn(),
        "SELECT kind, planned FROM mtg_plans WHERE year = $1 AND month = $2",
        vec![year.into(), (month.unwrap_or(0) as i32).into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("", "kind")?,
            r.try_get::<i32>("", "planned")?.into(),
        ))
    })
    .collect::<AppResult<_>>()?;
    let find = |v: &[(String, i64, i64)], k: &str| {
        v.iter()
            .find(|(x, _, _)| x == k)
            .map(|(_, n, b)| (*n, *b))
            .unwrap_or((0, 0))
    };
    let row =
        |kind: &str, planned: Option<i64>, (a, b): (i64, i64), (pa, pb): (i64, i64)| PlanRow {
            kind: kind.to_string(),
            planned,
            actual: a,
            previous: pa,
            budget_cents: b,
            previous_budget_cents: pb,
            budget_text: yuan(b),
            previous_budget_text: yuan(pb),
        };
    let rows: Vec<PlanRow> = KINDS
        .iter()
        .map(|k| {
            let planned = plans.iter().find(|(x, _)| x == k).map(|(_, p)| *p);
            row(k, planned, find(&now, k), find(&before, k))
        })
        .collect();
    let sum = |f: fn(&PlanRow) -> i64| rows.iter().map(f).sum::<i64>();
    let planned_total = rows.iter().filter_map(|r| r.planned).reduce(|a, b| a + b);
    let total = row(
        "合计",
        planned_total,
        (sum(|r| r.actual), sum(|r| r.budget_cents)),
        (sum(|r| r.previous), sum(|r| r.previous_budget_cents)),
    );
    let period_text = match month {
        Some(m) => format!("{year}年{m}月"),
        None => format!("{year}年"),
    };
    Ok(PlanReport {
        year,
        month,
        period_text,
        rows,
        total,
    })
}

/// Sets the year's (or one month's) plan: each (type, count); an empty count removes that
/// type's plan.
pub async fn set(
    db: &Db,
    actor: &Actor,
    year: i32,
    month: Option<u32>,
    entries: &[(String, String)],
) -> AppResult<()> {
    access::require_office(actor)?;
    check(year, month)?;
    let m = month.unwrap_or(0) as i32;
    let mut clean = Vec::new();
    for (k, v) in entries {
        let kind =
            kind::parse(k).ok_or_else(|| AppError::bad(format!("没有「{k}」这种会议类型")))?;
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let n: i32 = v
            .parse()
            .ok()
            .filter(|n| (0..=10_000).contains(n))
            .ok_or_else(|| AppError::bad(format!("{kind}的计划次数应为 0 至 10000 的整数")))?;
        clean.push((kind, n));
    }
    let tx = db.begin_write().await?;
    sql::exec(
        &*tx,
        "DELETE FROM mtg_plans WHERE year = $1 AND month = $2",
        vec![year.into(), m.into()],
    )
    .await?;
    let starts_at = plan_start(year, m)?;
    for (kind, n) in &clean {
        sql::exec(
            &*tx,
            "INSERT INTO mtg_plans (year, month, kind, planned, starts_at) VALUES ($1, $2, $3, $4, $5)",
            vec![
                year.into(),
                m.into(),
                (*kind).into(),
                (*n).into(),
                starts_at.into(),
            ],
        )
        .await?;
    }
    let label = match month {
        Some(m) => format!("{year}年{m}月"),
        None => format!("{year}年"),
    };
    let text = clean
        .iter()
        .map(|(k, n)| format!("{k}{n}次"))
        .collect::<Vec<_>>()
        .join("、");
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.plan.set",
            "mtg_plans",
            i64::from(year),
            format!("设定{label}会议计划：{text}"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
