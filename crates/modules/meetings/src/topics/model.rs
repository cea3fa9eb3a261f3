//! 议题单: a department's proposal for a 三会 agenda.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TopicInput {
    /// 议题名称
    pub title: String,
    /// 背景情况
    pub background: String,
    /// 建议方案 (拟决定事项)
    pub proposal: String,
    /// 三重一大 (重大决策、重要人事任免、重大项目安排、大额资金运作): the 党委 studies it
    /// first (前置研究).
    #[serde(default)]
    pub major: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Topic {
    pub id: i64,
    pub title: String,
    pub department_id: i64,
    pub department_name: String,
    pub background: String,
    pub proposal: String,
    pub major: bool,
    pub submitted_by_name: String,
    pub submitted_text: String,
    /// 审批中 (at which step) / 已通过 / 已退回 …
    pub status_label: String,
    /// Approved: it may go on an agenda.
    pub approved: bool,
    /// Sent back to the department for changes (退回修改).
    pub returned: bool,
    /// The approval's workflow instance, for its page.
    pub instance_id: Option<i64>,
}

/// One item of a meeting's 议程.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AgendaItem {
    pub position: i32,
    pub topic_id: i64,
    pub title: String,
    pub department_name: String,
    pub major: bool,
}
