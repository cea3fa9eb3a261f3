use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_opinions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instance_id: i64,
    pub task_id: Option<i64>,
    pub step_name: String,
    pub action: String,
    pub person_id: i64,
    /// As printed on 处理笺: the name, with （代） when acting for someone.
    pub signer: String,
    pub on_behalf_of: Option<i64>,
    pub post: Option<String>,
    pub text: String,
    pub at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
