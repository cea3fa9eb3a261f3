//! The records behind a number, so that every figure can be checked one record at a time.

use sea_orm::{ConnectionTrait, Statement};
use serde::Serialize;

use super::{Period, Registry, require_view};
use crate::{auth::Actor, db::Db, error::AppResult, web::format};

pub const PAGE: u64 = 100;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FigureRecord {
    pub id: i64,
    pub title: String,
    pub at: i64,
    pub at_text: String,
    pub link: String,
}

/// One page of the rows a figure counts in `period`, newest first; `page` starts at 0.
/// Returns the rows and the total, which equals the figure's number for the period.
pub async fn records(
    db: &Db,
    actor: &Actor,
    registry: &Registry,
    key: &str,
    period: Period,
    page: u64,
) -> AppResult<(Vec<FigureRecord>, i64)> {
    require_view(actor)?;
    let f = registry.get(key)?;
    let (start, end) = period.bounds();
    let s = &f.source;
    let filter = super::condition(s.filter, crate::db::now_ms());
    let filter = format!(
        "FROM {} WHERE {} >= {start} AND {} < {end}{filter}",
        s.from, s.at, s.at
    );
    let total = db
        .conn()
        .query_one_raw(Statement::from_string(
            db.backend(),
            format!("SELECT CAST(COUNT(*) AS BIGINT) {filter}"),
        ))
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    let rows = db
        .conn()
        .query_all_raw(Statement::from_string(
            db.backend(),
            format!(
                "SELECT {} AS id, {} AS title, {} AS at {filter} ORDER BY {} DESC, {} DESC LIMIT {PAGE} OFFSET {}",
                s.id,
                s.title,
                s.at,
                s.at,
                s.id,
                page.saturating_mul(PAGE)
            ),
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("", "id")?;
        let at: i64 = r.try_get("", "at")?;
        out.push(FigureRecord {
            id,
            title: r.try_get("", "title")?,
            at_text: format::datetime_cn(at),
            at,
            link: s.link.replace("{id}", &id.to_string()),
        });
    }
    Ok((out, total))
}
