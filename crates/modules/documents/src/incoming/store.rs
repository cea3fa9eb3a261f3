//! Reading and writing `doc_incoming` rows.

use sea_orm::{ConnectionTrait, FromQueryResult, Statement, Value};

use sanban_platform::{AppError, AppResult};

pub use sanban_platform::db::raw::{exec, stmt};

use super::model::{Incoming, Row};

async fn one(conn: &impl ConnectionTrait, statement: Statement) -> AppResult<Option<Incoming>> {
    Row::find_by_statement(statement)
        .one(conn)
        .await?
        .map(Incoming::try_from)
        .transpose()
}

pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Incoming>> {
    one(
        conn,
        stmt(
            conn,
            "SELECT * FROM doc_incoming WHERE id = $1",
            vec![id.into()],
        ),
    )
    .await
}

/// Runs an `INSERT … RETURNING *` and reads the row it wrote.
pub async fn insert_returning(
    conn: &impl ConnectionTrait,
    pg: &str,
    values: Vec<Value>,
) -> AppResult<Incoming> {
    one(conn, stmt(conn, pg, values))
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("insert returned no row")))
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> AppResult<Incoming> {
    find(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("收文"))
}

/// Earlier registrations of the same 来文单位 + 来文字号.
pub async fn same_source(
    conn: &impl ConnectionTrait,
    unit: &str,
    number: &str,
) -> AppResult<Vec<Incoming>> {
    Row::find_by_statement(stmt(
        conn,
        "SELECT * FROM doc_incoming WHERE source_unit = $1 AND source_number = $2 ORDER BY id",
        vec![unit.into(), number.into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(Incoming::try_from)
    .collect()
}
