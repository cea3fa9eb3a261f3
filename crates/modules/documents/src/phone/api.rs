//! The log over `/api/v1`, for the office's other systems (e.g. a fax server).

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};

use super::service::{self, Entry, EntryInput, Filter};

/// 电话记录 and 传真, newest first; the office only.
#[utoipa::path(get, path = "/api/v1/documents/phone", tag = "办文", params(Filter), responses((status = 200, body = Vec<Entry>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<Filter>,
) -> ApiResult<Vec<Entry>> {
    Ok(Json(service::list(&s.db, &a, &f).await?))
}

/// Records one call or fax.
#[utoipa::path(post, path = "/api/v1/documents/phone", tag = "办文", request_body = EntryInput, responses((status = 200, body = Entry), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<EntryInput>,
) -> ApiResult<Entry> {
    Ok(Json(service::create(&s.db, &a, &b).await?))
}

#[utoipa::path(get, path = "/api/v1/documents/phone/{id}", tag = "办文", params(("id" = i64, Path)), responses((status = 200, body = Entry), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Entry> {
    Ok(Json(service::get(&s.db, &a, id).await?))
}
