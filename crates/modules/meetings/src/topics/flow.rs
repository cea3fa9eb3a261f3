//! The 议题单's approval: the submitting department's 分管领导, then the office.

use sanban_platform::{
    auth::Role,
    workflow::{AssigneeRule, Definition, ReminderRule, SignMode, StepDef},
};

pub const KEY: &str = "meetings.topic";

pub fn definition() -> Definition {
    Definition {
        key: KEY.into(),
        version: 1,
        name: "议题审批".into(),
        steps: vec![
            StepDef {
                name: "分管领导审核".into(),
                assignee: AssigneeRule::DeputyLeader,
                mode: SignMode::Any,
                when: None,
                due_days: Some(3),
            },
            StepDef {
                name: "办公室审核".into(),
                assignee: AssigneeRule::Role {
                    role: Role::OfficeDirector,
                },
                mode: SignMode::Any,
                when: None,
                due_days: Some(2),
            },
        ],
        reminders: ReminderRule::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
    }
}
