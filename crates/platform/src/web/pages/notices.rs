//! The notices behind the bell.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    error::AppResult,
    notify::{
        self, Notice,
        prefs::{self, MyPrefs, Prefs},
    },
    web::{
        extract::{Form, PageActor},
        shell::{Shell, flash},
        state::AppState,
    },
};

#[derive(Template, WebTemplate)]
#[template(path = "notices.html")]
struct NoticesPage {
    shell: Shell,
    notices: Vec<Notice>,
    prefs: MyPrefs,
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    Ok(NoticesPage {
        notices: notify::list(&state.db, &actor).await?,
        prefs: prefs::get(&state.db, &actor).await?,
        shell: Shell::new(&state, &actor, &session, "消息", "/notices").await,
    })
}

pub async fn read_all(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<Response> {
    let n = notify::mark_read(&state.db, &actor, None).await?;
    flash(&session, format!("已将 {n} 条消息标为已读")).await;
    Ok(Redirect::to("/notices").into_response())
}

#[derive(Deserialize)]
pub struct PrefsFields {
    #[serde(default)]
    email: String,
}

pub async fn prefs(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(f): Form<PrefsFields>,
) -> AppResult<Response> {
    let p = prefs::set(
        &state.db,
        &actor,
        Prefs {
            email: f.email == "on",
        },
    )
    .await?;
    flash(
        &session,
        if p.email {
            "消息将同时发送到您的电子邮箱"
        } else {
            "消息不再发送到您的电子邮箱"
        },
    )
    .await;
    Ok(Redirect::to("/notices").into_response())
}
