//! 回头望 over `/api/v1`.

use axum::{Json, extract::State};
use chrono::Datelike;
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        format::today,
        state::AppState,
    },
};

use super::service::{self, Line, RemarkInput, Retrospect};
use crate::score::api::YearQuery;

/// The year's 年度重点工作任务 and their sub-tasks looked back on; leaders and the office.
#[utoipa::path(get, path = "/api/v1/supervision/retrospect", tag = "督查督办", params(YearQuery), responses((status = 200, body = Retrospect), (status = 403, body = ErrorBody)))]
pub async fn year(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Retrospect> {
    let year = q.year.unwrap_or_else(|| today().year());
    Ok(Json(service::year(&s.db, &a, year).await?))
}

/// Writes the office's 复盘 remark on an annual task or sub-task.
#[utoipa::path(put, path = "/api/v1/supervision/tasks/{id}/retrospect", tag = "督查督办", params(("id" = i64, Path)), request_body = RemarkInput, responses((status = 200, body = Line), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remark(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<RemarkInput>,
) -> ApiResult<Line> {
    Ok(Json(service::remark(&s.db, &a, id, &b).await?))
}
