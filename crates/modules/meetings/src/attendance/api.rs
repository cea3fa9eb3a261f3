//! 签到 over `/api/v1`, for a door terminal or card reader.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath},
        state::AppState,
    },
};
use serde::Deserialize;

use super::checkin;
use crate::meetings::model::Attendee;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CheckinInput {
    pub user_id: i64,
}

/// Signs an attendee in; after the start it is marked 迟到. Signing in twice keeps the first.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/checkin", tag = "办会", params(("id" = i64, Path)), request_body = CheckinInput, responses((status = 200, body = Attendee), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check_in(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<CheckinInput>,
) -> ApiResult<Attendee> {
    Ok(Json(checkin::by_staff(&s.db, &a, id, b.user_id).await?))
}
