//! The workflow part of a record page: the viewer's tasks with their forms, the 处理过程, and
//! 撤回 / 催办 / 传阅 / 终止. The platform's own record page and every module's record page
//! include the same templates (`workflow/tasks.html`, `workflow/process.html`,
//! `workflow/more.html`) with a [`WorkflowPanel`] named `wf` in scope.

use crate::{
    auth::{Actor, Permission},
    error::AppResult,
    org::people::{self, PeopleFilter, Person},
    web::state::AppState,
    workflow::engine::{self, DRAFTER_STEP, InstanceView},
};

pub use super::pages::attach::{AttachPanel, panel as attach_panel};

pub struct OpinionRow {
    pub step: String,
    pub signer: String,
    pub post: String,
    pub action: &'static str,
    pub text: String,
    pub at: String,
}

pub struct WorkflowPanel {
    pub v: InstanceView,
    pub status_label: &'static str,
    pub opinions: Vec<OpinionRow>,
    pub earlier_steps: Vec<(i32, String)>,
    pub people: Vec<Person>,
    pub can_terminate: bool,
    pub can_withdraw: bool,
    pub me: i64,
    pub reminders: u64,
    pub following: bool,
    /// Steps whose 同意 the module's page asks for with its own form (a 拟办 that names
    /// departments, an 编号 that takes a number); the plain form is not offered there.
    pub custom_steps: Vec<String>,
}

impl WorkflowPanel {
    /// Whether the plain 同意 form fits a task at `step`.
    pub fn plain_approve(&self, step: &str) -> bool {
        !self.custom_steps.iter().any(|s| s == step)
    }
}

/// The panel for instance `id`, as `actor` may see it (403/404 otherwise).
pub async fn workflow_panel(state: &AppState, actor: &Actor, id: i64) -> AppResult<WorkflowPanel> {
    let v = engine::detail(&state.db, actor, id).await?;
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
    let mut earlier_steps = vec![(DRAFTER_STEP, v.starter.clone())];
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
    Ok(WorkflowPanel {
        can_withdraw: v.status == "running" && last_mover == Some(me),
        status_label: engine::status::label(&v.status),
        can_terminate: v.status == "running"
            && (v.started_by == me || actor.can(Permission::WorkflowOversee)),
        people: people::list(&state.db, actor, &PeopleFilter::default())
            .await?
            .into_iter()
            .filter(|p| p.active && p.has_account && p.id != me)
            .collect(),
        reminders: crate::workflow::remind::count(&state.db, v.id).await?,
        following: crate::workflow::follow::is_following(&state.db, actor, v.id).await?,
        opinions,
        earlier_steps,
        me,
        custom_steps: Vec::new(),
        v,
    })
}
