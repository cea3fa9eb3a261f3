//! A workflow definition is data: steps in order, each with who acts, how many must sign, and
//! when it applies. Frozen per version; a running instance keeps the version it started with.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::Role;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// Stable name, e.g. `documents.outgoing`.
    pub key: String,
    pub version: i32,
    pub name: String,
    pub steps: Vec<StepDef>,
    /// When the automatic 催办 speaks up for tasks with a time limit.
    #[serde(default)]
    pub reminders: ReminderRule,
    /// Steps whose 同意 only the owning module may give, through its own form (an 编号 that
    /// takes a number, a 签发 that checks the draft): the generic action refuses them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub module_steps: Vec<String>,
    /// The module keeps state beside the workflow (a 督办 task's 状态), so every action on
    /// these instances goes through the module's own forms: the generic 同意, 退回, 转办, 撤回,
    /// 终止 and 传阅 all refuse, instead of moving the workflow behind the module's back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub module_only: bool,
    /// How the 处理过程 names the start and the person who made it; 起草 and 拟稿人 when not
    /// given. Left out of the stored body when not given, so that versions stored before it
    /// existed read back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starter: Option<Starter>,
}

/// The start of an instance as its record's paper names it: a 收文 is 登记ed by its 登记人,
/// a 督办事项 立项ed by its 立项人, a 发文 起草ed by its 拟稿人.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Starter {
    /// The 环节 of the 处理过程's first row.
    pub step: String,
    /// Who started it, as a 退回 offers them.
    pub person: String,
}

/// Automatic 催办: N days before the deadline, on the day, then every M days overdue, with
/// the department head told once the deadline has passed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRule {
    pub before_days: Option<i64>,
    pub on_due: bool,
    pub every_days: Option<i64>,
    pub escalate: bool,
    /// Also tell the 分管领导 of the record's department once the deadline has passed by this
    /// many days (督办 escalates from the department head to the leader in charge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate_leader_after_days: Option<i64>,
}

