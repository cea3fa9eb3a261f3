//! The one workflow every 督办事项 runs through: the 责任人 files the 落实情况反馈, the 督查
//! staff check it and its 印证资料, then 销号 or 退回. Both steps take the module's own forms
//! (feedback needs its text and evidence; 销号 closes the task), so the generic 同意 may not
//! stand in for them.

use sanban_platform::{
    auth::Role,
    workflow::{AssigneeRule, Definition, ReminderRule, SignMode, Starter, StepDef},
};

pub const DEFINITION: &str = "supervision.task";
pub const STEP_FEEDBACK: &str = "落实反馈";
pub const STEP_REVIEW: &str = "审核销号";
/// The 落实反馈 step's index, where a 退回 sends the task.
pub const FEEDBACK_STEP: i32 = 0;
/// The record field naming the 责任人.
pub const OWNER_FIELD: &str = "owner";

/// Before the deadline, on the day, every three days after; the department head hears of it
/// as soon as it is overdue and the 分管领导 after a week.
pub fn reminders() -> ReminderRule {
    ReminderRule {
        before_days: Some(3),
        on_due: true,
        every_days: Some(3),
        escalate: true,
        escalate_leader_after_days: Some(7),
    }
}

pub fn definition() -> Definition {
    Definition {
        key: DEFINITION.into(),
        // Version 2 refused the generic actions, version 3 names the start 立项; tasks keep
        // the version they started on.
        version: 3,
        name: "督办事项".into(),
        reminders: reminders(),
        module_steps: vec![STEP_FEEDBACK.into(), STEP_REVIEW.into()],
        module_only: true,
        starter: Some(Starter {
            step: "立项".into(),
            person: "立项人".into(),
        }),
        steps: vec![
            StepDef {
                name: STEP_FEEDBACK.into(),
                assignee: AssigneeRule::Field {
                    name: OWNER_FIELD.into(),
                },
                mode: SignMode::Any,
                when: None,
                // The task's own 完成时限 applies.
                due_days: None,
            },
            StepDef {
                name: STEP_REVIEW.into(),
                assignee: AssigneeRule::Role {
                    role: Role::Supervisor,
                },
                mode: SignMode::Any,
                when: None,
                // The office checks feedback within days, whatever the task's own deadline.
                due_days: Some(3),
            },
        ],
    }
}
