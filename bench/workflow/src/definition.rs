//! The definition the generated records run on, stored as the engine stores a module's, so
//! that pages which name a record's step read it as they would in an office.

use sanban_platform::{
    db::Db,
    workflow::{AssigneeRule, Condition, Definition, SignMode, StepDef, engine},
};
use serde_json::json;

fn step(name: &str, assignee: AssigneeRule, when: Option<Condition>) -> StepDef {
    StepDef {
        name: name.into(),
        assignee,
        mode: SignMode::Any,
        when,
        due_days: None,
    }
}

/// The steps of the generator's chains: the department head, the 分管领导, and for some
/// records the 主要领导.
pub fn definition() -> Definition {
    Definition {
        key: "bench".into(),
        version: 1,
        name: "基准流程".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![
            step("处室负责人审核", AssigneeRule::DepartmentHead, None),
            step("分管领导审批", AssigneeRule::DeputyLeader, None),
            step(
                "主要领导签发",
                AssigneeRule::ChiefLeader,
                Some(Condition::Equals {
                    field: "chief".into(),
                    value: json!(true),
                }),
            ),
        ],
    }
}

/// Stores the definition; a database filled before it was stored gets it now.
pub async fn register(db: &Db) -> anyhow::Result<()> {
    engine::register(db, &definition())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}
