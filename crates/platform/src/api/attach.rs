//! Attachments over the API: list, upload (multipart, field `file`), new versions, download,
//! removal. The same services and permission checks as the pages.

use axum::{
    Json,
    extract::{DefaultBodyLimit, Multipart, State, multipart::MultipartRejection},
    http::HeaderMap,
    response::Response,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{ApiError, ApiResult, ErrorBody};
use crate::{
    attach::{
        AttachmentView, Disposition, Listing, Slot, Target, download,
        multipart::{not_multipart, receive},
        service,
    },
    web::{
        extract::{ApiActor, ApiPath, ApiQuery},
        state::AppState,
    },
};

pub fn routes() -> OpenApiRouter<AppState> {
    // Uploads count their own bytes against storage.max_upload_mb while streaming.
    let uploads = OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(upload_version))
        .layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get_one, delete))
        .routes(routes!(content))
        .merge(uploads)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct OwnerQuery {
    /// The owning module's key.
    module: String,
    /// The record's id within the module.
    record_id: String,
}

/// A record's attachments (正文 first) with their versions, newest first.
#[utoipa::path(get, path = "/attachments", tag = "附件", params(OwnerQuery), responses((status = 200, body = Listing), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<OwnerQuery>,
) -> ApiResult<Listing> {
    Ok(Json(
        service::list(&s.attach, &s.db, &a, &q.module, &q.record_id).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct NewQuery {
    module: String,
    record_id: String,
    /// `body` (正文: a second upload becomes version 2) or `file` (附件, the default).
    #[serde(default = "default_slot")]
    slot: Slot,
}

fn default_slot() -> Slot {
    Slot::File
}

/// The multipart form of an upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The file; its name is kept as sent, its type is read from its bytes.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Uploads a 正文 or 附件. The type is sniffed from the content; files over
/// `storage.max_upload_mb` get 413 and are not kept.
#[utoipa::path(post, path = "/attachments", tag = "附件", params(NewQuery), request_body(content = UploadForm, content_type = "multipart/form-data"), responses((status = 200, body = AttachmentView), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<NewQuery>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<AttachmentView> {
    let form = form.map_err(|_| not_multipart())?;
    let target = Target::New {
        module: q.module,
        record_id: q.record_id,
        slot: q.slot,
    };
    Ok(Json(receive(&s.attach, &s.db, &a, target, form).await?))
}

/// Uploads the next version of an attachment.
#[utoipa::path(post, path = "/attachments/{id}/versions", tag = "附件", params(("id" = i64, Path)), request_body(content = UploadForm, content_type = "multipart/form-data"), responses((status = 200, body = AttachmentView), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_version(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<AttachmentView> {
    let form = form.map_err(|_| not_multipart())?;
    let target = Target::Version { attachment_id: id };
    Ok(Json(receive(&s.attach, &s.db, &a, target, form).await?))
}

/// One attachment with its versions.
#[utoipa::path(get, path = "/attachments/{id}", tag = "附件", params(("id" = i64, Path)), responses((status = 200, body = AttachmentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<AttachmentView> {
    Ok(Json(service::get(&s.attach, &s.db, &a, id).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Done {
    ok: bool,
}

/// Removes an attachment from its record (kept in storage and the audit log).
#[utoipa::path(delete, path = "/attachments/{id}", tag = "附件", params(("id" = i64, Path)), responses((status = 200, body = Done), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Done> {
    service::delete(&s.attach, &s.db, &a, id).await?;
    Ok(Json(Done { ok: true }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ContentQuery {
    /// The version number; the latest when absent.
    version: Option<i32>,
    /// Show PDF and images in the browser instead of saving them.
    #[serde(default)]
    inline: bool,
}

/// The file's bytes, checked against the stored SHA-256 (`ETag`). The original name is in
/// `Content-Disposition` (`filename*`, RFC 5987). A damaged file gets 502, or for large
/// files a transfer that breaks off before its `Content-Length`.
#[utoipa::path(get, path = "/attachments/{id}/content", tag = "附件", params(("id" = i64, Path), ContentQuery), responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 304, description = "unchanged (If-None-Match)"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn content(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ContentQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let how = if q.inline {
        Disposition::Inline
    } else {
        Disposition::Attachment
    };
    Ok(download(&s.attach, &s.db, &a, id, q.version, how, &headers).await?)
}
