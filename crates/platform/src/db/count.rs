//! Counts that stop at a cap: a badge in the navigation needs "99+", not the exact number, and
//! counting a person's thousands of open items on every page would cost more as they pile up.

use sea_orm::{
    ConnectionTrait, EntityTrait, QuerySelect, QueryTrait, Select,
    sea_query::{Alias, Expr, Query},
};

use super::Db;
use crate::AppResult;

/// The number of rows `find` gives, but at most `cap`; reads no more than `cap` of them.
pub async fn count_upto<E: EntityTrait>(db: &Db, find: Select<E>, cap: u64) -> AppResult<u64> {
    let rows = find
        .select_only()
        .expr(Expr::val(1))
        .limit(cap)
        .into_query();
    let count = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(rows, Alias::new("capped"))
        .to_owned();
    let row = db.conn().query_one_raw(db.backend().build(&count)).await?;
    let n: i64 = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => 0,
    };
    Ok(n.max(0) as u64)
}
