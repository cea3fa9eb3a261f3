//! 督办考核 over `/api/v1`.

use axum::{Json, extract::State};
use sanban_platform::AppError;
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
    finals::{self, Final, FinaliseInput},
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

/// A year's 定稿 scores, frozen when the office finalised them; leaders and the office.
#[utoipa::path(get, path = "/api/v1/supervision/scores/finals", tag = "督查督办", params(YearQuery), responses((status = 200, body = Final), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn final_scores(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Final> {
    use chrono::Datelike;
    let year = q.year.unwrap_or_else(|| today().year());
    finals::get(&s.db, &a, year)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound("该年度考核尚未定稿".into()).into())
}

/// Freezes a year's scores as they stand (考核定稿); finalising again needs a `note`. The
/// office only.
#[utoipa::path(post, path = "/api/v1/supervision/scores/finals", tag = "督查督办", request_body = FinaliseInput, responses((status = 200, body = Final), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn finalise(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(input): ApiJson<FinaliseInput>,
) -> ApiResult<Final> {
    Ok(Json(finals::finalise(&s.db, &a, &input).await?))
}
