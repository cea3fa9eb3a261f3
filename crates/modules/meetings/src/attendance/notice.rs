//! 会议通知: each attendee (出席 or asked to 列席) and the 主持人 are told in the application (and by e-mail and the
//! department robots, as they chose); the meeting becomes 已通知.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    notify,
};

use crate::{
    meetings::{service as meetings, state::State},
    sql,
};

/// Tells the people of a meeting that was already announced what has changed since (a new
/// time or place, a cancellation), inside the change's transaction.
pub async fn tell_change(
    conn: &impl sea_orm::ConnectionTrait,
    m: &crate::meetings::model::Meeting,
    what: &str,
) -> AppResult<()> {
    let mut people: Vec<i64> = m.attendees.iter().map(|a| a.user_id).collect();
    if let Some(h) = m.host_id
        && !people.contains(&h)
    {
        people.push(h);
    }
    let title = format!("会议{what}：{}", m.title);
    let body = match m.state {
        State::Cancelled | State::Postponed => {
            format!("原定于{}召开的{}{what}，请相互转告。", m.time_text, m.kind)
        }
        _ => format!("会议时间地点调整为：{}，{}。", m.time_text, m.venue()),
    };
    let link = format!("/meetings/{}", m.id);
    for uid in people {
        notify::send(conn, uid, &title, &body, Some(&link)).await?;
    }
    Ok(())
}

/// Sends the notice; returns how many people were told. Sending again (after a change)
/// tells everyone again.
pub async fn send(db: &Db, actor: &Actor, id: i64) -> AppResult<usize> {
    let tx = db.begin_write().await?;
    let m = meetings::for_office(&tx, actor, id).await?;
    if !m.state.open() {
        return Err(AppError::bad(format!(
            "该会议{}，不能再发通知",
            m.state_label
        )));
    }
    let mut people: Vec<i64> = m.attendees.iter().map(|a| a.user_id).collect();
    if let Some(h) = m.host_id
        && !people.contains(&h)
    {
        people.push(h);
    }
    if people.is_empty() {
        return Err(AppError::bad("该会议还没有参会人员"));
    }
    let title = format!("会议通知：{}", m.title);
    let link = format!("/meetings/{id}");
    for uid in &people {
        // 列席 people are asked to sit in; everyone else (the 主持人 too) to attend.
        let sits_in = m.attendees.iter().any(|a| a.user_id == *uid && a.sits_in);
        let body = format!(
            "定于{}在{}召开{}，请{}（请提前15分钟到场签到）。",
            m.time_text,
            m.venue(),
            m.kind,
            if sits_in {
                "列席会议"
            } else {
                "准时参加"
            }
        );
        notify::send(&*tx, *uid, &title, &body, Some(&link)).await?;
    }
    sql::exec(
        &*tx,
        "UPDATE mtg_meetings SET state = $1, updated_at = $2 WHERE id = $3",
        vec![State::Notified.code().into(), now_ms().into(), id.into()],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.notify",
            "mtg_meeting",
            id,
            format!("向 {} 人发送「{}」会议通知", people.len(), m.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(people.len())
}
