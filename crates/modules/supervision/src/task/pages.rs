//! The pages of 督办事项: the list with its views, the new-task form, and one task with its
//! feedback, review, 延期 and 催办 forms and its 处理过程.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppError, AppResult,
    org::{
        departments::{self, Department},
        people::{self, PeopleFilter, Person},
    },
    web::{
        extract::{PageActor, PagePath, Query},
        panel::{AttachPanel, WorkflowPanel, attach_panel, workflow_panel},
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    access::{self, record_id},
    control::{self, HandOverInput, TerminateInput},
    extension::{self, DecisionInput, Extension, ExtensionInput},
    flow,
    form::Pairs,
    handling::{self, Feedback, FeedbackInput, ReviewInput},
    input::{MilestoneInput, TaskInput},
    milestone::{self, Milestone},
    model::{Source, State as TaskState, Task},
    progress::{self, ProgressInput, ProgressReport},
    rhythm::ReportEvery,
    service::{self, Filter},
    summary::{DepartmentCount, by_department},
};
use crate::MODULE;

#[derive(Template, WebTemplate)]
#[template(path = "supervision/list.html")]
struct ListPage {
    shell: Shell,
    tasks: Vec<Task>,
    departments_summary: Vec<DepartmentCount>,
    f: Filter,
    department: String,
    departments: Vec<Department>,
    sources: Vec<(&'static str, &'static str)>,
    office: bool,
}

