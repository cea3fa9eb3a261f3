//! The 收文 pages: registration form, the record page with its step forms, 转督办.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use sanban_platform::{
    AppError, AppResult,
    auth::{Actor, Permission},
    handoff::{self, Handoff, TaskStatus},
    org::{
        departments::{self, Department},
        people::{self, PeopleFilter, Person},
    },
    web::{
        extract::{PageActor, PagePath},
        format,
        panel::{AttachPanel, WorkflowPanel, attach_panel, workflow_panel},
        shell::{Shell, flash},
        state::AppState,
    },
    workflow::engine,
};

use super::{
    STEP_CHECK, STEP_HANDLE, STEP_INSTRUCT, STEP_PROPOSE,
    model::{CLASSIFICATIONS, Channel, Incoming, KINDS, RegisterInput, SourceClass, URGENCIES},
    service::{self, Proposal, Registered},
};
use crate::MODULE;

/// Form fields, repeated names kept (checkbox lists).
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn parse(body: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    pub fn ids(&self, name: &str, what: &str) -> AppResult<Vec<i64>> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| {
                v.trim()
                    .parse()
                    .map_err(|_| AppError::bad(format!("{what}的取值无效")))
            })
            .collect()
    }
    pub fn int(&self, name: &str, what: &str) -> AppResult<i64> {
        self.get(name)
            .trim()
            .parse()
            .map_err(|_| AppError::bad(format!("{what}的取值无效")))
    }
}

fn leaders(all: &[Person]) -> Vec<Person> {
    all.iter()
        .filter(|p| {
            p.active
                && p.has_account
                && p.roles
                    .iter()
                    .any(|r| r == "deputy_leader" || r == "chief_leader")
        })
        .cloned()
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/incoming/new.html")]
struct NewPage {
    shell: Shell,
    kinds: &'static [&'static str],
    classifications: &'static [&'static str],
    urgencies: &'static [&'static str],
    channels: Vec<(&'static str, &'static str)>,
    sources: Vec<(&'static str, &'static str)>,
    classified_handle: bool,
    people: Vec<Person>,
    f: Form,
    duplicates: Vec<Incoming>,
    today: String,
}

/// What was typed, to show the form again.
#[derive(Default)]
struct Form {
    source_unit: String,
    source_number: String,
    title: String,
    kind: String,
    classification: String,
    urgency: String,
    copies: String,
    received_on: String,
    due_on: String,
    channel: String,
    source_class: String,
    classified: bool,
}

async fn new_form(
    state: &AppState,
    actor: &Actor,
    session: &Session,
    f: Form,
    duplicates: Vec<Incoming>,
) -> AppResult<NewPage> {
    actor.require(Permission::DocumentsRegister)?;
    let classified_handle = actor.can(Permission::ClassifiedHandle);
    Ok(NewPage {
        shell: Shell::new(state, actor, session, "收文登记", "/documents/incoming/new").await,
        kinds: KINDS,
        classifications: CLASSIFICATIONS,
        urgencies: URGENCIES,
        channels: Channel::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        sources: SourceClass::ALL
            .iter()
            .map(|c| (c.code(), c.label()))
            .collect(),
        people: if classified_handle {
            people::list(&state.db, actor, &PeopleFilter::default())
                .await?
                .into_iter()
                .filter(|p| p.active)
                .collect()
        } else {
            Vec::new()
        },
        classified_handle,
        f,
        duplicates,
        today: format::today().format("%Y-%m-%d").to_string(),
    })
}

pub async fn new_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    new_form(&state, &actor, &session, Form::default(), Vec::new()).await
}

