//! A room's week: what is booked on each day, Monday to Sunday.

use chrono::{Datelike, Duration, NaiveDate};
use sanban_platform::{AppResult, Db, auth::Actor, web::format};
use serde::Serialize;

use super::{
    model::{Booking, Room},
    service,
};
use crate::{access, sql, time};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Day {
    /// 2026年1月5日
    pub date_text: String,
    /// 星期一
    pub weekday: &'static str,
    pub bookings: Vec<Booking>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Week {
    pub room: Room,
    /// The Monday, `2026-01-05`.
    pub monday: String,
    pub previous: String,
    pub next: String,
    pub days: Vec<Day>,
}

const WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

/// The Monday of the week a day is in.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday().into())
}

/// The bookings of the week that holds `day` (today when none). Cancelled and postponed
/// meetings hold no room and do not show.
pub async fn week(db: &Db, actor: &Actor, room_id: i64, day: Option<NaiveDate>) -> AppResult<Week> {
    access::require_office(actor)?;
    let room = service::get(db, actor, room_id).await?;
    let monday = monday_of(day.unwrap_or_else(format::today));
    let from = format::day_start_ms(monday);
    let to = format::day_start_ms(monday + Duration::days(7));
    let rows = sql::all(
        db.conn(),
        "SELECT m.id, m.title, m.kind, m.starts_at, m.ends_at FROM mtg_meetings m \
         WHERE m.id IN (SELECT meeting_id FROM mtg_room_slots WHERE room_id = $1) \
         AND m.starts_at < $2 AND m.ends_at > $3 ORDER BY m.starts_at",
        vec![room_id.into(), to.into(), from.into()],
    )
    .await?;
    let mut days: Vec<Day> = (0..7)
        .map(|i| Day {
            date_text: format::date_cn(monday + Duration::days(i)),
            weekday: WEEKDAYS[i as usize],
            bookings: Vec::new(),
        })
        .collect();
    for r in rows {
        let starts: i64 = r.try_get("", "starts_at")?;
        let ends: i64 = r.try_get("", "ends_at")?;
        let b = Booking {
            meeting_id: r.try_get("", "id")?,
            title: r.try_get("", "title")?,
            kind: r.try_get("", "kind")?,
            starts_at: starts,
            ends_at: ends,
            time_text: format!("{}—{}", time::clock(starts), time::clock(ends)),
        };
        let i = ((starts.max(from) - from) / (24 * 3600 * 1000)).clamp(0, 6) as usize;
        days[i].bookings.push(b);
    }
    Ok(Week {
        room,
        monday: monday.to_string(),
        previous: (monday - Duration::days(7)).to_string(),
        next: (monday + Duration::days(7)).to_string(),
        days,
    })
}
