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

#[derive(Template, WebTemplate)]
#[template(path = "meetings/new.html")]
struct NewPage {
    shell: Shell,
    kinds: &'static [&'static str],
    rooms: Vec<rooms::model::Room>,
    people: Vec<Person>,
}

pub async fn new(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    access::require_office(&actor)?;
    Ok(NewPage {
        kinds: KINDS,
        rooms: rooms::service::list(&state.db, &actor).await?,
        people: people::list(&state.db, &actor, &PeopleFilter::default()).await?,
        shell: Shell::new(&state, &actor, &session, "安排会议", "/meetings").await,
    })
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

pub use crate::show::show;