impl Default for ReminderRule {
    fn default() -> Self {
        Self {
            before_days: Some(1),
            on_due: true,
            every_days: Some(1),
            escalate: true,
            escalate_leader_after_days: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepDef {
    pub name: String,
    pub assignee: AssigneeRule,
    #[serde(default)]
    pub mode: SignMode,
    /// The step applies only when this holds on the record's fields.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Working time for the step, in days from when it starts.
    #[serde(default)]
    pub due_days: Option<i64>,
}

/// How many of the step's people must act.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignMode {
    /// Any one of them (the others' tasks are withdrawn).
    #[default]
    Any,
    /// All of them, in parallel: 会签.
    All,
}

/// Who acts on a step, resolved against the organisation when the step starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum AssigneeRule {
    Person {
        user_id: i64,
    },
    /// Everyone holding the role.
    Role {
        role: Role,
    },
    /// Holders of the role within the record's department.
    RoleInDepartment {
        role: Role,
    },
    /// The record's department head (部门负责人).
    DepartmentHead,
    /// The leader in charge (分管领导) of the record's department.
    DeputyLeader,
    /// 主要领导
    ChiefLeader,
    /// Whoever started the instance.
    Initiator,
    /// People whose ids the record lists in a field (e.g. chosen 会签 heads).
    Field {
        name: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Condition {
    Equals {
        field: String,
        value: Value,
    },
    /// The field is present and not null, empty or false.
    Present {
        field: String,
    },
    Not {
        inner: Box<Condition>,
    },
}

impl Condition {
    pub fn holds(&self, fields: &Map<String, Value>) -> bool {
        match self {
            Self::Equals { field, value } => fields.get(field) == Some(value),
            Self::Present { field } => match fields.get(field) {
                None | Some(Value::Null) | Some(Value::Bool(false)) => false,
                Some(Value::String(s)) => !s.is_empty(),
                Some(Value::Array(a)) => !a.is_empty(),
                Some(_) => true,
            },
            Self::Not { inner } => !inner.holds(fields),
        }
    }
}

impl Definition {
    /// Refuses definitions that could never run.
    pub fn validate(&self) -> Result<(), String> {
        if self.key.trim().is_empty() || self.version < 1 {
            return Err("流程定义须有标识和正整数版本号".into());
        }
        if self.steps.is_empty() {
            return Err(format!("流程「{}」没有任何步骤", self.name));
        }
        if let Some(s) = &self.starter
            && (s.step.trim().is_empty() || s.person.trim().is_empty())
        {
            return Err(format!(
                "流程「{}」的起始环节须有名称和经办人称谓",
                self.name
            ));
        }
        for s in &self.steps {
            if s.name.trim().is_empty() {
                return Err(format!("流程「{}」有未命名的步骤", self.name));
            }
            if s.due_days.is_some_and(|d| d <= 0) {
                return Err(format!("步骤「{}」的办理时限须为正数", s.name));
            }
        }
        Ok(())
    }

    /// The 环节 of the start in the 处理过程.
    pub fn start_step(&self) -> &str {
        self.starter.as_ref().map_or("起草", |s| s.step.as_str())
    }

    /// Who started an instance, as a 退回 to them names them.
    pub fn starter_person(&self) -> &str {
        self.starter
            .as_ref()
            .map_or("拟稿人", |s| s.person.as_str())
    }

    /// The first step at or after `from` whose condition holds, if any.
    pub fn next_applicable(&self, from: usize, fields: &Map<String, Value>) -> Option<usize> {
        (from..self.steps.len())
            .find(|&i| self.steps[i].when.as_ref().is_none_or(|c| c.holds(fields)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def() -> Definition {
        Definition {
            key: "t".into(),
            version: 1,
            name: "测试".into(),
            reminders: ReminderRule::default(),
            module_steps: Vec::new(),
            module_only: false,
            starter: None,
            steps: vec![
                StepDef {
                    name: "核稿".into(),
                    assignee: AssigneeRule::DepartmentHead,
                    mode: SignMode::Any,
                    when: None,
                    due_days: Some(2),
                },
                StepDef {
                    name: "保密审查".into(),
                    assignee: AssigneeRule::Role {
                        role: Role::Archivist,
                    },
                    mode: SignMode::Any,
                    when: Some(Condition::Present {
                        field: "classification".into(),
                    }),
                    due_days: None,
                },
                StepDef {
                    name: "主要领导签发".into(),
                    assignee: AssigneeRule::ChiefLeader,
                    mode: SignMode::Any,
                    when: Some(Condition::Equals {
                        field: "direction".into(),
                        value: json!("上行文"),
                    }),
                    due_days: None,
                },
                StepDef {
                    name: "分管领导签发".into(),
                    assignee: AssigneeRule::DeputyLeader,
                    mode: SignMode::Any,
                    when: Some(Condition::Not {
                        inner: Box::new(Condition::Equals {
                            field: "direction".into(),
                            value: json!("上行文"),
                        }),
                    }),
                    due_days: None,
                },
            ],
        }
    }

    #[test]
    fn conditions_pick_the_steps() {
        let d = def();
        let up = json!({"direction": "上行文", "classification": ""})
            .as_object()
            .cloned()
            .unwrap();
        assert_eq!(
            d.next_applicable(1, &up),
            Some(2),
            "no 密级: the 保密 step is skipped"
        );
        assert_eq!(
            d.next_applicable(3, &up),
            None,
            "上行文 is signed by the 主要领导 only"
        );
        let down = json!({"direction": "下行文", "classification": "秘密"})
            .as_object()
            .cloned()
            .unwrap();
        assert_eq!(d.next_applicable(1, &down), Some(1));
        assert_eq!(d.next_applicable(2, &down), Some(3));
    }

    #[test]
    fn definitions_round_trip_as_json_and_validate() {
        let d = def();
        let text = serde_json::to_string(&d).unwrap();
        assert!(text.contains("\"rule\":\"department_head\""));
        assert_eq!(serde_json::from_str::<Definition>(&text).unwrap(), d);
        assert!(d.validate().is_ok());
        let mut bad = d.clone();
        bad.steps.clear();
        assert!(bad.validate().unwrap_err().contains("没有任何步骤"));
        let mut bad = d;
        bad.steps[0].due_days = Some(0);
        assert!(bad.validate().is_err());
    }

    #[test]
    fn a_definition_names_its_start_or_says_起草() {
        let d = def();
        // Stored bodies are compared when a version is registered again: a definition that
        // names no start must serialise exactly as before the field existed.
        assert!(!serde_json::to_string(&d).unwrap().contains("starter"));
        assert_eq!((d.start_step(), d.starter_person()), ("起草", "拟稿人"));
        let mut named = d;
        named.starter = Some(Starter {
            step: "登记".into(),
            person: "登记人".into(),
        });
        assert_eq!(
            (named.start_step(), named.starter_person()),
            ("登记", "登记人")
        );
        let text = serde_json::to_string(&named).unwrap();
        assert_eq!(serde_json::from_str::<Definition>(&text).unwrap(), named);
        named.starter = Some(Starter {
            step: "登记".into(),
            person: " ".into(),
        });
        assert!(named.validate().unwrap_err().contains("起始环节"));
    }
}
