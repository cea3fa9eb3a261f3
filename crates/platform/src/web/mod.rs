//! The page shell and the HTTP application: routes, middleware, static assets.

mod assets;
pub mod client_addr;
pub mod download;
pub mod error_page;
pub mod extract;
pub mod format;
mod pages;
pub mod panel;
pub mod shell;
pub mod state;

use std::time::Duration;

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderName, HeaderValue, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

use crate::{
    api,
    auth::{csrf, session_save, session_store::DbSessionStore},
    error::AppError,
};
use state::AppState;

pub const SESSION_COOKIE: &str = "sanban_session";

/// Scripts only from the binary's own /static, none inline: a stored text that slipped past
/// escaping could not run. Inline `style` stays allowed (print layouts and htmx's indicator use
/// it); a response that sets its own policy (an inline PDF preview) keeps it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
     frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

/// The whole application: pages, API, health checks.
pub fn app(state: AppState) -> Router {
    let store = DbSessionStore::new(state.db.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            state.config.session_idle_minutes,
        )));
    let request_id = HeaderName::from_static("x-request-id");
    let body_limit = state.config.max_body_bytes;
    // Checked when the configuration was read.
    let trusted = std::sync::Arc::new(
        client_addr::parse_trusted(&state.config.trusted_proxies).unwrap_or_default(),
    );

    let mut modules = Router::new();
    for m in state.modules.iter() {
        modules = modules.merge((m.routes)());
    }
    Router::new()
        .merge(pages::router())
        .merge(modules)
        .merge(api::router(&state.modules))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/static/{*path}", get(assets::serve))
        .fallback(not_found)
        .layer(middleware::from_fn(csrf::guard))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(sessions)
        .layer(middleware::from_fn(session_save::answer_failed_save))
        .layer(middleware::from_fn(move |req, next| {
            client_addr::resolve(trusted.clone(), req, next)
        }))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(CatchPanicLayer::custom(|_| {
            error_page::render(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误，请稍后再试")
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let rid = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request_id = %rid, method = %req.method(), path = %req.uri().path())
        }).on_response(DefaultOnResponse::new().level(tracing::Level::INFO)))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await {
        Ok(Ok(())) => "ready".into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "数据库不可用").into_response(),
    }
}

async fn not_found(req: Request) -> Response {
    api::answer(req.uri().path(), AppError::NotFound("页面不存在".into()))
}
