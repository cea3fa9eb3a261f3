//! The meetings' pages: the list with its filter, the form for a new meeting, and the state
//! buttons. The meeting's own page is in [`crate::show`].

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppError, AppResult,
    org::people::{self, PeopleFilter, Person},
    web::{
        extract::{PageActor, PagePath, Query},
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    kind::KINDS,
    model::{Meeting, MeetingInput},
    service::{self, Filter, Move},
};
use crate::{access, form::Fields, rooms};

#[derive(Template, WebTemplate)]
#[template(path = "meetings/list.html")]
struct ListPage {
    shell: Shell,
    meetings: Vec<Meeting>,
    kinds: &'static [&'static str],
    year: String,
    kind: String,
    state: String,
    q: String,
    office: bool,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(f): Query<Filter>,
) -> AppResult<impl IntoResponse> {
    let meetings = service::list(&state.db, &actor, &f).await?;
    Ok(ListPage {
        meetings,
        kinds: KINDS,
        year: f.year.map(|y| y.to_string()).unwrap_or_default(),
        kind: f.kind,
        state: f.state,
        q: f.q,
        office: access::is_office(&actor),
        shell: Shell::new(&state, &actor, &session, "会议", "/meetings").await,
    })
}

/// What the form shows: empty for a new meeting, the meeting's values for a change.
#[derive(Default)]
struct Values {
    action: String,
    kind: String,
    title: String,
    starts: String,
    ends: String,
    room_id: Option<i64>,
    place: String,
    host_id: Option<i64>,
    attendees: Vec<i64>,
    sit_in: Vec<i64>,
    in_stats: bool,
    budget: String,
}

impl Values {
    fn has(&self, id: &i64) -> bool {
        self.attendees.contains(id)
    }

    fn sits_in(&self, id: &i64) -> bool {
        self.sit_in.contains(id)
    }

    fn room_is(&self, id: &i64) -> bool {
        self.room_id == Some(*id)
    }

    fn host_is(&self, id: &i64) -> bool {
        self.host_id == Some(*id)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/form.html")]
struct FormPage {
    shell: Shell,
    kinds: &'static [&'static str],
    rooms: Vec<rooms::model::Room>,
    people: Vec<Person>,
    v: Values,
}

async fn form_page(
    state: &AppState,
    session: &Session,
    actor: &sanban_platform::auth::Actor,
    title: &str,
    v: Values,
) -> AppResult<FormPage> {
    access::require_office(actor)?;
    Ok(FormPage {
        kinds: KINDS,
        rooms: rooms::service::list(&state.db, actor).await?,
        people: people::list(&state.db, actor, &PeopleFilter::default()).await?,
        shell: Shell::new(state, actor, session, title, "/meetings").await,
        v,
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NewQuery {
    /// A postponed or cancelled meeting to hold at a new time: its details fill the form.
    from: Option<i64>,
}

pub async fn new(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<NewQuery>,
) -> AppResult<impl IntoResponse> {
    access::require_office(&actor)?;
    let v = match q.from {
        Some(id) => {
            let m = service::get(&state.db, &actor, id).await?;
            Values {
                attendees: ids(&m, false),
                sit_in: ids(&m, true),
                kind: m.kind,
                title: m.title,
                room_id: m.room_id,
                place: m.place,
                host_id: m.host_id,
                in_stats: m.in_stats,
                ..Default::default()
            }
        }
        None => Values::default(),
    };
    let v = Values {
        action: "/meetings".into(),
        ..v
    };
    form_page(&state, &session, &actor, "安排会议", v).await
}

pub async fn edit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    access::require_office(&actor)?;
    let m = service::get(&state.db, &actor, id).await?;
    let v = Values {
        action: format!("/meetings/{id}/edit"),
        starts: m.starts_input(),
        ends: m.ends_input(),
        attendees: ids(&m, false),
        sit_in: ids(&m, true),
        budget: if m.budget_cents == 0 {
            String::new()
        } else {
            m.budget_text.clone()
        },
        kind: m.kind,
        title: m.title,
        room_id: m.room_id,
        place: m.place,
        host_id: m.host_id,
        in_stats: m.in_stats,
    };
    form_page(&state, &session, &actor, "修改会议", v).await
}

pub async fn update(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let m = service::update(&state.db, &actor, id, &input(&Fields::parse(&body))?).await?;
    flash(&session, format!("已修改「{}」", m.title)).await;
    Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
}

/// The meeting's 出席 (or 列席) people.
fn ids(m: &crate::meetings::model::Meeting, sits_in: bool) -> Vec<i64> {
    m.attendees
        .iter()
        .filter(|a| a.sits_in == sits_in)
        .map(|a| a.user_id)
        .collect()
}

fn input(f: &Fields) -> AppResult<MeetingInput> {
    Ok(MeetingInput {
        kind: f.one("kind"),
        title: f.one("title"),
        starts_at: f.one("starts_at"),
        ends_at: f.one("ends_at"),
        room_id: f.id("room_id", "会议室")?,
        place: f.one("place"),
        host_id: f.id("host_id", "主持人")?,
        attendee_ids: f.ids("attendee_ids", "参会人员")?,
        sit_in_ids: f.ids("sit_in_ids", "列席人员")?,
        in_stats: f.flag("in_stats"),
        budget: f.one("budget"),
    })
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let m = service::create(&state.db, &actor, &input(&Fields::parse(&body))?).await?;
    flash(&session, format!("已安排{}「{}」", m.kind, m.title)).await;
    Ok(Redirect::to(&format!("/meetings/{}", m.id)).into_response())
}

pub async fn change_state(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let mv = Move::parse(&f.one("action")).ok_or_else(|| AppError::bad("操作无效"))?;
    let m = service::change_state(&state.db, &actor, id, mv).await?;
    flash(&session, format!("会议{}", m.state_label)).await;
    Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
}

pub async fn set_budget(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let m = service::set_budget(&state.db, &actor, id, &Fields::parse(&body).one("budget")).await?;
    flash(&session, format!("会议经费已记为 {} 元", m.budget_text)).await;
    Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
}

pub use crate::show::show;
