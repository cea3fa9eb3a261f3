//! 督办事项 over `/api/v1`: list, one task, registering one, and the 落实情况反馈.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};

use super::{
    handling::{self, FeedbackInput, ReviewInput},
    input::TaskInput,
    model::Task,
    service::{self, Filter},
};

/// The tasks the caller may see, open ones first by deadline (or overdue first).
#[utoipa::path(get, path = "/api/v1/supervision/tasks", tag = "督查督办", params(Filter), responses((status = 200, body = Vec<Task>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<Filter>,
) -> ApiResult<Vec<Task>> {
    Ok(Json(service::list(&s.db, &a, &f).await?))
}

/// Registers a 督办事项 and sends it to its 责任人; the 督查 staff only.
#[utoipa::path(post, path = "/api/v1/supervision/tasks", tag = "督查督办", request_body = TaskInput, responses((status = 200, body = Task), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<TaskInput>,
) -> ApiResult<Task> {
    Ok(Json(service::create(&s.db, &a, &b).await?))
}

#[utoipa::path(get, path = "/api/v1/supervision/tasks/{id}", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Task), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Task> {
    Ok(Json(service::get(&s.db, &a, id).await?))
}

/// The 责任人's 落实情况反馈; the 印证资料 are uploaded first to `/api/v1/attachments` with
/// `module=supervision&record_id=task:{id}`.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/feedback", tag = "督查督办", params(("id" = i64, Path)), request_body = FeedbackInput, responses((status = 200, body = Task), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn feedback(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<FeedbackInput>,
) -> ApiResult<Task> {
    Ok(Json(handling::feedback(&s.db, &a, id, &b).await?))
}

/// 销号 or 退回 of the pending feedback; the 督查 staff only.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/review", tag = "督查督办", params(("id" = i64, Path)), request_body = ReviewInput, responses((status = 200, body = Task), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<ReviewInput>,
) -> ApiResult<Task> {
    Ok(Json(handling::review(&s.db, &a, id, &b).await?))
}
