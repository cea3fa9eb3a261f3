//! Rooms and their bookings over `/api/v1`.

use axum::{Json, extract::State};
use chrono::NaiveDate;
use sanban_platform::{
    AppError,
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};
use serde::Deserialize;

use super::{
    model::{Room, RoomInput},
    rebook, service,
    week::{self, Week},
};
use crate::meetings::model::Meeting;

/// 会议室, by name.
#[utoipa::path(get, path = "/api/v1/meetings/rooms", tag = "办会", responses((status = 200, body = Vec<Room>), (status = 403, body = ErrorBody)))]
pub async fn list(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<Vec<Room>> {
    Ok(Json(service::list(&s.db, &a).await?))
}

#[utoipa::path(post, path = "/api/v1/meetings/rooms", tag = "办会", request_body = RoomInput, responses((status = 200, body = Room), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<RoomInput>,
) -> ApiResult<Room> {
    Ok(Json(service::create(&s.db, &a, &b).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeekQuery {
    /// Any day of the week, `2026-01-05`; this week when absent.
    pub day: Option<String>,
}

pub fn day(v: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::bad("日期格式不正确，应如 2026-01-05")),
    }
}

/// A room's bookings, Monday to Sunday.
#[utoipa::path(get, path = "/api/v1/meetings/rooms/{id}/week", tag = "办会", params(("id" = i64, Path), WeekQuery), responses((status = 200, body = Week), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn week(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<WeekQuery>,
) -> ApiResult<Week> {
    Ok(Json(
        week::week(&s.db, &a, id, day(q.day.as_deref())?).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BookInput {
    /// The room to book for the meeting's time; `null` to give the room back.
    pub room_id: Option<i64>,
}

/// Books a room for a meeting still to be held; 409 when the room is taken at that time.
#[utoipa::path(put, path = "/api/v1/meetings/{id}/room", tag = "办会", params(("id" = i64, Path)), request_body = BookInput, responses((status = 200, body = Meeting), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn book(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<BookInput>,
) -> ApiResult<Meeting> {
    Ok(Json(rebook::rebook(&s.db, &a, id, b.room_id).await?))
}
