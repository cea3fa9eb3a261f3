//! Sign-in, sign-out and changing one's own password.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    auth::{csrf, service, session_store::USER_ID_KEY},
    db::now_ms,
    error::AppError,
    web::{
        extract::{ClientIp, Form, LOGIN_AT_KEY, PageActor, Query},
        shell::{Shell, flash},
        state::AppState,
    },
};

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    changed: Option<String>,
}

/// Only paths on this site, so that a crafted link cannot send someone elsewhere after sign-in.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

pub async fn login_page(session: Session, Query(q): Query<NextQuery>) -> impl IntoResponse {
    LoginPage {
        csrf: csrf::token(&session).await,
        next: safe_next(&q.next).to_string(),
        username: String::new(),
        error: None,
        notice: q
            .changed
            .map(|_| "密码已修改，请用新密码重新登录".to_string()),
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login_submit(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(f): Form<LoginForm>,
) -> Response {
    match service::authenticate(&state.db, state.throttle(), &f.username, &f.password, &ip).await {
        Ok(user) => {
            // A new id at sign-in, so a session id planted before it is worthless.
            if session.cycle_id().await.is_err() {
                return AppError::Internal(anyhow::anyhow!("session cycle failed")).into_response();
            }
            let _ = session.remove::<String>(csrf::SESSION_KEY).await;
            let _ = session.insert(USER_ID_KEY, user.id).await;
            let _ = session.insert(LOGIN_AT_KEY, now_ms()).await;
            if user.must_change_password {
                flash(&session, "首次登录或密码已被重置，请先设置新密码").await;
                return Redirect::to("/account/password").into_response();
            }
            Redirect::to(safe_next(&f.next)).into_response()
        }
        Err(e) => {
            e.log_server_side();
            let status = e.status();
            let page = LoginPage {
                csrf: csrf::token(&session).await,
                next: safe_next(&f.next).to_string(),
                username: f.username.trim().to_string(),
                error: Some(e.to_string()),
                notice: None,
            };
            (status, page).into_response()
        }
    }
}

pub async fn logout(session: Session) -> Response {
    let _ = session.flush().await;
    Redirect::to("/login").into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
struct PasswordPage {
    shell: Shell,
    error: Option<String>,
}

pub async fn password_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> impl IntoResponse {
    PasswordPage {
        shell: Shell::new(&state, &actor, &session, "修改密码", "/account/password").await,
        error: None,
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn password_submit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(f): Form<PasswordForm>,
) -> Response {
    let result = if f.new != f.confirm {
        Err(AppError::bad("两次输入的新密码不一致"))
    } else {
        service::change_own_password(&state.db, &actor, &f.current, &f.new).await
    };
    match result {
        Ok(()) => {
            let _ = session.flush().await;
            Redirect::to("/login?changed=1").into_response()
        }
        Err(e) => {
            e.log_server_side();
            let status = if e.status().is_server_error() {
                e.status()
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = PasswordPage {
                shell: Shell::new(&state, &actor, &session, "修改密码", "/account/password").await,
                error: Some(e.to_string()),
            };
            (status, page).into_response()
        }
    }
}
