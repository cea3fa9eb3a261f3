use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{ApiError, ApiResult};
use crate::{
    auth::{Permission, Role, service},
    web::{
        extract::{ApiActor, ApiJson, ApiPath},
        state::AppState,
    },
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(roles))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Me {
    id: Option<i64>,
    username: String,
    name: String,
    department_id: Option<i64>,
    roles: Vec<Role>,
    permissions: Vec<Permission>,
}

/// The signed-in person and what they may do.
#[utoipa::path(get, path = "/me", tag = "账户", responses((status = 200, body = Me), (status = 401, body = super::ErrorBody)))]
async fn me(ApiActor(a): ApiActor) -> ApiResult<Me> {
    let mut permissions: Vec<Permission> = a
        .roles
        .iter()
        .flat_map(|r| r.permissions().iter().copied())
        .collect();
    permissions.sort_by_key(|p| p.label());
    permissions.dedup();
    Ok(Json(Me {
        id: a.user_id,
        username: a.username,
        name: a.name,
        department_id: a.department_id,
        roles: a.roles,
        permissions,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
struct RoleInfo {
    code: &'static str,
    label: &'static str,
    permissions: Vec<Permission>,
}

/// Every role and the permissions it carries.
#[utoipa::path(get, path = "/roles", tag = "账户", responses((status = 200, body = Vec<RoleInfo>)))]
async fn roles(ApiActor(_a): ApiActor) -> ApiResult<Vec<RoleInfo>> {
    Ok(Json(
        Role::ALL
            .iter()
            .map(|r| RoleInfo {
                code: r.code(),
                label: r.label(),
                permissions: r.permissions().to_vec(),
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
struct TokenInfo {
    id: i64,
    name: String,
    prefix: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked: bool,
    /// Only in the answer to creation; never again.
    token: Option<String>,
}

/// My API tokens (without their secret).
#[utoipa::path(get, path = "/tokens", tag = "账户", responses((status = 200, body = Vec<TokenInfo>)))]
async fn list_tokens(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
) -> ApiResult<Vec<TokenInfo>> {
    let list = service::list_tokens(&s.db, &a).await?;
    Ok(Json(
        list.into_iter()
            .map(|t| TokenInfo {
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                revoked: t.revoked_at.is_some(),
                token: None,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct NewToken {
    name: String,
}

/// Creates a token; the answer carries it once.
#[utoipa::path(post, path = "/tokens", tag = "账户", request_body = NewToken, responses((status = 200, body = TokenInfo), (status = 422, body = super::ErrorBody)))]
async fn create_token(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<NewToken>,
) -> ApiResult<TokenInfo> {
    let (t, plain) = service::create_token(&s.db, &a, &b.name).await?;
    Ok(Json(TokenInfo {
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        created_at: t.created_at,
        last_used_at: None,
        revoked: false,
        token: Some(plain),
    }))
}

/// Revokes one of my tokens.
#[utoipa::path(delete, path = "/tokens/{id}", tag = "账户", params(("id" = i64, Path)), responses((status = 200), (status = 404, body = super::ErrorBody)))]
async fn revoke_token(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    service::revoke_token(&s.db, &a, id).await?;
    Ok(Json(serde_json::json!({"revoked": id})))
}
