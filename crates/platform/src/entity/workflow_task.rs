use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instance_id: i64,
    pub step_index: i32,
    pub step_name: String,
    /// approve | read
    pub kind: String,
    pub assignee_id: i64,
    /// pending | done | returned | transferred | cancelled | withdrawn | consulting | consulted
    pub status: String,
    pub acted_by: Option<i64>,
    pub created_at: i64,
    pub acted_at: Option<i64>,
    pub due_at: Option<i64>,
    pub version: i32,
    /// Set on a 加签 task: the task whose holder asked for it.
    pub parent_task_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
