//! Reading 刊物 over `/api/v1`.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiPath, ApiQuery},
        state::AppState,
    },
};

use super::{
    issues::{self, IssueFilter},
    model::{Issue, Periodical},
    titles,
};

/// The 刊物 titles.
#[utoipa::path(get, path = "/api/v1/documents/periodicals", tag = "办文", responses((status = 200, body = Vec<Periodical>)))]
pub async fn titles(
    State(s): State<AppState>,
    ApiActor(_a): ApiActor,
) -> ApiResult<Vec<Periodical>> {
    Ok(Json(titles::list(&s.db).await?))
}

/// Issues the caller may read, newest first (articles and list left out).
#[utoipa::path(get, path = "/api/v1/documents/periodicals/issues", tag = "办文", params(IssueFilter), responses((status = 200, body = Vec<Issue>)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<IssueFilter>,
) -> ApiResult<Vec<Issue>> {
    Ok(Json(issues::list(&s.db, &a, &f).await?))
}

/// One issue with its articles and 分发 list.
#[utoipa::path(get, path = "/api/v1/documents/periodicals/issues/{id}", tag = "办文", params(("id" = i64, Path)), responses((status = 200, body = Issue), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Issue> {
    Ok(Json(issues::get(&s.db, &a, id).await?))
}