fn sources() -> Vec<(&'static str, &'static str)> {
    Source::ALL.iter().map(|s| (s.code(), s.label())).collect()
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(f): Query<Filter>,
) -> AppResult<impl IntoResponse> {
    let tasks = service::list(&state.db, &actor, &f).await?;
    let departments = departments::list(&state.db, &actor).await?;
    Ok(ListPage {
        shell: Shell::new(&state, &actor, &session, "督办事项", "/supervision/tasks").await,
        department: f.department_id.map(|d| d.to_string()).unwrap_or_default(),
        departments_summary: by_department(&tasks),
        tasks,
        f,
        departments,
        sources: sources(),
        office: access::is_office(&actor),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision/new.html")]
struct NewPage {
    shell: Shell,
    departments: Vec<Department>,
    people: Vec<Person>,
    sources: Vec<(&'static str, &'static str)>,
    parents: Vec<Task>,
    /// The 年度重点工作任务 being split, when the form was opened from it.
    parent: Option<i64>,
    /// 报送频次 choices: code and label.
    rhythms: Vec<(&'static str, &'static str)>,
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    parent_id: Option<i64>,
}

pub async fn new(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<NewQuery>,
) -> AppResult<impl IntoResponse> {
    access::require_office(&actor)?;
    let parents = service::list(
        &state.db,
        &actor,
        &Filter {
            source: Source::Annual.code().into(),
            state: "open".into(),
            ..Filter::default()
        },
    )
    .await?;
    Ok(NewPage {
        shell: Shell::new(
            &state,
            &actor,
            &session,
            "新建督办事项",
            "/supervision/tasks",
        )
        .await,
        departments: departments::list(&state.db, &actor).await?,
        people: people::list(&state.db, &actor, &PeopleFilter::default())
            .await?
            .into_iter()
            .filter(|p| p.active && p.has_account)
            .collect(),
        sources: sources(),
        rhythms: ReportEvery::ALL
            .iter()
            .map(|r| (r.code(), r.label()))
            .collect(),
        parents,
        parent: q.parent_id,
    })
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let milestones = f
        .all("milestone_title")
        .into_iter()
        .zip(f.all("milestone_due"))
        .map(|(title, due_on)| MilestoneInput { title, due_on })
        .collect();
    let input = TaskInput {
        source: f.get("source"),
        parent_id: f.opt_id("parent_id", "上级任务")?,
        title: f.get("title"),
        content: f.get("content"),
        measures: f.get("measures"),
        due_on: f.get("due_on"),
        leader_id: f.opt_id("leader_id", "分管领导")?,
        department_id: f.id("department_id", "责任部门")?,
        partner_ids: f.ids("partner_ids", "配合部门")?,
        owner_id: f.id("owner_id", "责任人")?,
        milestones,
        report_every: f.get("report_every"),
    };
    let t = service::create(&state.db, &actor, &input).await?;
    flash(&session, format!("已立项督办「{}」", t.title)).await;
    Ok(back(t.id))
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/supervision/tasks/{id}")).into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision/show.html")]
struct ShowPage {
    shell: Shell,
    t: Task,
    milestones: Vec<Milestone>,
    progress: Vec<ProgressReport>,
    /// May file a 进展报告.
    may_report: bool,
    feedback: Vec<Feedback>,
    extensions: Vec<Extension>,
    attachments: Option<AttachPanel>,
    wf: Option<WorkflowPanel>,
    office: bool,
    owner: bool,
    /// May mark milestones done.
    may_mark: bool,
    can_feedback: bool,
    /// People of the task's department, to whom its holder may pass it.
    colleagues: Vec<Person>,
    can_review: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let t = service::get(&state.db, &actor, id).await?;
    let mut wf = match t.instance_id {
        Some(i) => match workflow_panel(&state, &actor, i).await {
            Ok(p) => Some(p),
            // Members of the departments see the task without taking part in its workflow.
            Err(AppError::Forbidden) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let (mut can_feedback, mut can_review) = (false, false);
    if let Some(p) = wf.as_mut() {
        p.custom_steps = vec![flow::STEP_FEEDBACK.into(), flow::STEP_REVIEW.into()];
        let holds = |step: &str| p.v.my_tasks.iter().any(|x| x.step_name == step);
        can_feedback = holds(flow::STEP_FEEDBACK);
        can_review = holds(flow::STEP_REVIEW);
    }
    let office = access::is_office(&actor);
    Ok(ShowPage {
        shell: Shell::new(&state, &actor, &session, &t.title, "/supervision/tasks").await,
        milestones: milestone::of_task(&state.db, &actor, id).await?,
        progress: progress::of_task(&state.db, &actor, id).await?,
        may_report: (office || actor.user_id == Some(t.owner_id) || can_feedback)
            && t.state.is_open(),
        feedback: handling::feedback_of(&state.db, &actor, id).await?,
        extensions: extension::of_task(&state.db, &actor, id).await?,
        attachments: attach_panel(
            &state,
            &actor,
            MODULE,
            &record_id(id),
            &format!("/supervision/tasks/{id}"),
        )
        .await?,
        wf,
        owner: actor.user_id == Some(t.owner_id) && t.state == TaskState::Handling,
        may_mark: (office || actor.user_id == Some(t.owner_id)) && t.state.is_open(),
        colleagues: if can_feedback {
            people::list(
                &state.db,
                &actor,
                &PeopleFilter {
                    department_id: Some(t.department_id),
                    ..PeopleFilter::default()
                },
            )
            .await?
            .into_iter()
            .filter(|p| p.active && p.has_account && Some(p.id) != actor.user_id)
            .collect()
        } else {
            Vec::new()
        },
        can_feedback: can_feedback && t.state == TaskState::Handling,
        can_review: can_review && t.state == TaskState::Reviewing,
        office,
        t,
    }
    .into_response())
}

pub async fn feedback(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    handling::feedback(
        &state.db,
        &actor,
        id,
        &FeedbackInput {
            text: f.get("text"),
        },
    )
    .await?;
    flash(&session, "已提交落实情况反馈，等待审核").await;
    Ok(back(id))
}

pub async fn review(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let input = ReviewInput {
        decision: f.get("decision"),
        reason: f.get("reason"),
    };
    let t = handling::review(&state.db, &actor, id, &input).await?;
    flash(
        &session,
        if t.state == TaskState::Closed {
            "已销号"
        } else {
            "已退回责任人"
        },
    )
    .await;
    Ok(back(id))
}

pub async fn request_extension(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let input = ExtensionInput {
        due_on: f.get("due_on"),
        reason: f.get("reason"),
    };
    extension::request(&state.db, &actor, id, &input).await?;
    flash(&session, "已提交延期申请").await;
    Ok(back(id))
}

pub async fn decide_extension(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let input = DecisionInput {
        decision: f.get("decision"),
        note: f.get("note"),
    };
    let e = extension::decide(&state.db, &actor, id, &input).await?;
    flash(&session, format!("延期申请{}", e.state_label)).await;
    Ok(back(e.task_id))
}

pub async fn press(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let n = control::press(&state.db, &actor, id, &f.get("message")).await?;
    flash(&session, format!("已催办 {n} 人")).await;
    Ok(back(id))
}

pub async fn terminate(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let input = TerminateInput {
        reason: f.get("reason"),
    };
    control::terminate(&state.db, &actor, id, &input).await?;
    flash(&session, "已终止").await;
    Ok(back(id))
}

pub async fn hand_over(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let input = HandOverInput {
        to_user: f.id("to_user", "转办对象")?,
        note: f.get("note"),
    };
    control::hand_over(&state.db, &actor, id, &input).await?;
    flash(&session, "已转办").await;
    Ok(back(id))
}

pub async fn complete_milestone(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let m = milestone::complete(&state.db, &actor, id).await?;
    flash(&session, format!("节点「{}」已完成", m.title)).await;
    Ok(back(m.task_id))
}

pub async fn report_progress(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    progress::file(
        &state.db,
        &actor,
        id,
        &ProgressInput {
            text: f.get("text"),
        },
    )
    .await?;
    flash(&session, "已报送进展情况").await;
    Ok(back(id))
}
