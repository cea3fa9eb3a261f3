//! The meeting's page: what it is, who comes and who has signed in, and for the office the
//! buttons that move it on.

use askama::Template;
use askama_web::WebTemplate;
use axum::{extract::State, response::IntoResponse};
use sanban_platform::{
    AppResult,
    web::{
        extract::{PageActor, PagePath},
        shell::Shell,
        state::AppState,
    },
};
use tower_sessions::Session;

use crate::{access, meetings::model::Meeting, meetings::service};

#[derive(Template, WebTemplate)]
#[template(path = "meetings/show.html")]
struct ShowPage {
    shell: Shell,
    m: Meeting,
    office: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let m = service::get(&state.db, &actor, id).await?;
    Ok(ShowPage {
        office: access::is_office(&actor),
        shell: Shell::new(&state, &actor, &session, &m.title, "/meetings").await,
        m,
    })
}
