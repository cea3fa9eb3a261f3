//! 决定事项 over `/api/v1`, each with the state of its 督办 task.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath},
        state::AppState,
    },
};
use serde::Serialize;

use super::{
    model::{Decision, DecisionInput},
    service,
};

/// The meeting's 决定事项 with their 督办 state.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/decisions", tag = "办会", params(("id" = i64, Path)), responses((status = 200, body = Vec<Decision>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Vec<Decision>> {
    Ok(Json(service::list(&s.db, &a, s.task_sink(), id).await?))
}

/// Records a 决定事项 of a held meeting.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", tag = "办会", params(("id" = i64, Path)), request_body = DecisionInput, responses((status = 200, body = Decision), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<DecisionInput>,
) -> ApiResult<Decision> {
    Ok(Json(service::add_decision(&s.db, &a, id, &b).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Handed {
    /// How many 决定事项 were handed to 督办.
    pub count: usize,
}

/// Hands every 决定事项 not yet handed to 督办, in one action.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/handoff", tag = "办会", params(("id" = i64, Path)), responses((status = 200, body = Handed), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn hand_off(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Handed> {
    let count = service::hand_off(&s.db, &a, s.task_sink(), id).await?;
    Ok(Json(Handed { count }))
}
