//! 督办考核 over `/api/v1`.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiQuery},
        format::today,
        state::AppState,
    },
};
use serde::Deserialize;

use super::{
    service::{self, Scores},
    weights::{self, Weights},
};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// This year when left out.
    pub year: Option<i32>,
}

/// Each department's score for a year, with its parts; leaders and the office.
#[utoipa::path(get, path = "/api/v1/supervision/scores", tag = "督查督办", params(YearQuery), responses((status = 200, body = Scores), (status = 403, body = ErrorBody)))]
pub async fn scores(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Scores> {
    use chrono::Datelike;
    let year = q.year.unwrap_or_else(|| today().year());
    Ok(Json(service::year(&s.db, &a, year).await?))
}

/// Sets the 考核 weights; the office only.
#[utoipa::path(put, path = "/api/v1/supervision/scores/weights", tag = "督查督办", request_body = Weights, responses((status = 200, body = Weights), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_weights(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(w): ApiJson<Weights>,
) -> ApiResult<Weights> {
    Ok(Json(weights::set(&s.db, &a, &w).await?))
}
