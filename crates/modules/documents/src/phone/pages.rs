//! The log's pages: the list with its filter and a new-entry form, and one entry's edit form.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppResult,
    auth::Permission,
    web::{
        extract::{Form, PageActor, PagePath, Query},
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::service::{self, Entry, EntryInput, Filter};

#[derive(Template, WebTemplate)]
#[template(path = "documents/phone/list.html")]
struct ListPage {
    shell: Shell,
    entries: Vec<Entry>,
    year: String,
    kind: String,
    q: String,
    export_query: String,
    now: String,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(f): Query<Filter>,
) -> AppResult<impl IntoResponse> {
    actor.require(Permission::DocumentsOffice)?;
    let entries = service::list(&state.db, &actor, &f).await?;
    let year = f.year.map(|y| y.to_string()).unwrap_or_default();
    let export_query = form_urlencoded::Serializer::new(String::new())
        .append_pair("year", &year)
        .append_pair("kind", &f.kind)
        .append_pair("q", &f.q)
        .finish();
    let now = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    Ok(ListPage {
        entries,
        year,
        kind: f.kind,
        q: f.q,
        export_query,
        now,
        shell: Shell::new(&state, &actor, &session, "电话记录", "/documents/phone").await,
    })
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(input): Form<EntryInput>,
) -> AppResult<Response> {
    let e = service::create(&state.db, &actor, &input).await?;
    flash(&session, format!("已登记{}记录", e.kind_label)).await;
    Ok(Redirect::to("/documents/phone").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/phone/edit.html")]
struct EditPage {
    shell: Shell,
    e: Entry,
}

pub async fn edit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let e = service::get(&state.db, &actor, id).await?;
    Ok(EditPage {
        e,
        shell: Shell::new(&state, &actor, &session, "修改电话记录", "/documents/phone").await,
    })
}

pub async fn update(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Form(input): Form<EntryInput>,
) -> AppResult<Response> {
    service::update(&state.db, &actor, id, &input).await?;
    flash(&session, "已保存").await;
    Ok(Redirect::to("/documents/phone").into_response())
}

pub async fn export(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(f): Query<Filter>,
) -> AppResult<Response> {
    let bytes = service::export(&state.db, &actor, &f).await?;
    Ok(sanban_platform::web::download::xlsx(
        "电话记录和传真登记簿.xlsx",
        bytes,
    ))
}
