use axum::{Json, extract::State};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::ApiResult;
use crate::{
    figures::{self, FigureRecord, Period, YearFigure},
    web::{
        extract::{ApiActor, ApiPath, ApiQuery},
        state::AppState,
    },
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(year_table))
        .routes(routes!(records))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct YearParams {
    /// Defaults to the current year, Beijing time.
    year: Option<i32>,
    /// 1–12 to list one month's records.
    month: Option<u32>,
    /// Page of 100 records, from 0.
    #[serde(default)]
    page: u64,
}

/// Every figure for a year beside the year before, month by month.
#[utoipa::path(get, path = "/figures", tag = "统计", params(YearParams), responses((status = 200, body = Vec<YearFigure>), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn year_table(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<YearParams>,
) -> ApiResult<Vec<YearFigure>> {
    let year = q.year.unwrap_or_else(figures::current_year);
    Ok(Json(
        figures::year_table(&s.db, &a, &s.figures, year).await?,
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct RecordsPage {
    total: i64,
    records: Vec<FigureRecord>,
}

/// The records a figure counts in a year or month, newest first.
#[utoipa::path(get, path = "/figures/{key}/records", tag = "统计", params(("key" = String, Path), YearParams), responses((status = 200, body = RecordsPage), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
async fn records(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(key): ApiPath<String>,
    ApiQuery(q): ApiQuery<YearParams>,
) -> ApiResult<RecordsPage> {
    let period = Period::new(q.year.unwrap_or_else(figures::current_year), q.month)?;
    let (records, total) = figures::records(&s.db, &a, &s.figures, &key, period, q.page).await?;
    Ok(Json(RecordsPage { total, records }))
}
