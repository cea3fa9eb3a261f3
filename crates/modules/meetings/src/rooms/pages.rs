//! The rooms page (list and a new-room form) and a room's week.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppResult,
    web::{
        extract::{Form, PageActor, PagePath, Query},
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    api::{WeekQuery, day},
    model::{Room, RoomInput},
    service,
    week::{self, Week},
};

#[derive(Template, WebTemplate)]
#[template(path = "meetings/rooms.html")]
struct RoomsPage {
    shell: Shell,
    rooms: Vec<Room>,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    Ok(RoomsPage {
        rooms: service::list(&state.db, &actor).await?,
        shell: Shell::new(&state, &actor, &session, "会议室", "/meetings/rooms").await,
    })
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(input): Form<RoomInput>,
) -> AppResult<Response> {
    let r = service::create(&state.db, &actor, &input).await?;
    flash(&session, format!("已新增会议室「{}」", r.name)).await;
    Ok(Redirect::to("/meetings/rooms").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/week.html")]
struct WeekPage {
    shell: Shell,
    w: Week,
}

pub async fn week(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Query(q): Query<WeekQuery>,
) -> AppResult<impl IntoResponse> {
    let w = week::week(&state.db, &actor, id, day(q.day.as_deref())?).await?;
    Ok(WeekPage {
        shell: Shell::new(
            &state,
            &actor,
            &session,
            &format!("{}使用安排", w.room.name),
            "/meetings/rooms",
        )
        .await,
        w,
    })
}
