//! Creating meetings, finding them, and moving them through 计划中 → 已通知 → 已召开, or to
//! 已取消 / 已延期 (kept, shown, not counted). The office runs them; attendees and the
//! 主持人 see their own.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
};
use sea_orm::Value;
use serde::Deserialize;

use super::{
    kind,
    model::{Meeting, MeetingInput, parse_yuan},
    state::State,
    store::{self, COLUMNS, FROM},
};
use crate::{access, rooms::booking, sql, time};

struct Clean {
    kind: &'static str,
    title: String,
    starts: i64,
    ends: i64,
    room_id: Option<i64>,
    place: String,
    host: Option<(i64, String)>,
    /// (person, name, 列席)
    attendees: Vec<(i64, String, bool)>,
    in_stats: bool,
    budget: i64,
}

async fn clean(conn: &impl sea_orm::ConnectionTrait, i: &MeetingInput) -> AppResult<Clean> {
    let kind = kind::parse(&i.kind).ok_or_else(|| AppError::bad("请选择会议类型"))?;
    let title = sql::text("会议名称", &i.title, 200, true)?;
    let starts = time::parse_at("开始时间", &i.starts_at)?;
    let ends = time::parse_at("结束时间", &i.ends_at)?;
    booking::slots(starts, ends)?;
    let place = sql::text("地点", &i.place, 200, false)?;
    if i.room_id.is_none() && place.is_empty() {
        return Err(AppError::bad("请选择会议室或填写地点"));
    }
    let room = match i.room_id {
        Some(r) => Some(
            crate::rooms::service::get_in(conn, r)
                .await
                .map_err(|_| AppError::bad("所选会议室不存在"))?,
        ),
        None => None,
    };
    let host = match i.host_id {
        Some(h) => store::names(conn, &[h], "主持人").await?.pop(),
        None => None,
    };
    let unique = |v: &[i64]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    };
    let ids = unique(&i.attendee_ids);
    let sit_in = unique(&i.sit_in_ids);
    if sit_in.iter().any(|s| ids.contains(s)) {
        return Err(AppError::bad("同一人不能既出席又列席，请只选其一"));
    }
    let total = ids.len() + sit_in.len();
    if total > 500 {
        return Err(AppError::bad("参会人员不能超过 500 人"));
    }
    if let Some(r) = &room
        && total as i64 > r.capacity
    {
        return Err(AppError::bad(format!(
            "会议室「{}」只能容纳 {} 人，参会人员有 {} 人，请另选会议室",
            r.name, r.capacity, total
        )));
    }
    let mut attendees: Vec<(i64, String, bool)> = store::names(conn, &ids, "参会人员")
        .await?
        .into_iter()
        .map(|(id, n)| (id, n, false))
        .collect();
    attendees.extend(
        store::names(conn, &sit_in, "列席人员")
            .await?
            .into_iter()
            .map(|(id, n)| (id, n, true)),
    );
    Ok(Clean {
        kind,
        title,
        starts,
        ends,
        room_id: i.room_id,
        place,
        host,
        attendees,
        in_stats: i.in_stats,
        budget: parse_yuan(&i.budget)?,
    })
}

async fn add_attendee(
    tx: &sanban_platform::db::WriteTx,
    meeting: i64,
    user: i64,
    name: &str,
    sits_in: bool,
) -> AppResult<()> {
    sql::exec(
        &**tx,
        "INSERT INTO mtg_attendees (meeting_id, user_id, name, sits_in) VALUES ($1, $2, $3, $4)",
        vec![
            meeting.into(),
            user.into(),
            name.into(),
            Value::from(sits_in),
        ],
    )
    .await?;
    Ok(())
}

pub async fn create(db: &Db, actor: &Actor, input: &MeetingInput) -> AppResult<Meeting> {
    access::require_office(actor)?;
    let c = clean(db.conn(), input).await?;
    let tx = db.begin_write().await?;
    let now = now_ms();
    let id = sql::insert(
        &*tx,
        "INSERT INTO mtg_meetings (kind, title, starts_at, ends_at, room_id, place, host_id, \
         host_name, in_stats, budget_cents, state, checkin_token, created_by, created_by_name, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         RETURNING id",
        vec![
            c.kind.into(),
            c.title.clone().into(),
            c.starts.into(),
            c.ends.into(),
            c.room_id.into(),
            c.place.clone().into(),
            c.host.as_ref().map(|h| h.0).into(),
            c.host
                .as_ref()
                .map(|h| h.1.clone())
                .unwrap_or_default()
                .into(),
            Value::from(c.in_stats),
            c.budget.into(),
            State::Planned.code().into(),
            uuid::Uuid::new_v4().simple().to_string().into(),
            actor.user_id.into(),
            actor.name.clone().into(),
            now.into(),
            now.into(),
        ],
    )
    .await?;
    for (uid, name, sits_in) in &c.attendees {
        add_attendee(&tx, id, *uid, name, *sits_in).await?;
    }
    if let Some(room) = c.room_id {
        booking::book(&tx, room, id, c.starts, c.ends).await?;
    }
    let m = store::get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.create",
            "mtg_meeting",
            id,
            format!("安排{}「{}」", m.kind, m.title),
        )
        .after(&m),
    )
    .await?;
    tx.commit().await?;
    Ok(m)
}

