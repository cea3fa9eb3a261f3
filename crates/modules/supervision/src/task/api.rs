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
    control::{self, HandOverInput, TerminateInput},
    extension::{self, DecisionInput, Extension, ExtensionInput},
    handling::{self, FeedbackInput, ReviewInput},
    input::TaskInput,
    milestone::{self, Milestone},
    model::Task,
    progress::{self, ProgressInput, ProgressReport},
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

/// The milestones (节点) of a long task.
#[utoipa::path(get, path = "/api/v1/supervision/tasks/{id}/milestones", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Vec<Milestone>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn milestones(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Vec<Milestone>> {
    Ok(Json(milestone::of_task(&s.db, &a, id).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct PressInput {
    #[serde(default)]
    pub message: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Pressed {
    /// How many people were pressed.
    pub pressed: usize,
}

/// Manual 催办 of whoever holds the task now; the 督查 staff only.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/press", tag = "督查督办", params(("id" = i64, Path)), request_body = PressInput, responses((status = 200, body = Pressed), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn press(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<PressInput>,
) -> ApiResult<Pressed> {
    let pressed = control::press(&s.db, &a, id, &b.message).await?;
    Ok(Json(Pressed { pressed }))
}

/// The 责任人 asks for a later 完成时限.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/extensions", tag = "督查督办", params(("id" = i64, Path)), request_body = ExtensionInput, responses((status = 200, body = Extension), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_extension(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<ExtensionInput>,
) -> ApiResult<Extension> {
    Ok(Json(extension::request(&s.db, &a, id, &b).await?))
}

/// A task's 延期 requests.
#[utoipa::path(get, path = "/api/v1/supervision/tasks/{id}/extensions", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Vec<Extension>), (status = 403, body = ErrorBody)))]
pub async fn extensions(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Vec<Extension>> {
    Ok(Json(extension::of_task(&s.db, &a, id).await?))
}

/// Approves or refuses a 延期 request; the 督查 staff only.
#[utoipa::path(post, path = "/api/v1/supervision/extensions/{id}/decision", tag = "督查督办", params(("id" = i64, Path)), request_body = DecisionInput, responses((status = 200, body = Extension), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_extension(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<DecisionInput>,
) -> ApiResult<Extension> {
    Ok(Json(extension::decide(&s.db, &a, id, &b).await?))
}

/// Ends a task that no longer needs doing; the 督查 staff only.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/terminate", tag = "督查督办", params(("id" = i64, Path)), request_body = TerminateInput, responses((status = 200, body = Task), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn terminate(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<TerminateInput>,
) -> ApiResult<Task> {
    Ok(Json(control::terminate(&s.db, &a, id, &b).await?))
}

/// 转办: the holder of the 落实反馈 step passes it to a colleague.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/hand-over", tag = "督查督办", params(("id" = i64, Path)), request_body = HandOverInput, responses((status = 200, body = Task), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn hand_over(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<HandOverInput>,
) -> ApiResult<Task> {
    Ok(Json(control::hand_over(&s.db, &a, id, &b).await?))
}

/// Marks a milestone reached; the 责任人 or the office.
#[utoipa::path(post, path = "/api/v1/supervision/milestones/{id}/done", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Milestone), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn complete_milestone(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Milestone> {
    Ok(Json(milestone::complete(&s.db, &a, id).await?))
}

/// Files a 进展报告 on a running task; the 责任人, the holder of its 落实反馈 step, or the office.
/// The task's state does not change.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/progress", tag = "督查督办", params(("id" = i64, Path)), request_body = ProgressInput, responses((status = 200, body = ProgressReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report_progress(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<ProgressInput>,
) -> ApiResult<ProgressReport> {
    Ok(Json(progress::file(&s.db, &a, id, &b).await?))
}

/// A task's 进展报告, newest first.
#[utoipa::path(get, path = "/api/v1/supervision/tasks/{id}/progress", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Vec<ProgressReport>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn progress_reports(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Vec<ProgressReport>> {
    Ok(Json(progress::of_task(&s.db, &a, id).await?))
}
