//! The 发文 workflow as data: who acts on each step, and which steps apply to a record.

use sanban_platform::{
    auth::Role,
    workflow::{AssigneeRule, Condition, Definition, SignMode, StepDef},
};
use serde_json::json;

pub const KEY: &str = "documents.outgoing";
pub const HEAD_REVIEW: &str = "核稿";
pub const COUNTERSIGN: &str = "会签";
pub const OFFICE_REVIEW: &str = "审核";
pub const SIGN: &str = "签发";
pub const CHIEF_SIGN: &str = "签发（主要领导）";
pub const RECHECK: &str = "复核";
pub const NUMBER: &str = "编号";
pub const SEAL: &str = "用印";
pub const PRINT: &str = "印发";
pub const DISTRIBUTE: &str = "分发";
pub const ARCHIVE: &str = "归档";

/// Field naming the 会签 department heads' user ids.
pub const F_COUNTERSIGNERS: &str = "countersigners";
/// Field: the 主要领导 signs (上行文, or marked important — W01).
pub const F_CHIEF_SIGNS: &str = "chief_signs";

fn step(name: &str, assignee: AssigneeRule) -> StepDef {
    StepDef {
        name: name.into(),
        assignee,
        mode: SignMode::Any,
        when: None,
        due_days: None,
    }
}

fn office(name: &str) -> StepDef {
    step(name, AssigneeRule::Role { role: Role::Clerk })
}

pub fn definition() -> Definition {
    let chief = Condition::Equals {
        field: F_CHIEF_SIGNS.into(),
        value: json!(true),
    };
    Definition {
        key: KEY.into(),
        version: 1,
        name: "发文".into(),
        reminders: Default::default(),
        module_steps: custom_steps(),
        module_only: false,
        starter: None,
        steps: vec![
            step(HEAD_REVIEW, AssigneeRule::DepartmentHead),
            StepDef {
                mode: SignMode::All,
                when: Some(Condition::Present {
                    field: F_COUNTERSIGNERS.into(),
                }),
                ..step(
                    COUNTERSIGN,
                    AssigneeRule::Field {
                        name: F_COUNTERSIGNERS.into(),
                    },
                )
            },
            step(
                OFFICE_REVIEW,
                AssigneeRule::Role {
                    role: Role::OfficeDirector,
                },
            ),
            StepDef {
                when: Some(Condition::Not {
                    inner: Box::new(chief.clone()),
                }),
                ..step(SIGN, AssigneeRule::DeputyLeader)
            },
            StepDef {
                when: Some(chief),
                ..step(CHIEF_SIGN, AssigneeRule::ChiefLeader)
            },
            office(RECHECK),
            office(NUMBER),
            office(SEAL),
            office(PRINT),
            office(DISTRIBUTE),
            office(ARCHIVE),
        ],
    }
}

/// The step index of a step name in the current definition.
pub fn index_of(name: &str) -> i32 {
    definition()
        .steps
        .iter()
        .position(|s| s.name == name)
        .map(|i| i as i32)
        .unwrap_or(0)
}

pub fn is_sign_step(name: &str) -> bool {
    name == SIGN || name == CHIEF_SIGN
}

/// Steps whose 同意 the record page asks for with its own form.
pub fn custom_steps() -> Vec<String> {
    [SIGN, CHIEF_SIGN, NUMBER, DISTRIBUTE]
        .iter()
        .map(|s| s.to_string())
        .collect()
}
