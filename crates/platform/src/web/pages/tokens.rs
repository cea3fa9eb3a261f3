//! A person's own API tokens: create (shown once), list, revoke.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    auth::service,
    error::AppResult,
    web::{
        extract::{Form, PageActor, PagePath},
        format,
        shell::{Shell, flash},
        state::AppState,
    },
};

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "tokens.html")]
struct TokensPage {
    shell: Shell,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
}

async fn render(
    state: &AppState,
    session: &Session,
    actor: &crate::auth::Actor,
    new_token: Option<String>,
) -> AppResult<Response> {
    let tokens = service::list_tokens(&state.db, actor)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: format::datetime_cn(t.created_at),
            last_used: t
                .last_used_at
                .map(format::datetime_cn)
                .unwrap_or_else(|| "从未使用".into()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(TokensPage {
        shell: Shell::new(state, actor, session, "API 令牌", "/account/tokens").await,
        tokens,
        new_token,
    }
    .into_response())
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<Response> {
    render(&state, &session, &actor, None).await
}

#[derive(Deserialize)]
pub struct NewToken {
    #[serde(default)]
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(f): Form<NewToken>,
) -> AppResult<Response> {
    let (_, plain) = service::create_token(&state.db, &actor, &f.name).await?;
    render(&state, &session, &actor, Some(plain)).await
}

pub async fn revoke(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    service::revoke_token(&state.db, &actor, id).await?;
    flash(&session, "令牌已吊销").await;
    Ok(Redirect::to("/account/tokens").into_response())
}
