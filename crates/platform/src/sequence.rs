//! Office sequences that are signed and numbered (发文字号, 收文编号, 期号, 通知书编号): per name
//! and year, each number handed out once, none skipped.
//!
//! The counter row is bumped inside the caller's write transaction. On PostgreSQL the upsert's
//! update holds the row lock until commit, so concurrent transactions on any node queue on it;
//! a transaction that rolls back releases its number with it. On SQLite there is one writer.

use sea_orm::ConnectionTrait;

use crate::{
    db::{WriteTx, raw},
    error::{AppError, AppResult},
};

/// Takes the next number of `name` in `year`: 1 for the first.
pub async fn next(tx: &WriteTx, name: &str, year: i32) -> AppResult<i64> {
    // One statement: the first number of a year creates its row, every later one bumps it
    // under the row lock that the conflict takes.
    let row = raw::one(
        &**tx,
        "INSERT INTO sequences (name, year, last_value) VALUES ($1, $2, 1) \
         ON CONFLICT (name, year) DO UPDATE SET last_value = sequences.last_value + 1 \
         RETURNING last_value",
        vec![name.into(), year.into()],
    )
    .await?
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("sequence {name}/{year} gave no value")))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// The last number given out, 0 when none has been.
pub async fn current(conn: &impl ConnectionTrait, name: &str, year: i32) -> AppResult<i64> {
    let row = raw::one(
        conn,
        "SELECT last_value FROM sequences WHERE name = $1 AND year = $2",
        vec![name.into(), year.into()],
    )
    .await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<i64>(0)?,
        None => 0,
    })
}
