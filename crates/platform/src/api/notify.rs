use axum::{Json, extract::State};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{ApiError, ApiResult, ErrorBody};
use crate::{
    notify::{
        outbox::{self, OutboxFilter, OutboxItem},
        prefs::{self, MyPrefs, Prefs},
        robots::{self, Robot, RobotInput, RobotUpdate},
    },
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_outbox))
        .routes(routes!(retry_one))
        .routes(routes!(retry_failed))
        .routes(routes!(list_robots, create_robot))
        .routes(routes!(update_robot, delete_robot))
        .routes(routes!(get_prefs, set_prefs))
}

/// Outgoing messages (e-mail, 群机器人), newest first, 100 at a time.
#[utoipa::path(get, path = "/notify/outbox", tag = "消息推送", params(OutboxFilter), responses((status = 200, body = Vec<OutboxItem>), (status = 403, body = ErrorBody)))]
async fn list_outbox(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<OutboxFilter>,
) -> ApiResult<Vec<OutboxItem>> {
    Ok(Json(outbox::list(&s.db, &a, &f).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Requeued {
    requeued: u64,
}

/// Sends a failed (or not sent) message again, with fresh attempts.
#[utoipa::path(post, path = "/notify/outbox/{id}/retry", tag = "消息推送", params(("id" = i64, Path)), responses((status = 200, body = Requeued), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn retry_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Requeued> {
    Ok(Json(Requeued {
        requeued: outbox::retry(&s.db, &a, Some(id)).await?,
    }))
}

/// Sends every failed message again.
#[utoipa::path(post, path = "/notify/outbox/retry", tag = "消息推送", responses((status = 200, body = Requeued), (status = 403, body = ErrorBody)))]
async fn retry_failed(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<Requeued> {
    Ok(Json(Requeued {
        requeued: outbox::retry(&s.db, &a, None).await?,
    }))
}

/// 群机器人 of departments; keys and secrets are masked.
#[utoipa::path(get, path = "/notify/robots", tag = "消息推送", responses((status = 200, body = Vec<Robot>), (status = 403, body = ErrorBody)))]
async fn list_robots(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<Vec<Robot>> {
    Ok(Json(robots::list(&s.db, &a).await?))
}

#[utoipa::path(post, path = "/notify/robots", tag = "消息推送", request_body = RobotInput, responses((status = 200, body = Robot), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_robot(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<RobotInput>,
) -> ApiResult<Robot> {
    Ok(Json(robots::create(&s.db, &a, b).await?))
}

#[utoipa::path(put, path = "/notify/robots/{id}", tag = "消息推送", params(("id" = i64, Path)), request_body = RobotUpdate, responses((status = 200, body = Robot), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_robot(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<RobotUpdate>,
) -> ApiResult<Robot> {
    Ok(Json(robots::update(&s.db, &a, id, b).await?))
}

#[utoipa::path(delete, path = "/notify/robots/{id}", tag = "消息推送", params(("id" = i64, Path)), responses((status = 200), (status = 404, body = ErrorBody)))]
async fn delete_robot(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    robots::delete(&s.db, &a, id).await?;
    Ok(Json(serde_json::json!({"deleted": id})))
}

/// One's own notice channels.
#[utoipa::path(get, path = "/notify/prefs", tag = "消息推送", responses((status = 200, body = MyPrefs)))]
async fn get_prefs(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<MyPrefs> {
    Ok(Json(prefs::get(&s.db, &a).await?))
}

#[utoipa::path(put, path = "/notify/prefs", tag = "消息推送", request_body = Prefs, responses((status = 200, body = MyPrefs), (status = 422, body = ErrorBody)))]
async fn set_prefs(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<Prefs>,
) -> ApiResult<MyPrefs> {
    Ok(Json(prefs::set(&s.db, &a, b).await?))
}
