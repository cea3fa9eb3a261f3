//! Extractors: who is acting (from the session or an API token), and input wrappers whose
//! rejections are Chinese 4xx answers instead of axum's English ones.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequest, FromRequestParts, Request},
    http::{HeaderMap, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use super::state::AppState;
use crate::{
    api::ApiError,
    auth::{
        Actor, service,
        session_store::{self, USER_ID_KEY},
    },
    db::now_ms,
    error::AppError,
};

pub const LOGIN_AT_KEY: &str = "login_at";
const SEEN_AT_KEY: &str = "seen_at";
const SEEN_REFRESH_MS: i64 = 5 * 60_000;

/// Request id and peer address, carried into audit rows.
pub fn request_meta(parts: &Parts) -> (Option<String>, Option<String>) {
    let rid = parts
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let ip = match parts.extensions.get::<super::client_addr::ClientAddr>() {
        Some(c) => Some(c.0.clone()),
        None => parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string()),
    };
    (rid, ip)
}

/// The signed-in person behind a session, if the session is still valid.
async fn session_actor(
    state: &AppState,
    session: &Session,
    parts: &Parts,
) -> Result<Option<Actor>, AppError> {
    let Some(uid) = session_store::read::<i64>(session, USER_ID_KEY).await? else {
        return Ok(None);
    };
    let login_at = session_store::read::<i64>(session, LOGIN_AT_KEY)
        .await?
        .unwrap_or(0);
    if now_ms() - login_at > state.config.session_absolute_hours * 3_600_000 {
        let _ = session.flush().await;
        return Ok(None);
    }
    let (rid, ip) = request_meta(parts);
    let actor = service::load_actor(&state.db, uid, rid, ip).await?;
    if actor.is_none() {
        let _ = session.flush().await;
        return Ok(None);
    }
    // Idle expiry slides only when the session is saved; saving on every request would
    // write the database for each page, so refresh it every few minutes instead.
    let seen = session_store::read::<i64>(session, SEEN_AT_KEY)
        .await?
        .unwrap_or(0);
    if now_ms() - seen > SEEN_REFRESH_MS {
        let _ = session.insert(SEEN_AT_KEY, now_ms()).await;
    }
    Ok(actor)
}

/// A page handler's acting person; without one, the browser is sent to the sign-in page.
pub struct PageActor(pub Actor);

impl FromRequestParts<AppState> for PageActor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match session_actor(state, &session, parts).await {
            Ok(Some(a)) => Ok(Self(a)),
            Ok(None) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                let target = format!(
                    "/login?next={}",
                    form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                if parts.headers.contains_key("hx-request") {
                    Err(([("hx-redirect", target)], "").into_response())
                } else {
                    Err(Redirect::to(&target).into_response())
                }
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// An API handler's acting person: a personal API token, or the browser's session.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(token) = bearer(&parts.headers) {
            let uid = service::user_for_token(&state.db, token)
                .await?
                .ok_or(AppError::Unauthorized)?;
            let (rid, ip) = request_meta(parts);
            let actor = service::load_actor(&state.db, uid, rid, ip)
                .await?
                .ok_or(AppError::Unauthorized)?;
            return Ok(Self(actor));
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::Unauthorized)?;
        session_actor(state, &session, parts)
            .await?
            .map(Self)
            .ok_or(ApiError(AppError::Unauthorized))
    }
}

/// Turns serde's English into something a person can act on.
pub fn explain(detail: &str) -> String {
    if let Some(rest) = detail.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        return format!("缺少必填项「{field}」");
    }
    if let Some(rest) = detail.split("unknown variant `").nth(1) {
        let v = rest.split('`').next().unwrap_or_default();
        return format!("取值「{v}」不在允许的范围内");
    }
    if detail.contains("invalid digit")
        || detail.contains("invalid type")
        || detail.contains("invalid value")
    {
        return "某项的格式不正确（例如应填数字的地方填了文字）".into();
    }
    if detail.contains("EOF") || detail.contains("expected") || detail.contains("syntax") {
        return "内容不完整或格式有误".into();
    }
    "内容无法识别".into()
}

macro_rules! wrapper {
    ($name:ident, $inner:path, $what:literal, $err:ty, $make:expr) => {
        #[doc = concat!("`", stringify!($inner), "` with a Chinese rejection.")]
        pub struct $name<T>(pub T);

        impl<T, S> FromRequest<S> for $name<T>
        where
            T: DeserializeOwned + Send,
            S: Send + Sync,
        {
            type Rejection = $err;

            async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
                match <$inner>::from_request(req, state).await {
                    Ok(v) => Ok(Self(v.0)),
                    Err(rej) => {
                        let msg = format!("{}：{}", $what, explain(&rej.body_text()));
                        Err($make(msg))
                    }
                }
            }
        }
    };
}

wrapper!(
    Form,
    axum::Form<T>,
    "表单内容有误",
    AppError,
    AppError::BadRequest
);
wrapper!(
    ApiJson,
    axum::Json<T>,
    "请求体不是有效的 JSON 或字段有误",
    ApiError,
    |m| ApiError(AppError::BadRequest(m))
);

macro_rules! parts_wrapper {
    ($name:ident, $inner:path, $what:literal, $err:ty, $make:expr) => {
        #[doc = concat!("`", stringify!($inner), "` with a Chinese rejection.")]
        pub struct $name<T>(pub T);

        impl<T, S> FromRequestParts<S> for $name<T>
        where
            T: DeserializeOwned + Send,
            S: Send + Sync,
        {
            type Rejection = $err;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                match <$inner>::from_request_parts(parts, state).await {
                    Ok(v) => Ok(Self(v.0)),
                    Err(rej) => {
                        let msg = format!("{}：{}", $what, explain(&rej.body_text()));
                        Err($make(msg))
                    }
                }
            }
        }
    };
}

parts_wrapper!(
    Query,
    axum::extract::Query<T>,
    "查询条件有误",
    AppError,
    AppError::BadRequest
);
parts_wrapper!(
    ApiQuery,
    axum::extract::Query<T>,
    "查询参数有误",
    ApiError,
    |m| ApiError(AppError::BadRequest(m))
);
parts_wrapper!(
    PagePath,
    axum::extract::Path<T>,
    "地址有误",
    AppError,
    |_m| AppError::NotFound("页面不存在".into())
);
parts_wrapper!(
    ApiPath,
    axum::extract::Path<T>,
    "地址有误",
    ApiError,
    |m| ApiError(AppError::BadRequest(m))
);

/// An optional id from an HTML `<select>`, where "" means none.
pub fn opt_id(field: &str, v: &str) -> Result<Option<i64>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::bad(format!("{field}的取值无效")))
}

/// The peer address, for login throttling and audit rows.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            request_meta(parts).1.unwrap_or_else(|| "unknown".into()),
        ))
    }
}