fn register_input(p: &Pairs) -> AppResult<(RegisterInput, Form)> {
    let f = Form {
        source_unit: p.get("source_unit"),
        source_number: p.get("source_number"),
        title: p.get("title"),
        kind: p.get("kind"),
        classification: p.get("classification"),
        urgency: p.get("urgency"),
        copies: p.get("copies"),
        received_on: p.get("received_on"),
        due_on: p.get("due_on"),
        channel: p.get("channel"),
        source_class: p.get("source_class"),
        classified: p.get("classified") == "1",
    };
    let input = RegisterInput {
        source_unit: f.source_unit.clone(),
        source_number: f.source_number.clone(),
        title: f.title.clone(),
        kind: f.kind.clone(),
        classification: f.classification.clone(),
        urgency: f.urgency.clone(),
        copies: if f.copies.trim().is_empty() {
            1
        } else {
            f.copies
                .trim()
                .parse()
                .map_err(|_| AppError::bad("份数须为数字"))?
        },
        received_on: f.received_on.clone(),
        due_on: f.due_on.clone(),
        channel: Channel::from_code(&f.channel).ok_or_else(|| AppError::bad("请选择收文渠道"))?,
        source_class: SourceClass::from_code(&f.source_class)
            .ok_or_else(|| AppError::bad("请选择来文类别"))?,
        classified: f.classified,
        need_to_know: p.ids("need_to_know", "知悉范围")?,
        confirm_duplicate: p.get("confirm_duplicate") == "1",
    };
    Ok((input, f))
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let (input, f) = register_input(&Pairs::parse(&body))?;
    match service::register(&state.db, &actor, input).await? {
        Registered::Created(inc) => {
            flash(&session, format!("已登记收文 {}", inc.number)).await;
            Ok(Redirect::to(&format!("/documents/incoming/{}", inc.id)).into_response())
        }
        Registered::Duplicate(earlier) => Ok(new_form(&state, &actor, &session, f, earlier)
            .await?
            .into_response()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/incoming/show.html")]
struct ShowPage {
    shell: Shell,
    r: Incoming,
    step: String,
    host: String,
    co: String,
    instruct: String,
    read: String,
    registered_at: String,
    registrar: String,
    wf: Option<WorkflowPanel>,
    attachments: Option<AttachPanel>,
    /// The viewer's pending tasks at the steps this page's own forms handle.
    propose_task: Option<(i64, i32)>,
    finish_task: Option<(i64, i32)>,
    check_task: Option<(i64, i32)>,
    departments: Vec<Department>,
    leaders: Vec<Person>,
    /// The viewer's own 批示, which they may turn into a 督办 task.
    my_instruction: Option<String>,
    handoffs: Vec<(Handoff, Option<TaskStatus>, String)>,
    classified_handle: bool,
}

fn names_of(people: &[Person], ids: &[i64]) -> String {
    ids.iter()
        .filter_map(|i| people.iter().find(|p| p.id == *i).map(|p| p.name.clone()))
        .collect::<Vec<_>>()
        .join("、")
}

fn dept_names(depts: &[Department], ids: &[i64]) -> String {
    ids.iter()
        .filter_map(|i| depts.iter().find(|d| d.id == *i).map(|d| d.name.clone()))
        .collect::<Vec<_>>()
        .join("、")
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let r = service::view(&state.db, &actor, id).await?;
    let everyone = people::list(&state.db, &actor, &PeopleFilter::default()).await?;
    let departments = departments::list(&state.db, &actor).await?;
    let inst = engine::instance_of_record(state.db.conn(), MODULE, &r.record_id()).await?;
    let mut wf = match &inst {
        Some(i) => match workflow_panel(&state, &actor, i.id).await {
            Ok(p) => Some(p),
            // Members of the 主办 / 协办 departments see the record without taking part.
            Err(AppError::Forbidden) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let mut propose_task = None;
    let mut finish_task = None;
    let mut check_task = None;
    let mut my_instruction = None;
    if let Some(p) = wf.as_mut() {
        p.custom_steps = vec![STEP_PROPOSE.into(), STEP_HANDLE.into()];
        for t in
            p.v.my_tasks
                .iter()
                .filter(|t| t.kind == engine::KIND_APPROVE)
        {
            match t.step_name.as_str() {
                STEP_PROPOSE => propose_task = Some((t.id, t.version)),
                STEP_HANDLE => finish_task = Some((t.id, t.version)),
                STEP_CHECK => check_task = Some((t.id, t.version)),
                _ => {}
            }
        }
        my_instruction = p
            .v
            .opinions
            .iter()
            .rev()
            .find(|o| o.step_name == STEP_INSTRUCT && o.action == "approve" && o.person_id == p.me)
            .map(|o| o.text.clone());
    }
    let handoffs =
        handoff::of_record_with_status(state.db.conn(), state.task_sink(), MODULE, &r.record_id())
            .await?
            .into_iter()
            .map(|(h, status)| {
                let at = format::datetime_cn(h.requested_at);
                (h, status, at)
            })
            .collect();
    let step = service::step_of(state.db.conn(), &r).await?;
    Ok(ShowPage {
        shell: Shell::new(&state, &actor, &session, &r.title, "/documents/incoming").await,
        attachments: attach_panel(
            &state,
            &actor,
            MODULE,
            &r.record_id(),
            &format!("/documents/incoming/{id}"),
        )
        .await?,
        host: dept_names(
            &departments,
            &r.host_department_id.into_iter().collect::<Vec<_>>(),
        ),
        co: dept_names(&departments, &r.co_departments),
        instruct: names_of(&everyone, &r.instruct_leaders),
        read: names_of(&everyone, &r.read_leaders),
        registered_at: format::datetime_cn(r.registered_at),
        registrar: names_of(&everyone, &[r.registered_by]),
        leaders: leaders(&everyone),
        classified_handle: actor.can(Permission::ClassifiedHandle),
        departments,
        step,
        wf,
        propose_task,
        finish_task,
        check_task,
        my_instruction,
        handoffs,
        r,
    }
    .into_response())
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/documents/incoming/{id}")).into_response()
}

pub async fn propose(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let p = Proposal {
        host_department_id: f.int("host_department_id", "主办部门")?,
        co_departments: f.ids("co_departments", "协办部门")?,
        instruct_leaders: f.ids("instruct_leaders", "批示领导")?,
        read_leaders: f.ids("read_leaders", "传阅领导")?,
        opinion: f.get("opinion"),
    };
    let task = f.int("task", "待办事项")?;
    let version = f.int("version", "版本")? as i32;
    service::propose(&state.db, &actor, id, task, version, p).await?;
    flash(&session, "已提交拟办意见").await;
    Ok(back(id))
}

pub async fn finish(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let task = match f.get("task").trim() {
        "" => None,
        _ => Some(f.int("task", "待办事项")?),
    };
    let version = f.get("version").trim().parse().unwrap_or(0);
    service::finish(&state.db, &actor, id, task, version, &f.get("result")).await?;
    flash(&session, "已办结").await;
    Ok(back(id))
}

pub async fn reject(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    service::reject(
        &state.db,
        &actor,
        id,
        f.int("task", "待办事项")?,
        &f.get("reason"),
    )
    .await?;
    flash(&session, "已退文").await;
    Ok(back(id))
}

pub async fn handoff(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let h = service::hand_off(
        &state.db,
        &actor,
        state.task_sink(),
        id,
        &f.get("instruction"),
    )
    .await?;
    flash(
        &session,
        if h.taken_record.is_some() {
            "已转督办"
        } else {
            "已转督办，待督办模块受理"
        },
    )
    .await;
    Ok(back(id))
}
