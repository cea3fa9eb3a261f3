//! Booking a room for a meeting's time, in half-hour slots. The database refuses a second
//! booking of a slot (UNIQUE room and slot), so no two meetings get one room at once even
//! when their requests reach different nodes at the same moment.

use sanban_platform::{AppError, AppResult, db::WriteTx};
use sea_orm::{ConnectionTrait, SqlErr, Value};

use super::service::get_in;
use crate::{
    sql,
    time::{self, SLOT_MS},
};

/// A booking may run a whole day, not longer.
const MAX_SLOTS: i64 = 48;

/// The slots `[starts, ends)` covers: any touched half hour is taken.
pub fn slots(starts: i64, ends: i64) -> AppResult<Vec<i64>> {
    if ends <= starts {
        return Err(AppError::bad("结束时间应晚于开始时间"));
    }
    let first = starts.div_euclid(SLOT_MS);
    let last = (ends - 1).div_euclid(SLOT_MS);
    if last - first + 1 > MAX_SLOTS {
        return Err(AppError::bad("一次预订会议室不能超过 24 小时"));
    }
    Ok((first..=last).collect())
}

/// Books `room_id` for the meeting over `[starts, ends)` inside the meeting's transaction.
pub async fn book(
    tx: &WriteTx,
    room_id: i64,
    meeting_id: i64,
    starts: i64,
    ends: i64,
) -> AppResult<()> {
    let room = get_in(&**tx, room_id).await?;
    let wanted = slots(starts, ends)?;
    // Whoever already holds the time is named, when the earlier booking is visible here.
    let clash = sql::one(
        &**tx,
        "SELECT m.title, m.starts_at, m.ends_at FROM mtg_room_slots s \
         JOIN mtg_meetings m ON m.id = s.meeting_id \
         WHERE s.room_id = $1 AND s.slot >= $2 AND s.slot <= $3 AND s.meeting_id <> $4 \
         ORDER BY m.starts_at",
        vec![
            room_id.into(),
            wanted[0].into(),
            wanted[wanted.len() - 1].into(),
            meeting_id.into(),
        ],
    )
    .await?;
    if let Some(c) = clash {
        let title: String = c.try_get("", "title")?;
        let s: i64 = c.try_get("", "starts_at")?;
        let e: i64 = c.try_get("", "ends_at")?;
        return Err(AppError::Conflict(format!(
            "会议室「{}」在 {} 已被「{title}」预订，请另选时间或会议室",
            room.name,
            time::span_cn(s, e)
        )));
    }
    let mut values: Vec<Value> = Vec::new();
    let mut rows = Vec::new();
    for s in &wanted {
        values.extend([room_id.into(), (*s).into(), meeting_id.into()]);
        let n = values.len();
        rows.push(format!("(${}, ${}, ${})", n - 2, n - 1, n));
    }
    let stmt = sql::stmt(
        &**tx,
        &format!(
            "INSERT INTO mtg_room_slots (room_id, slot, meeting_id) VALUES {}",
            rows.join(", ")
        ),
        values,
    );
    match tx.execute_raw(stmt).await {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(AppError::Conflict(format!(
                "会议室「{}」所选时段已被他人预订，请另选时间或会议室",
                room.name
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// Gives the room back: the meeting was cancelled, postponed or moved.
pub async fn release(tx: &WriteTx, meeting_id: i64) -> AppResult<()> {
    sql::exec(
        &**tx,
        "DELETE FROM mtg_room_slots WHERE meeting_id = $1",
        vec![meeting_id.into()],
    )
    .await?;
    Ok(())
}
