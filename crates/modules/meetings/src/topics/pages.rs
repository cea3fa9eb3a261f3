//! The 议题 pages: the list with the 议题单 form, one 议题, and adding one to an agenda.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppError, AppResult,
    web::{
        extract::{PageActor, PagePath},
        panel::{AttachPanel, WorkflowPanel, attach_panel, workflow_panel},
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    agenda,
    model::{Topic, TopicInput},
    service,
};
use crate::form::Fields;

#[derive(Template, WebTemplate)]
#[template(path = "meetings/topics.html")]
struct ListPage {
    shell: Shell,
    topics: Vec<Topic>,
    can_submit: bool,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    Ok(ListPage {
        topics: service::list(&state.db, &actor).await?,
        can_submit: actor.department_id.is_some(),
        shell: Shell::new(&state, &actor, &session, "议题", "/meetings/topics").await,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let t = service::submit(
        &state.db,
        &actor,
        &TopicInput {
            title: f.one("title"),
            background: f.one("background"),
            proposal: f.one("proposal"),
            major: f.flag("major"),
        },
    )
    .await?;
    flash(&session, format!("议题「{}」已提交审批", t.title)).await;
    Ok(Redirect::to(&format!("/meetings/topics/{}", t.id)).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/topic.html")]
struct TopicPage {
    shell: Shell,
    t: Topic,
    /// The department may revise it: it was sent back.
    can_revise: bool,
    attachments: Option<AttachPanel>,
    /// The approval's tasks and 处理过程, for those who take part in it.
    wf: Option<WorkflowPanel>,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let t = service::get(&state.db, &actor, id).await?;
    let back = format!("/meetings/topics/{id}");
    let attachments = attach_panel(
        &state,
        &actor,
        crate::MODULE,
        &service::record_id(id),
        &back,
    )
    .await?;
    let wf = match t.instance_id {
        Some(i) => match workflow_panel(&state, &actor, i).await {
            Ok(p) => Some(p),
            // The department's other people see the 议题 without taking part in its approval.
            Err(AppError::Forbidden) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    Ok(TopicPage {
        can_revise: t.returned && actor.department_id == Some(t.department_id),
        wf,
        attachments,
        shell: Shell::new(&state, &actor, &session, &t.title, "/meetings/topics").await,
        t,
    })
}

pub async fn revise(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let input = TopicInput {
        title: f.one("title"),
        background: f.one("background"),
        proposal: f.one("proposal"),
        major: f.flag("major"),
    };
    service::revise(&state.db, &actor, id, &input).await?;
    flash(&session, "已修改，请在下方「待我办理」中重新提交").await;
    Ok(Redirect::to(&format!("/meetings/topics/{id}")).into_response())
}

pub async fn add_to_agenda(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let topic = Fields::parse(&body)
        .id("topic_id", "议题")?
        .ok_or_else(|| AppError::bad("请选择议题"))?;
    agenda::add(&state.db, &actor, id, topic).await?;
    flash(&session, "已列入议程").await;
    Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
}

pub async fn remove_from_agenda(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath((id, topic)): PagePath<(i64, i64)>,
) -> AppResult<Response> {
    agenda::remove(&state.db, &actor, id, topic).await?;
    flash(&session, "已移出议程").await;
    Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
}
