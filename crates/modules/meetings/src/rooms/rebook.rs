//! Moving a meeting that is still to be held to another room (or out of the rooms).

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
};

use super::booking;
use crate::{
    meetings::{model::Meeting, service, store},
    sql,
};

pub async fn rebook(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
    room_id: Option<i64>,
) -> AppResult<Meeting> {
    let tx = db.begin_write().await?;
    let before = service::for_office(&tx, actor, meeting_id).await?;
    if !before.state.open() {
        return Err(AppError::bad(format!(
            "该会议{}，不能再预订会议室",
            before.state_label
        )));
    }
    if room_id.is_none() && before.place.is_empty() {
        return Err(AppError::bad("不用会议室时须先填写地点"));
    }
    booking::release(&tx, meeting_id).await?;
    if let Some(r) = room_id {
        booking::book(&tx, r, meeting_id, before.starts_at, before.ends_at).await?;
    }
    sql::exec(
        &*tx,
        "UPDATE mtg_meetings SET room_id = $1, updated_at = $2 WHERE id = $3",
        vec![room_id.into(), now_ms().into(), meeting_id.into()],
    )
    .await?;
    let after = store::get_in(&*tx, meeting_id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.room.book",
            "mtg_meeting",
            meeting_id,
            format!("会议「{}」预订会议室：{}", after.title, after.venue()),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