/// Changes a meeting still to be held: its time, room, people and the rest. The room is
/// booked anew for the new time; attendees who stay keep their 签到.
pub async fn update(db: &Db, actor: &Actor, id: i64, input: &MeetingInput) -> AppResult<Meeting> {
    access::require_office(actor)?;
    let c = clean(db.conn(), input).await?;
    let tx = db.begin_write().await?;
    let before = for_office(&tx, actor, id).await?;
    if !before.state.open() {
        return Err(AppError::bad(format!(
            "该会议{}，不能再修改",
            before.state_label
        )));
    }
    booking::release(&tx, id).await?;
    sql::exec(
        &*tx,
        "UPDATE mtg_meetings SET kind = $1, title = $2, starts_at = $3, ends_at = $4, \
         room_id = $5, place = $6, host_id = $7, host_name = $8, in_stats = $9, \
         budget_cents = $10, updated_at = $11 WHERE id = $12",
        vec![
            c.kind.into(),
            c.title.clone().into(),
            c.starts.into(),
            c.ends.into(),
            c.room_id.into(),
            c.place.clone().into(),
            c.host.as_ref().map(|h| h.0).into(),
            c.host
                .as_ref()
                .map(|h| h.1.clone())
                .unwrap_or_default()
                .into(),
            Value::from(c.in_stats),
            c.budget.into(),
            now_ms().into(),
            id.into(),
        ],
    )
    .await?;
    let keep: Vec<i64> = c.attendees.iter().map(|(u, _, _)| *u).collect();
    for gone in before
        .attendees
        .iter()
        .filter(|a| !keep.contains(&a.user_id))
    {
        sql::exec(
            &*tx,
            "DELETE FROM mtg_attendees WHERE meeting_id = $1 AND user_id = $2",
            vec![id.into(), gone.user_id.into()],
        )
        .await?;
    }
    for (uid, name, sits_in) in &c.attendees {
        match before.attendees.iter().find(|a| a.user_id == *uid) {
            None => add_attendee(&tx, id, *uid, name, *sits_in).await?,
            Some(a) if a.sits_in != *sits_in => {
                sql::exec(
                    &*tx,
                    "UPDATE mtg_attendees SET sits_in = $1 WHERE meeting_id = $2 AND user_id = $3",
                    vec![Value::from(*sits_in), id.into(), (*uid).into()],
                )
                .await?;
            }
            Some(_) => {}
        }
    }
    if let Some(room) = c.room_id {
        booking::book(&tx, room, id, c.starts, c.ends).await?;
    }
    let after = store::get_in(&*tx, id).await?;
    let moved = after.starts_at != before.starts_at
        || after.ends_at != before.ends_at
        || after.venue() != before.venue();
    if before.state == State::Notified && moved {
        crate::attendance::notice::tell_change(&*tx, &after, "变更").await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.update",
            "mtg_meeting",
            id,
            format!("修改{}「{}」", after.kind, after.title),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Records what the meeting really cost, once the bills are in: the 经费 the figures count.
pub async fn set_budget(db: &Db, actor: &Actor, id: i64, budget: &str) -> AppResult<Meeting> {
    access::require_office(actor)?;
    let cents = parse_yuan(budget)?;
    let tx = db.begin_write().await?;
    let before = for_office(&tx, actor, id).await?;
    if matches!(before.state, State::Cancelled | State::Postponed) {
        return Err(AppError::bad(format!(
            "该会议{}，不计会议经费",
            before.state_label
        )));
    }
    sql::exec(
        &*tx,
        "UPDATE mtg_meetings SET budget_cents = $1, updated_at = $2 WHERE id = $3",
        vec![cents.into(), now_ms().into(), id.into()],
    )
    .await?;
    let after = store::get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.budget",
            "mtg_meeting",
            id,
            format!("「{}」会议经费 {} 元", after.title, after.budget_text),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Whether the person may open the meeting: the office and those who oversee all records,
/// its 主持人 and its attendees.
pub fn can_see(actor: &Actor, m: &Meeting) -> bool {
    access::sees_all(actor)
        || actor
            .user_id
            .is_some_and(|u| m.host_id == Some(u) || m.attendees.iter().any(|a| a.user_id == u))
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Meeting> {
    let m = store::get_in(db.conn(), id).await?;
    if !can_see(actor, &m) {
        return Err(AppError::Forbidden);
    }
    Ok(m)
}

/// The meeting, for a change only the office makes.
pub async fn for_office(
    tx: &sanban_platform::db::WriteTx,
    actor: &Actor,
    id: i64,
) -> AppResult<Meeting> {
    access::require_office(actor)?;
    store::get_in(&**tx, id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    pub year: Option<i32>,
    /// 会议类型
    #[serde(default)]
    pub kind: String,
    /// `planned` / `notified` / `held` / `cancelled` / `postponed`
    #[serde(default)]
    pub state: String,
    /// Words in the name or the place.
    #[serde(default)]
    pub q: String,
}

/// Newest first. The office and those who oversee all records see all; anyone else the
/// meetings they attend or chair.
pub async fn list(db: &Db, actor: &Actor, f: &Filter) -> AppResult<Vec<Meeting>> {
    let mut conds = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    if !access::sees_all(actor) {
        let uid = actor.user_id.ok_or(AppError::Forbidden)?;
        vals.push(uid.into());
        let a = vals.len();
        vals.push(uid.into());
        conds.push(format!(
            "(m.host_id = ${a} OR m.id IN (SELECT meeting_id FROM mtg_attendees WHERE user_id = ${}))",
            vals.len()
        ));
    }
    if let Some(y) = f.year {
        vals.push(time::year_start(y)?.into());
        conds.push(format!("m.starts_at >= ${}", vals.len()));
        vals.push(time::year_start(y + 1)?.into());
        conds.push(format!("m.starts_at < ${}", vals.len()));
    }
    if !f.kind.trim().is_empty() {
        let k = kind::parse(&f.kind).ok_or_else(|| AppError::bad("没有这种会议类型"))?;
        vals.push(k.into());
        conds.push(format!("m.kind = ${}", vals.len()));
    }
    if !f.state.trim().is_empty() {
        let s = State::parse(&f.state).ok_or_else(|| AppError::bad("没有这种会议状态"))?;
        vals.push(s.code().into());
        conds.push(format!("m.state = ${}", vals.len()));
    }
    for word in f.q.split_whitespace().take(5) {
        vals.push(word.to_string().into());
        let a = vals.len();
        vals.push(word.to_string().into());
        conds.push(format!(
            "(m.title LIKE '%' || ${a} || '%' OR m.place LIKE '%' || ${} || '%')",
            vals.len()
        ));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    sql::all(
        db.conn(),
        &format!(
            "SELECT {COLUMNS} FROM {FROM}{filter} ORDER BY m.starts_at DESC, m.id DESC LIMIT 2000"
        ),
        vals,
    )
    .await?
    .iter()
    .map(store::row)
    .collect()
}

/// What the office may do to a meeting's state from its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// 已召开
    Held,
    /// 取消
    Cancel,
    /// 延期
    Postpone,
}

impl Move {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "held" => Some(Self::Held),
            "cancel" | "cancelled" => Some(Self::Cancel),
            "postpone" | "postponed" => Some(Self::Postpone),
            _ => None,
        }
    }

    fn target(self) -> State {
        match self {
            Self::Held => State::Held,
            Self::Cancel => State::Cancelled,
            Self::Postpone => State::Postponed,
        }
    }
}

/// Marks the meeting held, cancelled or postponed. Only a meeting still to be held moves;
/// a cancelled or postponed one gives its room back.
pub async fn change_state(db: &Db, actor: &Actor, id: i64, mv: Move) -> AppResult<Meeting> {
    let tx = db.begin_write().await?;
    let before = for_office(&tx, actor, id).await?;
    if !before.state.open() {
        return Err(AppError::bad(format!(
            "该会议{}，不能再改为{}",
            before.state_label,
            mv.target().label()
        )));
    }
    let to = mv.target();
    let changed = sql::exec(
        &*tx,
        "UPDATE mtg_meetings SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
        vec![
            to.code().into(),
            now_ms().into(),
            id.into(),
            before.state.code().into(),
        ],
    )
    .await?;
    if changed != 1 {
        return Err(AppError::Conflict(
            "会议状态刚被他人修改，请刷新后重试".into(),
        ));
    }
    if mv != Move::Held {
        booking::release(&tx, id).await?;
    }
    let after = store::get_in(&*tx, id).await?;
    if before.state == State::Notified && mv != Move::Held {
        crate::attendance::notice::tell_change(&*tx, &after, to.label().trim_start_matches('已'))
            .await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.state",
            "mtg_meeting",
            id,
            format!("会议「{}」{}", after.title, to.label()),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
