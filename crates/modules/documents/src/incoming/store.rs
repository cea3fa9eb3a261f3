//! Reading and writing `doc_incoming` rows.

use sea_orm::{ConnectionTrait, FromQueryResult, Statement, Value};

use sanban_platform::{AppError, AppResult, db::for_backend};

use super::model::{Incoming, Row};

pub fn stmt(conn: &impl ConnectionTrait, pg: &str, values: Vec<Value>) -> Statement {
    let backend = conn.get_database_backend();
    Statement::from_sql_and_values(backend, for_backend(backend, pg), values)
}

pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Incoming>> {
    let row = Row::find_by_statement(stmt(
        conn,
        "SELECT * FROM doc_incoming WHERE id = $1",
        vec![id.into()],
    ))
    .one(conn)
    .await?;
    row.map(Incoming::try_from).transpose()
}

/// Runs an `INSERT … RETURNING *` and reads the row it wrote.
pub async fn insert_returning(
    conn: &impl ConnectionTrait,
    insert: Statement,
) -> AppResult<Incoming> {
    let row = Row::find_by_statement(insert)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("insert returned no row")))?;
    Incoming::try_from(row)
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

pub async fn exec(conn: &impl ConnectionTrait, pg: &str, values: Vec<Value>) -> AppResult<()> {
    conn.execute_raw(stmt(conn, pg, values)).await?;
    Ok(())
}
