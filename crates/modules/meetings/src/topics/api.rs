//! 议题 and agendas over `/api/v1`.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath},
        state::AppState,
    },
};
use serde::Deserialize;

use super::{
    agenda,
    model::{AgendaItem, Topic, TopicInput},
    service,
};

/// 议题, newest first: all for the office, the department's own for anyone else.
#[utoipa::path(get, path = "/api/v1/meetings/topics", tag = "办会", responses((status = 200, body = Vec<Topic>)))]
pub async fn list(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<Vec<Topic>> {
    Ok(Json(service::list(&s.db, &a).await?))
}

/// Submits a 议题单 from one's department; its approval starts at once.
#[utoipa::path(post, path = "/api/v1/meetings/topics", tag = "办会", request_body = TopicInput, responses((status = 200, body = Topic), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<TopicInput>,
) -> ApiResult<Topic> {
    Ok(Json(service::submit(&s.db, &a, &b).await?))
}

#[utoipa::path(get, path = "/api/v1/meetings/topics/{id}", tag = "办会", params(("id" = i64, Path)), responses((status = 200, body = Topic), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Topic> {
    Ok(Json(service::get(&s.db, &a, id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AgendaInput {
    pub topic_id: i64,
}

/// Puts an approved 议题 on a 三会 meeting's agenda; 422 when it is not approved, or when a
/// 三重一大 议题 has not been through a held 党委会 first.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda", tag = "办会", params(("id" = i64, Path)), request_body = AgendaInput, responses((status = 200, body = Vec<AgendaItem>), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_to_agenda(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<AgendaInput>,
) -> ApiResult<Vec<AgendaItem>> {
    Ok(Json(agenda::add(&s.db, &a, id, b.topic_id).await?))
}
