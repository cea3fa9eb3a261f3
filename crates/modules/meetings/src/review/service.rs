//! Recording and reading a meeting's 复盘. Only the office records it, only for a held
//! meeting; recording again replaces it, and each time is audited with what it replaced.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    web::format,
};
use sea_orm::ConnectionTrait;

use super::model::{Review, ReviewInput};
use crate::{
    access,
    meetings::{service as meetings, state::State},
    sql,
};

const MAX_CHARS: usize = 2_000;

/// Who may read a meeting's 复盘: the office and those who oversee all records. It is the
/// office's own look back, not part of what attendees are sent.
pub fn can_read(actor: &Actor) -> bool {
    access::sees_all(actor)
}

pub async fn of_meeting(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Review>> {
    sql::one(
        conn,
        "SELECT meeting_id, went_well, problems, improvements, recorded_by_name, recorded_at \
         FROM mtg_reviews WHERE meeting_id = $1",
        vec![id.into()],
    )
    .await?
    .map(|r| -> AppResult<Review> {
        let at: i64 = r.try_get("", "recorded_at")?;
        Ok(Review {
            meeting_id: r.try_get("", "meeting_id")?,
            went_well: r.try_get("", "went_well")?,
            problems: r.try_get("", "problems")?,
            improvements: r.try_get("", "improvements")?,
            recorded_by_name: r.try_get("", "recorded_by_name")?,
            recorded_at: at,
            recorded_text: format::datetime_cn(at),
        })
    })
    .transpose()
}

/// The meeting's 复盘, if one was recorded.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Option<Review>> {
    meetings::get(db, actor, id).await?;
    if !can_read(actor) {
        return Err(AppError::Forbidden);
    }
    of_meeting(db.conn(), id).await
}

pub async fn save(db: &Db, actor: &Actor, id: i64, input: &ReviewInput) -> AppResult<Review> {
    // Someone who may not write it hears 403 before anything about what they sent.
    access::require_office(actor)?;
    let went_well = sql::text("经验做法", &input.went_well, MAX_CHARS, false)?;
    let problems = sql::text("存在问题", &input.problems, MAX_CHARS, false)?;
    let improvements = sql::text("改进措施", &input.improvements, MAX_CHARS, false)?;
    if went_well.is_empty() && problems.is_empty() && improvements.is_empty() {
        return Err(AppError::bad("请至少填写一项复盘内容"));
    }
    let tx = db.begin_write().await?;
    let m = meetings::for_office(&tx, actor, id).await?;
    if m.state != State::Held {
        return Err(AppError::bad(format!(
            "会议{}：召开后才能复盘",
            m.state_label
        )));
    }
    let before = of_meeting(&*tx, id).await?;
    let values = vec![
        went_well.into(),
        problems.into(),
        improvements.into(),
        actor.name.clone().into(),
        now_ms().into(),
        id.into(),
    ];
    if before.is_some() {
        sql::exec(
            &*tx,
            "UPDATE mtg_reviews SET went_well = $1, problems = $2, improvements = $3, \
             recorded_by_name = $4, recorded_at = $5 WHERE meeting_id = $6",
            values,
        )
        .await?;
    } else {
        sql::exec(
            &*tx,
            "INSERT INTO mtg_reviews (went_well, problems, improvements, recorded_by_name, \
             recorded_at, meeting_id) VALUES ($1, $2, $3, $4, $5, $6)",
            values,
        )
        .await?;
    }
    let after = of_meeting(&*tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("复盘"))?;
    let mut change = Change::new(
        "meetings.review",
        "mtg_meeting",
        id,
        format!("复盘「{}」", m.title),
    )
    .after(&after);
    if let Some(b) = &before {
        change = change.before(b);
    }
    audit::record(&tx, actor, change).await?;
    tx.commit().await?;
    Ok(after)
}
