//! The 会议计划 over `/api/v1`.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    figures::current_year,
    web::{
        extract::{ApiActor, ApiQuery},
        state::AppState,
    },
};
use serde::Deserialize;

use super::service::{self, PlanReport};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// This year when absent.
    pub year: Option<i32>,
    /// 1–12 for one month's plan; the whole year when absent.
    pub month: Option<u32>,
}

/// The year's (or a month's) planned meetings per type beside those held (cancelled and postponed not
/// counted), their 经费, and the year before.
#[utoipa::path(get, path = "/api/v1/meetings/plans", tag = "办会", params(YearQuery), responses((status = 200, body = PlanReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<PlanReport> {
    let year = q.year.unwrap_or_else(current_year);
    Ok(Json(service::report(&s.db, &a, year, q.month).await?))
}
