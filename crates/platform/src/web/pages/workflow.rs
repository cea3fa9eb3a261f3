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
    auth::Permission,
    error::{AppError, AppResult},
    org::people::{self, PeopleFilter, Person},
    web::{
        extract::{PageActor, PagePath, Query},
        format,
        shell::{Shell, flash},
        state::AppState,
    },
    workflow::{
        Action,
        engine::{self, DRAFTER_STEP, InstanceView},
        inbox::{self, Folder, InboxItem, InboxQuery, Sort},
    },
};

pub struct Row {
    pub item: InboxItem,
    pub received: String,
    pub due: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox.html")]
struct InboxPage {
    shell: Shell,
    q: InboxQuery,
    folders: Vec<(Folder, &'static str, &'static str)>,
    sorts: Vec<(Sort, &'static str, &'static str)>,
    rows: Vec<Row>,
    params: String,
    next: Option<String>,
    todo: u64,
    unread: u64,
    filtered: bool,
}

pub async fn inbox_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<InboxQuery>,
) -> AppResult<impl IntoResponse> {
    let items = inbox::list(&state.db, &actor, &q).await?;
    let next = inbox::next_cursor(&q, &items);
    let (todo, unread) = inbox::counts(&state.db, &actor).await?;
    Ok(InboxPage {
        shell: Shell::new(&state, &actor, &session, "待办事项", "/inbox").await,
        folders: Folder::ALL
            .iter()
            .map(|f| (*f, f.code(), f.label()))
            .collect(),
        sorts: Sort::ALL
            .iter()
            .map(|s| (*s, s.code(), s.label()))
            .collect(),
        rows: items
            .into_iter()
            .map(|item| Row {
                received: format::datetime_cn(item.created_at),
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
        todo,
        unread,
        q,
    })
}

pub struct OpinionRow {
    pub step: String,
    pub signer: String,
    pub post: String,
    pub action: &'static str,
    pub text: String,
    pub at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workflow.html")]
struct InstancePage {
    shell: Shell,
    v: InstanceView,
    status_label: &'static str,
    opinions: Vec<OpinionRow>,
    earlier_steps: Vec<(i32, String)>,
    people: Vec<Person>,
    can_terminate: bool,
    can_withdraw: bool,
    me: i64,
    reminders: u64,
    following: bool,
    attachments: Option<super::attach::AttachPanel>,
}

fn status_label(s: &str) -> &'static str {
    match s {
        "running" => "办理中",
        "completed" => "已办结",
        "terminated" => "已终止",
        "withdrawn" => "已撤回",
        _ => "未知",
    }
}

pub async fn instance_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let v = engine::detail(&state.db, &actor, id).await?;
    let opinions = v
        .opinions
        .iter()
        .map(|o| OpinionRow {
            step: o.step_name.clone(),
            signer: o.signer.clone(),
            post: o.post.clone().unwrap_or_default(),
            action: o.action_label,
            text: o.text.clone(),
            at: o.at_text.clone(),
        })
        .collect();
    let mut earlier_steps = vec![(DRAFTER_STEP, "拟稿人".to_string())];
    if v.current_step > 0 {
        earlier_steps.extend(
            v.steps
                .iter()
                .enumerate()
                .take(v.current_step as usize)
                .map(|(i, s)| (i as i32, s.clone())),
        );
    }
    let me = actor.user_id.unwrap_or_default();
    // The engine decides for certain; this only keeps the button from people it would refuse.
    let last_mover = v
        .opinions
        .iter()
        .rev()
        .find(|o| matches!(o.action.as_str(), "submit" | "approve" | "add_sign"))
        .map(|o| o.person_id);
    let can_withdraw = v.status == "running" && last_mover == Some(me);
    Ok(InstancePage {
        can_withdraw,
        status_label: status_label(&v.status),
        can_terminate: v.status == "running"
            && (v.started_by == me || actor.can(Permission::WorkflowOversee)),
        people: people::list(&state.db, &actor, &PeopleFilter::default())
            .await?
            .into_iter()
            .filter(|p| p.active && p.has_account && p.id != me)
            .collect(),
        shell: Shell::new(&state, &actor, &session, &v.title, "/inbox").await,
        reminders: crate::workflow::remind::count(&state.db, v.id).await?,
        following: crate::workflow::follow::is_following(&state.db, &actor, v.id).await?,
        attachments: super::attach::panel(
            &state,
            &actor,
            &v.module,
            &v.record_id,
            &format!("/workflow/{}", v.id),
        )
        .await?,
        opinions,
        earlier_steps,
        me,
        v,
    })
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
