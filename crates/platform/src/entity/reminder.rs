use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instance_id: i64,
    pub task_id: Option<i64>,
    pub from_user: Option<i64>,
    pub to_user: i64,
    /// manual | before_due | on_due | overdue | escalation
    pub kind: String,
    pub rule_key: Option<String>,
    pub message: String,
    pub at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
