use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_instances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub definition_key: String,
    pub definition_version: i32,
    pub module: String,
    pub record_id: String,
    pub title: String,
    pub department_id: Option<i64>,
    /// The record fields conditions are evaluated on, as JSON.
    pub fields: String,
    pub status: String,
    pub current_step: i32,
    pub started_by: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub due_at: Option<i64>,
    pub urgent: bool,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
