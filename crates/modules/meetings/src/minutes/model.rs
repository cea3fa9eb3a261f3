//! 决定事项 as entered and as shown with their 督办 state.

use sanban_platform::handoff::TaskStatus;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = MeetingDecisionInput)]
pub struct DecisionInput {
    /// 决定事项
    pub content: String,
    /// 责任部门
    pub department_id: Option<i64>,
    /// 完成时限, `2026-03-31`.
    pub due_on: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Decision {
    pub id: i64,
    pub position: i32,
    pub content: String,
    pub department_id: i64,
    pub department_name: String,
    /// End of the 时限 day, epoch ms.
    pub due_at: i64,
    /// 2026年3月31日
    pub due_text: String,
    /// Handed to 督办.
    pub handed: bool,
    /// The 督办 task's state, once the supervision module has taken it.
    pub task: Option<TaskStatus>,
    /// 未转督办 / 待督办模块受理 / the task's own label.
    pub task_label: String,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct MinutesInput {
    /// 会议记录: what was said, as the recorder took it down.
    #[serde(default)]
    pub record: String,
    /// The 纪要's text besides the 决定事项 (the meeting's 议定 in prose).
    #[serde(default)]
    pub minutes: String,
}
