//! `/api/v1/documents/outgoing`: an outside system drafts a 发文 and reads its state.

use axum::{Json, extract::State};
use sanban_platform::{
    api::{ApiResult, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};
use serde::Serialize;

use super::{
    access,
    draft::{DraftInput, FindingView},
    list::{self, ListQuery, Row},
    service,
};

/// A 发文 as the API shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OutgoingState {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub direction: String,
    pub publicity: String,
    /// 发文字号, once numbered.
    pub doc_number: Option<String>,
    /// 草稿, 核稿中, …, 已归档, 已撤回, 已终止.
    pub status: String,
    pub current_version: i32,
    pub signer: Option<String>,
    pub signed_version: Option<i32>,
    /// The checker's findings on the current 正文.
    pub findings: Vec<FindingView>,
}

async fn state_of(s: &AppState, m: &super::entity::outgoing::Model) -> ApiResult<OutgoingState> {
    let inst = service::instance(s.db.conn(), m.id).await?;
    let step = inst.as_ref().map(service::step_name).unwrap_or_default();
    Ok(Json(OutgoingState {
        id: m.id,
        title: m.title.clone(),
        kind: m.kind.clone(),
        direction: m.direction.clone(),
        publicity: m.publicity.clone(),
        doc_number: m.doc_number.clone(),
        status: service::status_label(inst.as_ref(), &step),
        current_version: m.current_version,
        signer: m.signer_name.clone(),
        signed_version: m.signed_version,
        findings: service::current_findings(s.db.conn(), m).await?,
    }))
}

/// 拟稿: a new draft in the caller's department, checked at once.
#[utoipa::path(post, path = "/api/v1/documents/outgoing", tag = "发文", request_body = DraftInput, responses((status = 200, body = OutgoingState), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_draft(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(input): ApiJson<DraftInput>,
) -> ApiResult<OutgoingState> {
    let m = service::create(&s.db, &a, &input).await?;
    state_of(&s, &m).await
}

/// The state of one 发文 the caller may see.
#[utoipa::path(get, path = "/api/v1/documents/outgoing/{id}", tag = "发文", params(("id" = i64, Path)), responses((status = 200, body = OutgoingState), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_state(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<OutgoingState> {
    let m = access::readable(&s.db, &a, id).await?;
    state_of(&s, &m).await
}

/// The 发文 the caller may see, filtered, newest first (at most 500).
#[utoipa::path(get, path = "/api/v1/documents/outgoing", tag = "发文", params(ListQuery), responses((status = 200, body = Vec<Row>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Vec<Row>> {
    Ok(Json(list::rows(&s.db, &a, &q).await?))
}
