//! Meetings over `/api/v1`, for the group's other systems (e.g. a video-conference portal).

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};

use super::{
    model::{Meeting, MeetingInput},
    service::{self, Filter},
};

/// Meetings, newest first: all of them for the office and those who oversee all records,
/// one's own for anyone else.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "办会", params(Filter), responses((status = 200, body = Vec<Meeting>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<Filter>,
) -> ApiResult<Vec<Meeting>> {
    Ok(Json(service::list(&s.db, &a, &f).await?))
}

/// Arranges a meeting and books its room; 409 when the room is taken at that time.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "办会", request_body = MeetingInput, responses((status = 200, body = Meeting), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<MeetingInput>,
) -> ApiResult<Meeting> {
    Ok(Json(service::create(&s.db, &a, &b).await?))
}

/// One meeting with its 参会人员 and their 签到.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "办会", params(("id" = i64, Path)), responses((status = 200, body = Meeting), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Meeting> {
    Ok(Json(service::get(&s.db, &a, id).await?))
}

/// Changes a meeting still to be held and books its room for the new time; 409 when the room
/// is taken then.
#[utoipa::path(put, path = "/api/v1/meetings/{id}", tag = "办会", params(("id" = i64, Path)), request_body = MeetingInput, responses((status = 200, body = Meeting), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<MeetingInput>,
) -> ApiResult<Meeting> {
    Ok(Json(service::update(&s.db, &a, id, &b).await?))
}
