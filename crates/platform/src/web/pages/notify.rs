//! 系统 › 消息推送: the outbox (what went out, what failed, 重试) and the 群机器人 of
//! departments.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    auth::Permission,
    error::{AppError, AppResult},
    notify::{
        outbox::{self, OutboxFilter, OutboxItem, PAGE_SIZE, StateCount},
        robots::{self, Robot, RobotInput, RobotKind, RobotUpdate},
    },
    org::departments::{self, TreeRow},
    web::{
        extract::{Form, PageActor, PagePath, Query},
        shell::{Shell, flash},
        state::AppState,
    },
};

#[derive(Template, WebTemplate)]
#[template(path = "notify/outbox.html")]
struct OutboxPage {
    shell: Shell,
    rows: Vec<OutboxItem>,
    counts: Vec<StateCount>,
    state: String,
    next_before: Option<i64>,
    smtp_on: bool,
}

pub async fn outbox_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(filter): Query<OutboxFilter>,
) -> AppResult<impl IntoResponse> {
    let rows = outbox::list(&state.db, &actor, &filter).await?;
    let next_before = (rows.len() as u64 == PAGE_SIZE)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    Ok(OutboxPage {
        counts: outbox::counts(&state.db, &actor).await?,
        rows,
        state: filter.state.unwrap_or_default(),
        next_before,
        smtp_on: state.config.smtp.enabled(),
        shell: Shell::new(&state, &actor, &session, "外发消息", "/system/outbox").await,
    })
}

pub async fn outbox_retry(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    outbox::retry(&state.db, &actor, Some(id)).await?;
    flash(&session, format!("消息 #{id} 已重新排队，稍后发送")).await;
    Ok(Redirect::to("/system/outbox").into_response())
}

pub async fn outbox_retry_failed(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<Response> {
    let n = outbox::retry(&state.db, &actor, None).await?;
    flash(&session, format!("{n} 条失败的消息已重新排队，稍后发送")).await;
    Ok(Redirect::to("/system/outbox").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "notify/robots.html")]
struct RobotsPage {
    shell: Shell,
    robots: Vec<Robot>,
    departments: Vec<TreeRow>,
    kinds: Vec<(&'static str, &'static str)>,
}

pub async fn robots_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    Ok(RobotsPage {
        robots: robots::list(&state.db, &actor).await?,
        departments: departments::tree(&state.db, &actor).await?,
        kinds: RobotKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        shell: Shell::new(&state, &actor, &session, "群机器人", "/system/robots").await,
    })
}

#[derive(Deserialize)]
pub struct RobotFields {
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    webhook_url: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    enabled: String,
    #[serde(default)]
    clear_secret: String,
}

pub async fn robot_create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(f): Form<RobotFields>,
) -> AppResult<Response> {
    actor.require(Permission::NotifyManage)?;
    let department_id = f
        .department_id
        .trim()
        .parse()
        .map_err(|_| AppError::bad("请选择部门"))?;
    let kind = RobotKind::from_code(&f.kind).ok_or_else(|| AppError::bad("请选择机器人类型"))?;
    let r = robots::create(
        &state.db,
        &actor,
        RobotInput {
            department_id,
            kind,
            name: f.name,
            webhook_url: f.webhook_url,
            secret: f.secret,
        },
    )
    .await?;
    flash(&session, format!("已添加群机器人「{}」", r.name)).await;
    Ok(Redirect::to("/system/robots").into_response())
}

pub async fn robot_update(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Form(f): Form<RobotFields>,
) -> AppResult<Response> {
    let r = robots::update(
        &state.db,
        &actor,
        id,
        RobotUpdate {
            name: f.name,
            webhook_url: f.webhook_url,
            secret: f.secret,
            clear_secret: f.clear_secret == "on",
            enabled: f.enabled == "on",
        },
    )
    .await?;
    flash(&session, format!("已保存群机器人「{}」", r.name)).await;
    Ok(Redirect::to("/system/robots").into_response())
}

pub async fn robot_delete(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    robots::delete(&state.db, &actor, id).await?;
    flash(&session, "群机器人已删除").await;
    Ok(Redirect::to("/system/robots").into_response())
}
