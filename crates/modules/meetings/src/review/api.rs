//! The 复盘 over `/api/v1`.

use axum::{Json, extract::State};
use sanban_platform::{
    AppError,
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath},
        state::AppState,
    },
};

use super::{
    model::{Review, ReviewInput},
    service,
};

/// The meeting's 复盘; 404 when none has been recorded.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/review", tag = "办会", params(("id" = i64, Path)), responses((status = 200, body = Review), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Review> {
    let r = service::get(&s.db, &a, id)
        .await?
        .ok_or_else(|| AppError::not_found("复盘"))?;
    Ok(Json(r))
}

/// Records (or replaces) the 复盘 of a held meeting.
#[utoipa::path(put, path = "/api/v1/meetings/{id}/review", tag = "办会", params(("id" = i64, Path)), request_body = ReviewInput, responses((status = 200, body = Review), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<ReviewInput>,
) -> ApiResult<Review> {
    Ok(Json(service::save(&s.db, &a, id, &b).await?))
}
