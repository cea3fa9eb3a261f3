//! The inbox (待办, 已办, 我发起的, 传阅) and the page of one record in circulation with its
//! 处理过程 and the actions open to the viewer.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use super::org::Pairs;
use crate::{
    error::{AppError, AppResult},
    web::{
        extract::{PageActor, PagePath, Query},
        format,
        panel::{AttachPanel, WorkflowPanel, attach_panel, workflow_panel},
        shell::{Shell, flash},
        state::AppState,
    },
    workflow::{
        Action, engine,
        inbox::{self, Folder, InboxItem, InboxQuery, Sort},
    },
};

pub struct Row {
    pub item: InboxItem,
    /// The module's name, e.g. 办文.
    pub kind: String,
    pub received: String,
    pub due: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox.html")]
struct InboxPage {
    shell: Shell,
    q: InboxQuery,
    folders: Vec<(Folder, &'static str, &'static str)>,
    modules: Vec<(&'static str, &'static str)>,
    sorts: Vec<(Sort, &'static str, &'static str)>,
    rows: Vec<Row>,
    params: String,
    next: Option<String>,
    /// The folder badges: 待办 and unread 传阅.
    todo: Option<String>,
    unread: Option<String>,
    filtered: bool,
}

pub async fn inbox_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<InboxQuery>,
) -> AppResult<impl IntoResponse> {
    let items = inbox::list(&state.db, &actor, &q).await?;
    let shell = Shell::new(&state, &actor, &session, "待办事项", "/inbox").await;
    let (todo, unread) = shell.inbox;
    let next = inbox::next_cursor(&q, &items);
    Ok(InboxPage {
        shell,
        folders: Folder::ALL
            .iter()
            .map(|f| (*f, f.code(), f.label()))
            .collect(),
        modules: state.modules.iter().map(|m| (m.key, m.label)).collect(),
        sorts: Sort::ALL
            .iter()
            .map(|s| (*s, s.code(), s.label()))
            .collect(),
        rows: items
            .into_iter()
            .map(|item| Row {
                received: format::datetime_cn(item.created_at),
                kind: state
                    .modules
                    .iter()
                    .find(|m| m.key == item.module)
                    .map_or_else(|| item.module.clone(), |m| m.label.to_string()),
                due: item.due_at.map(format::datetime_cn).unwrap_or_default(),
                item,
            })
            .collect(),
        params: q.to_params(),
        filtered: q.urgent
            || q.overdue
            || !q.q.trim().is_empty()
            || !q.from.trim().is_empty()
            || !q.to.trim().is_empty()
            || !q.module.trim().is_empty(),
        next,
        todo: format::badge(todo),
        unread: format::badge(unread),
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "workflow.html")]
struct InstancePage {
    shell: Shell,
    wf: WorkflowPanel,
    attachments: Option<AttachPanel>,
}

pub async fn instance_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let wf = workflow_panel(&state, &actor, id).await?;
    // A module with its own record page shows the record and these actions together.
    if let Some(page) = state.record_page(&wf.v.module, &wf.v.record_id) {
        return Ok(Redirect::to(&page).into_response());
    }
    Ok(InstancePage {
        shell: Shell::new(&state, &actor, &session, &wf.v.title, "/inbox").await,
        attachments: attach_panel(
            &state,
            &actor,
            &wf.v.module,
            &wf.v.record_id,
            &format!("/workflow/{}", wf.v.id),
        )
        .await?,
        wf,
    }
    .into_response())
}

fn action_from(f: &Pairs) -> AppResult<Action> {
    let id = |name: &str, what: &str| {
        f.get(name)
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::bad(format!("请选择{what}")))
    };
    match f.get("action").as_str() {
        "approve" => Ok(Action::Approve {
            opinion: f.get("opinion"),
        }),
        "return" => Ok(Action::Return {
            to_step: id("to_step", "退回到的步骤")? as i32,
            reason: f.get("reason"),
        }),
        "transfer" => Ok(Action::Transfer {
            to_user: id("to_user", "转办对象")?,
            note: f.get("note"),
        }),
        "add_sign" => Ok(Action::AddSign {
            to_user: id("to_user", "加签对象")?,
            note: f.get("note"),
        }),
        "read" => Ok(Action::MarkRead {
            comment: f.get("comment"),
        }),
        _ => Err(AppError::bad("未知的操作")),
    }
}

async fn back(session: &Session, instance: i64, msg: &str) -> Response {
    flash(session, msg).await;
    Redirect::to(&format!("/workflow/{instance}")).into_response()
}

async fn instance_of_task(state: &AppState, task: i64) -> AppResult<i64> {
    use sea_orm::EntityTrait;
    Ok(crate::entity::workflow_task::Entity::find_by_id(task)
        .one(state.db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("待办事项"))?
        .instance_id)
}

pub async fn act(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(task): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let version = f
        .get("version")
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::bad("页面已过期，请刷新后再办理"))?;
    let action = action_from(&f)?;
    let instance = instance_of_task(&state, task).await?;
    engine::act(&state.db, &actor, task, version, action).await?;
    Ok(back(&session, instance, "已办理").await)
}

pub async fn withdraw(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    engine::withdraw(&state.db, &actor, id).await?;
    Ok(back(&session, id, "已撤回").await)
}

pub async fn terminate(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    engine::terminate(&state.db, &actor, id, &f.get("reason")).await?;
    Ok(back(&session, id, "已终止").await)
}

pub async fn circulate(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let readers = f
        .all("readers")
        .iter()
        .map(|r| r.parse::<i64>().map_err(|_| AppError::bad("传阅对象无效")))
        .collect::<AppResult<Vec<_>>>()?;
    let n = engine::circulate(&state.db, &actor, id, &readers, &f.get("note")).await?;
    Ok(back(&session, id, &format!("已传阅给 {n} 人")).await)
}

pub async fn remind(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let n = crate::workflow::remind::press(&state.db, &actor, id, &f.get("message")).await?;
    Ok(back(&session, id, &format!("已催办 {n} 人")).await)
}

pub async fn follow(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let on = Pairs::parse(&body).get("follow") == "1";
    crate::workflow::follow::set(&state.db, &actor, id, on).await?;
    Ok(back(&session, id, if on { "已关注" } else { "已取消关注" }).await)
}
