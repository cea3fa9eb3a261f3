//! 签到: staff tick arrivals off the list, or an attendee signs in through the meeting's link
//! (shown as a QR code at the door). Arriving after the start is 迟到.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    web::format,
};
use sea_orm::Value;

use crate::{
    meetings::{
        model::{Attendee, Meeting},
        service as meetings,
        state::State,
        store,
    },
    sql,
};

/// Signing in by link opens this long before the start: people come early, not days early.
const LINK_OPENS_BEFORE_MS: i64 = 2 * 3600 * 1000;

async fn sign(
    tx: &sanban_platform::db::WriteTx,
    actor: &Actor,
    m: &Meeting,
    user_id: i64,
) -> AppResult<Attendee> {
    if matches!(m.state, State::Cancelled | State::Postponed) {
        return Err(AppError::bad(format!("该会议{}，无需签到", m.state_label)));
    }
    let a = m
        .attendees
        .iter()
        .find(|a| a.user_id == user_id)
        .ok_or_else(|| AppError::bad("不在本次会议的参会人员名单中"))?;
    if a.checked_in_at.is_some() {
        return Ok(a.clone());
    }
    let now = now_ms();
    sql::exec(
        &**tx,
        "UPDATE mtg_attendees SET checked_in_at = $1, late = $2 \
         WHERE meeting_id = $3 AND user_id = $4 AND checked_in_at IS NULL",
        vec![
            now.into(),
            Value::from(now > m.starts_at),
            m.id.into(),
            user_id.into(),
        ],
    )
    .await?;
    let after = store::attendees(&**tx, m.id)
        .await?
        .into_iter()
        .find(|x| x.user_id == user_id)
        .ok_or_else(|| AppError::not_found("参会人员"))?;
    audit::record(
        tx,
        actor,
        Change::new(
            "meetings.checkin",
            "mtg_meeting",
            m.id,
            format!(
                "{}签到「{}」{}",
                after.name,
                m.title,
                if after.late { "（迟到）" } else { "" }
            ),
        ),
    )
    .await?;
    Ok(after)
}

/// Staff sign an attendee in from the list.
pub async fn by_staff(db: &Db, actor: &Actor, id: i64, user_id: i64) -> AppResult<Attendee> {
    let tx = db.begin_write().await?;
    let m = meetings::for_office(&tx, actor, id).await?;
    let a = sign(&tx, actor, &m, user_id).await?;
    tx.commit().await?;
    Ok(a)
}

/// An attendee signs themself in with the meeting's link.
pub async fn by_link(db: &Db, actor: &Actor, token: &str) -> AppResult<(Meeting, Attendee)> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let tx = db.begin_write().await?;
    let id: i64 = sql::one(
        &*tx,
        "SELECT id FROM mtg_meetings WHERE checkin_token = $1",
        vec![token.to_string().into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("签到链接"))?
    .try_get("", "id")?;
    let m = store::get_in(&*tx, id).await?;
    let now = now_ms();
    if now < m.starts_at - LINK_OPENS_BEFORE_MS {
        return Err(AppError::bad(format!(
            "签到于会议开始前两小时（{}）开放",
            format::datetime_cn(m.starts_at - LINK_OPENS_BEFORE_MS)
        )));
    }
    if now > m.ends_at {
        return Err(AppError::bad("会议已结束，不能再签到"));
    }
    let a = sign(&tx, actor, &m, uid).await?;
    tx.commit().await?;
    Ok((m, a))
}

/// The meeting a sign-in link is for, as its attendee sees it before signing in.
pub async fn meeting_of_link(db: &Db, actor: &Actor, token: &str) -> AppResult<Meeting> {
    let id: i64 = sql::one(
        db.conn(),
        "SELECT id FROM mtg_meetings WHERE checkin_token = $1",
        vec![token.to_string().into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("签到链接"))?
    .try_get("", "id")?;
    meetings::get(db, actor, id).await
}

/// The sign-in link's token, for the office to show at the door.
pub async fn token(db: &Db, actor: &Actor, id: i64) -> AppResult<String> {
    crate::access::require_office(actor)?;
    Ok(sql::one(
        db.conn(),
        "SELECT checkin_token FROM mtg_meetings WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("会议"))?
    .try_get("", "checkin_token")?)
}
