//! 考核定稿: the office freezes a year's scores as they stand. The frozen table is what gets
//! published and what the 统计 page counts, so a task closed or reopened later cannot change a
//! result already announced. Finalising again is allowed only with a written reason, and every
//! finalisation is audited with the table it replaced.

use chrono::NaiveDate;
use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    web::format::{datetime_cn, day_start_ms, today},
};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

use super::{
    service::{self, Score, require_view},
    weights::Weights,
};
use crate::{sql, task::access};

/// A year's 定稿 scores.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Final {
    pub year: i32,
    /// The weights the scores were made with.
    pub weights: Weights,
    /// 1 for the first 定稿, then one more for each 重新定稿.
    pub revision: i32,
    /// Why it was finalised again; empty the first time.
    pub note: String,
    pub by_name: String,
    pub at: i64,
    pub at_text: String,
    /// Best first, as they stood when finalised.
    pub lines: Vec<Score>,
}

/// What the office sends to finalise a year.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct FinaliseInput {
    pub year: i32,
    /// 重新定稿说明, required when the year is already finalised.
    #[serde(default)]
    pub note: String,
}

fn year_ok(year: i32) -> AppResult<()> {
    use chrono::Datelike;
    if NaiveDate::from_ymd_opt(year, 1, 1).is_none() || year < 2000 {
        return Err(AppError::bad("年份无效"));
    }
    if year > today().year() {
        return Err(AppError::bad("不能为尚未开始的年度定稿"));
    }
    Ok(())
}

/// Where a year's lines sit on the 统计 page: the year's last day, since the result is the
/// whole year's.
fn year_at(year: i32) -> i64 {
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(0, day_start_ms)
}

/// The drill-down line of the 统计 page: enough to read the result without opening the page.
fn title(l: &Score) -> String {
    format!(
        "{}：{} 分（按时办结率 {}%，超期 {} 件，退回 {} 次）",
        l.department, l.score, l.on_time_rate, l.overdue, l.returned
    )
}

/// The 定稿 of `year`, if the office has finalised it; for leaders and the office.
pub async fn get(db: &Db, actor: &Actor, year: i32) -> AppResult<Option<Final>> {
    require_view(actor)?;
    load(db.conn(), year).await
}

pub async fn load(conn: &impl ConnectionTrait, year: i32) -> AppResult<Option<Final>> {
    let Some(head) = sql::one(
        conn,
        "SELECT weights, note, revision, by_name, at FROM sup_score_finals WHERE year = $1",
        vec![year.into()],
    )
    .await?
    else {
        return Ok(None);
    };
    let weights: String = head.try_get("", "weights")?;
    let weights: Weights = serde_json::from_str(&weights)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("定稿权重无法读取：{e}")))?;
    let mut lines = Vec::new();
    for r in sql::all(
        conn,
        "SELECT line FROM sup_score_final_lines WHERE year = $1 \
         ORDER BY score_tenths DESC, department_id",
        vec![year.into()],
    )
    .await?
    {
        let line: String = r.try_get("", "line")?;
        lines.push(
            serde_json::from_str(&line)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("定稿得分无法读取：{e}")))?,
        );
    }
    let at: i64 = head.try_get("", "at")?;
    Ok(Some(Final {
        year,
        weights,
        revision: head.try_get("", "revision")?,
        note: head.try_get("", "note")?,
        by_name: head.try_get("", "by_name")?,
        at,
        at_text: datetime_cn(at),
        lines,
    }))
}

/// The year and department of one 定稿 line, for the 统计 page's drill-down links.
pub async fn line(db: &Db, actor: &Actor, id: i64) -> AppResult<(i32, i64)> {
    require_view(actor)?;
    let r = sql::one(
        db.conn(),
        "SELECT year, department_id FROM sup_score_final_lines WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("考核定稿记录"))?;
    Ok((r.try_get("", "year")?, r.try_get("", "department_id")?))
}

/// Freezes the year's scores as they stand now; the office only.
pub async fn finalise(db: &Db, actor: &Actor, input: &FinaliseInput) -> AppResult<Final> {
    access::require_office(actor)?;
    year_ok(input.year)?;
    let note = sql::text("重新定稿说明", &input.note, 500, false)?;
    let year = input.year;
    let tx = db.begin_write().await?;
    let before = load(&*tx, year).await?;
    if before.is_some() && note.is_empty() {
        return Err(AppError::bad("该年度考核已定稿；重新定稿须填写说明"));
    }
    let now = now_ms();
    let scores = service::year_at(&*tx, year, now).await?;
    if scores.lines.is_empty() {
        return Err(AppError::bad("本年没有可考核的督办事项，无法定稿"));
    }
    let weights = serde_json::to_string(&scores.weights)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    let revision = match &before {
        Some(b) => {
            // Two people finalising again at once: only the one who saw the current revision
            // replaces it.
            let n = sql::exec(
                &*tx,
                "UPDATE sup_score_finals SET weights = $1, note = $2, revision = $3, \
                 by_id = $4, by_name = $5, at = $6 WHERE year = $7 AND revision = $8",
                vec![
                    weights.into(),
                    note.clone().into(),
                    (b.revision + 1).into(),
                    actor.user_id.into(),
                    actor.name.clone().into(),
                    now.into(),
                    year.into(),
                    b.revision.into(),
                ],
            )
            .await?;
            if n != 1 {
                return Err(AppError::Conflict(
                    "该年度考核刚由他人重新定稿，请刷新后查看".into(),
                ));
            }
            sql::exec(
                &*tx,
                "DELETE FROM sup_score_final_lines WHERE year = $1",
                vec![year.into()],
            )
            .await?;
            b.revision + 1
        }
        None => {
            sql::exec(
                &*tx,
                "INSERT INTO sup_score_finals (year, weights, note, revision, by_id, by_name, at) \
                 VALUES ($1, $2, '', 1, $3, $4, $5)",
                vec![
                    year.into(),
                    weights.into(),
                    actor.user_id.into(),
                    actor.name.clone().into(),
                    now.into(),
                ],
            )
            .await
            .map_err(|e| match e {
                AppError::Conflict(_) => {
                    AppError::Conflict("该年度考核刚由他人定稿，请刷新后查看".into())
                }
                e => e,
            })?;
            1
        }
    };
    for l in &scores.lines {
        let line = serde_json::to_string(l).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
        sql::exec(
            &*tx,
            "INSERT INTO sup_score_final_lines \
             (year, department_id, department, score_tenths, title, line, year_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                year.into(),
                l.department_id.into(),
                l.department.clone().into(),
                ((l.score * 10.0).round() as i64).into(),
                title(l).into(),
                line.into(),
                year_at(year).into(),
            ],
        )
        .await?;
    }
    let done = Final {
        year,
        weights: scores.weights,
        revision,
        note,
        by_name: actor.name.clone(),
        at: now,
        at_text: datetime_cn(now),
        lines: scores.lines,
    };
    let what = if revision == 1 {
        format!("{year}年督办考核定稿")
    } else {
        format!("{year}年督办考核重新定稿（第 {revision} 次）")
    };
    let mut change =
        Change::new("supervision.score.finalise", "sup_score_finals", year, what).after(&done);
    if let Some(b) = &before {
        change = change.before(b);
    }
    audit::record(&tx, actor, change).await?;
    tx.commit().await?;
    Ok(done)
}
