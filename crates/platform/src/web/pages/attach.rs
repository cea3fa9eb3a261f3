//! Attachment actions from pages: upload (a new file or version, from a multipart form whose
//! CSRF token rides in the query string), download, preview, remove. The list itself is a
//! partial (`attach/list.html`) that record pages include.

use axum::{
    extract::{Multipart, State, multipart::MultipartRejection},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use super::org::Pairs;
use crate::{
    attach::{
        Disposition, Slot, Target, download,
        multipart::{not_multipart, receive},
        service,
    },
    error::{AppError, AppResult},
    web::{
        extract::{PageActor, PagePath, Query},
        shell::flash,
        state::AppState,
    },
};

/// Where to go after an action: a local path only, never another site.
fn back_to(back: &str) -> String {
    let ok = back.starts_with('/') && !back.starts_with("//") && !back.contains('\\');
    if ok {
        back.to_string()
    } else {
        "/".to_string()
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    module: String,
    record_id: String,
    #[serde(default = "default_slot")]
    slot: Slot,
    #[serde(default)]
    back: String,
}

fn default_slot() -> Slot {
    Slot::File
}

pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<NewQuery>,
    form: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let form = form.map_err(|_| not_multipart())?;
    let target = Target::New {
        module: q.module,
        record_id: q.record_id,
        slot: q.slot,
    };
    let saved = receive(&state.attach, &state.db, &actor, target, form).await?;
    let note = match saved.current_version {
        1 => format!("已上传{}「{}」", saved.slot_label, saved.name),
        n => format!("已上传{}「{}」第 {n} 版", saved.slot_label, saved.name),
    };
    flash(&session, &note).await;
    Ok(Redirect::to(&back_to(&q.back)).into_response())
}

#[derive(Deserialize)]
pub struct BackQuery {
    #[serde(default)]
    back: String,
}

pub async fn new_version(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Query(q): Query<BackQuery>,
    form: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let form = form.map_err(|_| not_multipart())?;
    let target = Target::Version { attachment_id: id };
    let saved = receive(&state.attach, &state.db, &actor, target, form).await?;
    flash(
        &session,
        &format!("已上传「{}」第 {} 版", saved.name, saved.current_version),
    )
    .await;
    Ok(Redirect::to(&back_to(&q.back)).into_response())
}

#[derive(Deserialize)]
pub struct VersionQuery {
    version: Option<i32>,
}

pub async fn download_page(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Query(q): Query<VersionQuery>,
    headers: HeaderMap,
) -> AppResult<Response> {
    download(
        &state.attach,
        &state.db,
        &actor,
        id,
        q.version,
        Disposition::Attachment,
        &headers,
    )
    .await
}

pub async fn preview(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Query(q): Query<VersionQuery>,
    headers: HeaderMap,
) -> AppResult<Response> {
    download(
        &state.attach,
        &state.db,
        &actor,
        id,
        q.version,
        Disposition::Inline,
        &headers,
    )
    .await
}

pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let a = service::get(&state.attach, &state.db, &actor, id).await?;
    service::delete(&state.attach, &state.db, &actor, id).await?;
    flash(&session, &format!("已删除{}「{}」", a.slot_label, a.name)).await;
    Ok(Redirect::to(&back_to(&f.get("back"))).into_response())
}

/// Turns a missing right into "nothing to show" for pages that merely include the list.
pub fn optional<T>(r: AppResult<T>) -> AppResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(AppError::Forbidden | AppError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The attachment list with its forms, as record pages include it (`attach/list.html`).
pub struct AttachPanel {
    pub listing: crate::attach::Listing,
    pub has_body: bool,
    pub max_mb: u64,
    /// The page to come back to, raw (for form fields) and URL-encoded (for query strings).
    pub back: String,
    pub back_q: String,
    pub module_q: String,
    pub record_q: String,
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The panel for a record, or `None` when `actor` may not see its attachments.
pub async fn panel(
    state: &AppState,
    actor: &crate::auth::Actor,
    module: &str,
    record_id: &str,
    back: &str,
) -> AppResult<Option<AttachPanel>> {
    let listing =
        optional(service::list(&state.attach, &state.db, actor, module, record_id).await)?;
    Ok(listing.map(|listing| AttachPanel {
        has_body: listing.items.iter().any(|a| a.slot == Slot::Body),
        max_mb: state.attach.max_upload_bytes / 1024 / 1024,
        back: back.to_string(),
        back_q: encode(back),
        module_q: encode(&listing.module),
        record_q: encode(&listing.record_id),
        listing,
    }))
}
