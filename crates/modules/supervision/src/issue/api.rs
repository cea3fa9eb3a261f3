//! 督办通知书 and 月度督办通报 over `/api/v1`.

use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use sanban_platform::{
    AppResult,
    api::{ApiResult, ErrorBody},
    db::now_ms,
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};

use super::{
    model::Issue,
    pdf,
    service::{self, BulletinInput, EditInput, WeeklyInput},
    stats::{self, MonthStats},
    week::{self, WeekStats},
};
use crate::task::access;

/// The 通知书 and 通报 the caller may read, newest first.
#[utoipa::path(get, path = "/api/v1/supervision/issues", tag = "督查督办", responses((status = 200, body = Vec<Issue>)))]
pub async fn list(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<Vec<Issue>> {
    Ok(Json(service::list(&s.db, &a).await?))
}

#[utoipa::path(get, path = "/api/v1/supervision/issues/{id}", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Issue), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Issue> {
    Ok(Json(service::get(&s.db, &a, id).await?))
}

/// Drafts a 督办通知书 for a task.
#[utoipa::path(post, path = "/api/v1/supervision/tasks/{id}/notice", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Issue), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft_notice(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Issue> {
    Ok(Json(service::draft_notice(&s.db, &a, id).await?))
}

/// Drafts the 月度督办通报 of a month.
#[utoipa::path(post, path = "/api/v1/supervision/bulletins", tag = "督查督办", request_body = BulletinInput, responses((status = 200, body = Issue), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft_bulletin(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<BulletinInput>,
) -> ApiResult<Issue> {
    Ok(Json(service::draft_bulletin(&s.db, &a, &b).await?))
}

/// The figures of a month as a 通报 would report them (`month` = `2026-03`).
#[utoipa::path(get, path = "/api/v1/supervision/months/{month}", tag = "督查督办", params(("month" = String, Path)), responses((status = 200, body = MonthStats), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn month(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(month): ApiPath<String>,
) -> ApiResult<MonthStats> {
    access::require_office(&a)?;
    Ok(Json(stats::month(s.db.conn(), &month, now_ms()).await?))
}

/// Drafts the 督办周报 of an ISO week, for all tasks or one 专项.
#[utoipa::path(post, path = "/api/v1/supervision/weeklies", tag = "督查督办", request_body = WeeklyInput, responses((status = 200, body = Issue), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft_weekly(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<WeeklyInput>,
) -> ApiResult<Issue> {
    Ok(Json(service::draft_weekly(&s.db, &a, &b).await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpecialQuery {
    /// A task source code for one 专项; absent for all tasks.
    pub special: Option<String>,
}

/// The figures of an ISO week as a 周报 would report them (`week` = `2026-W12`).
#[utoipa::path(get, path = "/api/v1/supervision/weeks/{week}", tag = "督查督办", params(("week" = String, Path), SpecialQuery), responses((status = 200, body = WeekStats), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn week(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(w): ApiPath<String>,
    ApiQuery(q): ApiQuery<SpecialQuery>,
) -> ApiResult<WeekStats> {
    access::require_office(&a)?;
    let special = week::special(q.special.as_deref())?;
    Ok(Json(week::week(s.db.conn(), &w, special, now_ms()).await?))
}

/// Changes a draft's title and text.
#[utoipa::path(put, path = "/api/v1/supervision/issues/{id}", tag = "督查督办", params(("id" = i64, Path)), request_body = EditInput, responses((status = 200, body = Issue), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<EditInput>,
) -> ApiResult<Issue> {
    Ok(Json(service::edit(&s.db, &a, id, &b).await?))
}

/// Numbers and issues a draft; its recipients are told.
#[utoipa::path(post, path = "/api/v1/supervision/issues/{id}/issue", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, body = Issue), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Issue> {
    Ok(Json(service::issue(&s.db, &a, id).await?))
}

/// The issued text as PDF.
#[utoipa::path(get, path = "/api/v1/supervision/issues/{id}/pdf", tag = "督查督办", params(("id" = i64, Path)), responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pdf(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Response> {
    let (i, bytes) = pdf::render(&s.db, &a, id).await?;
    Ok(pdf_response(&i, bytes))
}

pub fn pdf_response(i: &Issue, bytes: Vec<u8>) -> Response {
    let name = format!(
        "{}.pdf",
        i.number_text.clone().unwrap_or_else(|| i.kind_label.into())
    );
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename=\"supervision-{}.pdf\"; filename*=UTF-8''{}",
                    i.id,
                    encoded.replace('+', "%20")
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}
