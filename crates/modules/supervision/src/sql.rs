//! Raw statements written once with PostgreSQL placeholders and adapted to the backend, so the
//! module's few tables need no generated entities.

use sea_orm::{ConnectionTrait, DatabaseBackend, QueryResult, Statement, Value};

use sanban_platform::AppResult;

/// SQLite's numbered `?N` stands for the same value as PostgreSQL's `$N`, so a statement may
/// use a placeholder twice or out of order (the visibility conditions do).
fn for_backend(backend: DatabaseBackend, pg: &str) -> String {
    if backend == DatabaseBackend::Postgres {
        return pg.to_string();
    }
    let mut out = String::with_capacity(pg.len());
    let mut chars = pg.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn stmt(conn: &impl ConnectionTrait, pg: &str, values: Vec<Value>) -> Statement {
    let backend = conn.get_database_backend();
    Statement::from_sql_and_values(backend, for_backend(backend, pg), values)
}

pub(crate) async fn all(
    conn: &impl ConnectionTrait,
    pg: &str,
    values: Vec<Value>,
) -> AppResult<Vec<QueryResult>> {
    Ok(conn.query_all_raw(stmt(conn, pg, values)).await?)
}

pub(crate) async fn one(
    conn: &impl ConnectionTrait,
    pg: &str,
    values: Vec<Value>,
) -> AppResult<Option<QueryResult>> {
    Ok(conn.query_one_raw(stmt(conn, pg, values)).await?)
}

pub(crate) async fn exec(
    conn: &impl ConnectionTrait,
    pg: &str,
    values: Vec<Value>,
) -> AppResult<u64> {
    Ok(conn
        .execute_raw(stmt(conn, pg, values))
        .await?
        .rows_affected())
}

/// Runs an `INSERT … RETURNING id` and gives the id.
pub(crate) async fn insert(
    conn: &impl ConnectionTrait,
    pg: &str,
    values: Vec<Value>,
) -> AppResult<i64> {
    let row = one(conn, pg, values).await?.ok_or_else(|| {
        sanban_platform::AppError::Internal(anyhow::anyhow!("insert returned no id"))
    })?;
    Ok(row.try_get::<i64>("", "id")?)
}

/// Trims a text field and bounds its length, with the field's name in the message.
pub(crate) fn text(field: &str, v: &str, max: usize, required: bool) -> AppResult<String> {
    let v = v.trim();
    if required && v.is_empty() {
        return Err(sanban_platform::AppError::bad(format!("请填写{field}")));
    }
    if v.chars().count() > max {
        return Err(sanban_platform::AppError::bad(format!(
            "{field}不能超过 {max} 个字"
        )));
    }
    Ok(v.to_string())
}
