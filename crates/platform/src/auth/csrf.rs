//! CSRF protection for every state-changing request made with a session cookie.
//! The token lives in the session; forms send it as `_csrf`, htmx as the `X-CSRF-Token`
//! header, multipart uploads in the query string. Requests with an API token are exempt:
//! a browser never adds a bearer token by itself.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use rand::Rng;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::error::AppError;

pub const SESSION_KEY: &str = "csrf";
pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "_csrf";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The session's token, created on first use.
pub async fn token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(SESSION_KEY).await {
        return t;
    }
    let bytes: [u8; 24] = rand::rng().random();
    let t = hex::encode(bytes);
    let _ = session.insert(SESSION_KEY, &t).await;
    t
}

fn matches(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

fn refused(path: &str) -> Response {
    let err = AppError::Forbidden;
    let msg = "页面已过期或请求来源无法确认（CSRF 校验未通过），请刷新页面后重试";
    if path.starts_with("/api/") {
        crate::api::error_body(err.status(), "csrf", msg).into_response()
    } else {
        crate::web::error_page::render(err.status(), msg)
    }
}

pub async fn guard(session: Session, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    if bearer {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let expected = match super::session_store::read::<String>(&session, SESSION_KEY).await {
        Ok(token) => token.unwrap_or_default(),
        Err(e) => return crate::api::answer(&path, e),
    };

    if let Some(given) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if matches(&expected, given) {
            next.run(req).await
        } else {
            refused(&path)
        };
    }
    let from_query = req.uri().query().and_then(|q| url_field(q, FIELD));
    if let Some(given) = from_query {
        return if matches(&expected, &given) {
            next.run(req).await
        } else {
            refused(&path)
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refused(&path);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return crate::web::error_page::render(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "提交的内容过大",
        );
    };
    let given = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|b| url_field(b, FIELD));
    match given {
        Some(g) if matches(&expected, &g) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refused(&path),
    }
}

fn url_field(encoded: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(encoded.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
