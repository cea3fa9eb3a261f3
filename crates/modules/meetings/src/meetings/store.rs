//! Reading meetings and their people from the tables.

use sanban_platform::{AppError, AppResult};
use sea_orm::{ConnectionTrait, QueryResult, Value};

use super::{
    model::{Attendee, Meeting, yuan},
    state::State,
};
use crate::{sql, time};

pub const COLUMNS: &str = "m.id, m.kind, m.title, m.starts_at, m.ends_at, m.room_id, \
    COALESCE(r.name, '') AS room_name, m.place, m.host_id, m.host_name, m.in_stats, \
    m.budget_cents, m.state, m.record, m.minutes, m.created_by_name";

pub const FROM: &str = "mtg_meetings m LEFT JOIN mtg_rooms r ON r.id = m.room_id";

pub fn row(r: &QueryResult) -> AppResult<Meeting> {
    let state = State::parse(&r.try_get::<String>("", "state")?).unwrap_or(State::Planned);
    let starts_at: i64 = r.try_get("", "starts_at")?;
    let ends_at: i64 = r.try_get("", "ends_at")?;
    let budget_cents: i64 = r.try_get("", "budget_cents")?;
    Ok(Meeting {
        id: r.try_get("", "id")?,
        kind: r.try_get("", "kind")?,
        title: r.try_get("", "title")?,
        starts_at,
        ends_at,
        time_text: time::span_cn(starts_at, ends_at),
        room_id: r.try_get("", "room_id")?,
        room_name: r.try_get("", "room_name")?,
        place: r.try_get("", "place")?,
        host_id: r.try_get("", "host_id")?,
        host_name: r.try_get("", "host_name")?,
        in_stats: r.try_get("", "in_stats")?,
        budget_cents,
        budget_text: yuan(budget_cents),
        state,
        state_label: state.label(),
        record: r.try_get("", "record")?,
        minutes: r.try_get("", "minutes")?,
        attendees: Vec::new(),
        created_by_name: r.try_get("", "created_by_name")?,
    })
}

pub async fn attendees(conn: &impl ConnectionTrait, meeting_id: i64) -> AppResult<Vec<Attendee>> {
    sql::all(
        conn,
        "SELECT user_id, name, checked_in_at, late, sits_in FROM mtg_attendees \
         WHERE meeting_id = $1 ORDER BY sits_in, id",
        vec![meeting_id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        let at: Option<i64> = r.try_get("", "checked_in_at")?;
        let sits_in: bool = r.try_get("", "sits_in")?;
        Ok(Attendee {
            sits_in,
            role_label: Attendee::label_of(sits_in),
            user_id: r.try_get("", "user_id")?,
            name: r.try_get("", "name")?,
            checked_in_at: at,
            checked_in_text: at.map(time::clock).unwrap_or_default(),
            late: r.try_get("", "late")?,
        })
    })
    .collect()
}

/// The meeting with its 参会人员.
pub async fn get_in(conn: &impl ConnectionTrait, id: i64) -> AppResult<Meeting> {
    let r = sql::one(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE m.id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("会议"))?;
    let mut m = row(&r)?;
    m.attendees = attendees(conn, id).await?;
    Ok(m)
}

/// Names of active people by id, in the order asked; an unknown id is refused.
pub async fn names(
    conn: &impl ConnectionTrait,
    ids: &[i64],
    what: &str,
) -> AppResult<Vec<(i64, String)>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let r = sql::one(
            conn,
            "SELECT name FROM users WHERE id = $1 AND active = $2",
            vec![(*id).into(), Value::from(true)],
        )
        .await?
        .ok_or_else(|| AppError::bad(format!("所选{what}不存在或已停用")))?;
        out.push((*id, r.try_get("", "name")?));
    }
    Ok(out)
}
