//! Raw statements written once with PostgreSQL placeholders and adapted to the backend, for
//! modules whose tables need no generated entities.

use sea_orm::{ConnectionTrait, QueryResult, Statement, Value};

use super::for_backend;
use crate::{AppError, AppResult};

pub fn stmt(conn: &impl ConnectionTrait, pg: &str, values: Vec<Value>) -> Statement {
    let backend = conn.get_database_backend();
    Statement::from_sql_and_values(backend, for_backend(backend, pg), values)
}

pub async fn all(
    conn: &impl ConnectionTrait,
    pg: &str,
    values: Vec<Value>,
) -> AppResult<Vec<QueryResult>> {
    Ok(conn.query_all_raw(stmt(conn, pg, values)).await?)
}

pub async fn one(
    conn: &impl ConnectionTrait,
    pg: &str,
    values: Vec<Value>,
) -> AppResult<Option<QueryResult>> {
    Ok(conn.query_one_raw(stmt(conn, pg, values)).await?)
}

/// Runs a statement and gives the number of rows it touched.
pub async fn exec(conn: &impl ConnectionTrait, pg: &str, values: Vec<Value>) -> AppResult<u64> {
    Ok(conn
        .execute_raw(stmt(conn, pg, values))
        .await?
        .rows_affected())
}

/// Runs an `INSERT … RETURNING id` and gives the id.
pub async fn insert(conn: &impl ConnectionTrait, pg: &str, values: Vec<Value>) -> AppResult<i64> {
    let row = one(conn, pg, values)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("insert returned no id")))?;
    Ok(row.try_get::<i64>("", "id")?)
}

/// Trims a text field and bounds its length, with the field's name in the message.
pub fn text(field: &str, v: &str, max: usize, required: bool) -> AppResult<String> {
    let v = v.trim();
    if required && v.is_empty() {
        return Err(AppError::bad(format!("请填写{field}")));
    }
    if v.chars().count() > max {
        return Err(AppError::bad(format!("{field}不能超过 {max} 个字")));
    }
    Ok(v.to_string())
}
