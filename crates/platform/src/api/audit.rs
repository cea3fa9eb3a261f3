use axum::{Json, extract::State};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::ApiResult;
use crate::{
    audit::{self, VerifyOutcome, query::AuditFilter},
    auth::Permission,
    web::{
        extract::{ApiActor, ApiQuery},
        state::AppState,
    },
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(verify))
}

#[derive(Serialize, utoipa::ToSchema)]
struct AuditEntry {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: String,
    action: String,
    entity: String,
    entity_id: String,
    summary: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    request_id: Option<String>,
    ip: Option<String>,
    hash: String,
}

/// Audit rows, newest first, 50 a page; pass the last id as `before_id` for the next page.
#[utoipa::path(get, path = "/audit", tag = "审计", params(AuditFilter), responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = super::ErrorBody)))]
async fn list(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<AuditFilter>,
) -> ApiResult<Vec<AuditEntry>> {
    let rows = audit::query::list(&s.db, &a, &f).await?;
    let parse = |v: Option<String>| v.and_then(|t| serde_json::from_str(&t).ok());
    Ok(Json(
        rows.into_iter()
            .map(|m| AuditEntry {
                id: m.id,
                at: m.at,
                actor_id: m.actor_id,
                actor_name: m.actor_name,
                action: m.action,
                entity: m.entity,
                entity_id: m.entity_id,
                summary: m.summary,
                before: parse(m.before_json),
                after: parse(m.after_json),
                request_id: m.request_id,
                ip: m.ip,
                hash: m.hash,
            })
            .collect(),
    ))
}

/// Walks the hash chain and names the first altered or removed row.
#[utoipa::path(get, path = "/audit/verify", tag = "审计", responses((status = 200, body = VerifyOutcome), (status = 403, body = super::ErrorBody)))]
async fn verify(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<VerifyOutcome> {
    a.require(Permission::AuditView)?;
    Ok(Json(audit::verify(&s.db).await?))
}
