use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{ApiError, ApiResult, ErrorBody};
use crate::{
    error::AppError,
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
    workflow::{
        Action,
        engine::{self, InstanceView},
        inbox::{self, InboxItem, InboxQuery},
    },
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_inbox))
        .routes(routes!(get_instance))
        .routes(routes!(act))
        .routes(routes!(withdraw))
        .routes(routes!(terminate))
        .routes(routes!(circulate))
        .routes(routes!(search))
        .routes(routes!(follow))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// Words to find (Chinese is segmented into words).
    q: String,
}

/// Records the caller may see that contain every word of `q`, newest first (at most 50).
#[utoipa::path(get, path = "/search", tag = "查找", params(SearchQuery), responses((status = 200, body = Vec<crate::search::Hit>), (status = 422, body = ErrorBody)))]
async fn search(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Vec<crate::search::Hit>> {
    Ok(Json(crate::search::query(&s.db, &a, &q.q).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct InboxPage {
    items: Vec<InboxItem>,
    /// Pass as `cursor` for the next page; absent on the last.
    next: Option<String>,
}

/// One page (30) of the inbox, filtered and sorted.
#[utoipa::path(get, path = "/inbox", tag = "待办", params(InboxQuery), responses((status = 200, body = InboxPage), (status = 422, body = ErrorBody)))]
async fn list_inbox(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> ApiResult<InboxPage> {
    let items = inbox::list(&s.db, &a, &q).await?;
    Ok(Json(InboxPage {
        next: inbox::next_cursor(&q, &items),
        items,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct FollowInput {
    /// true to follow (关注), false to stop.
    follow: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Following {
    following: bool,
}

/// 关注 a record one may see, or stop.
#[utoipa::path(put, path = "/workflow/{id}/follow", tag = "待办", params(("id" = i64, Path)), request_body = FollowInput, responses((status = 200, body = Following), (status = 403, body = ErrorBody)))]
async fn follow(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<FollowInput>,
) -> ApiResult<Following> {
    let following = crate::workflow::follow::set(&s.db, &a, id, b.follow).await?;
    Ok(Json(Following { following }))
}

/// A record in circulation with its tasks and 处理过程.
#[utoipa::path(get, path = "/workflow/{id}", tag = "待办", params(("id" = i64, Path)), responses((status = 200, body = InstanceView), (status = 403, body = ErrorBody)))]
async fn get_instance(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<InstanceView> {
    Ok(Json(engine::detail(&s.db, &a, id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct ActInput {
    /// approve | return | transfer | add_sign | read
    action: String,
    /// The task version read with the task; a stale one gets 409.
    version: i32,
    #[serde(default)]
    opinion: String,
    to_step: Option<i32>,
    to_user: Option<i64>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Done {
    ok: bool,
}

/// Acts on a task: 同意, 退回 (to_step, reason), 转办 (to_user), 加签 (to_user), 已阅.
#[utoipa::path(post, path = "/workflow/tasks/{id}/actions", tag = "待办", params(("id" = i64, Path)), request_body = ActInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn act(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<ActInput>,
) -> ApiResult<Done> {
    let action = match b.action.as_str() {
        "approve" => Action::Approve { opinion: b.opinion },
        "return" => Action::Return {
            to_step: b
                .to_step
                .ok_or_else(|| AppError::bad("退回须指明 to_step"))?,
            reason: b.reason,
        },
        "transfer" => Action::Transfer {
            to_user: b
                .to_user
                .ok_or_else(|| AppError::bad("转办须指明 to_user"))?,
            note: b.note,
        },
        "add_sign" => Action::AddSign {
            to_user: b
                .to_user
                .ok_or_else(|| AppError::bad("加签须指明 to_user"))?,
            note: b.note,
        },
        "read" => Action::MarkRead { comment: b.opinion },
        other => return Err(ApiError(AppError::bad(format!("未知的操作「{other}」")))),
    };
    engine::act(&s.db, &a, id, b.version, action).await?;
    Ok(Json(Done { ok: true }))
}

#[utoipa::path(post, path = "/workflow/{id}/withdraw", tag = "待办", params(("id" = i64, Path)), responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
async fn withdraw(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Done> {
    engine::withdraw(&s.db, &a, id).await?;
    Ok(Json(Done { ok: true }))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Reason {
    reason: String,
}

#[utoipa::path(post, path = "/workflow/{id}/terminate", tag = "待办", params(("id" = i64, Path)), request_body = Reason, responses((status = 200, body = Done), (status = 403, body = ErrorBody)))]
async fn terminate(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<Reason>,
) -> ApiResult<Done> {
    engine::terminate(&s.db, &a, id, &b.reason).await?;
    Ok(Json(Done { ok: true }))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Readers {
    readers: Vec<i64>,
    #[serde(default)]
    note: String,
}

/// 传阅 to people; each gets a read task.
#[utoipa::path(post, path = "/workflow/{id}/circulate", tag = "待办", params(("id" = i64, Path)), request_body = Readers, responses((status = 200, body = Done), (status = 422, body = ErrorBody)))]
async fn circulate(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<Readers>,
) -> ApiResult<Done> {
    engine::circulate(&s.db, &a, id, &b.readers, &b.note).await?;
    Ok(Json(Done { ok: true }))
}
