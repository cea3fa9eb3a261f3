use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One recipient of a 分发: inside (a department or person, with the 收文 made for them) or
/// outside (a unit and the channel used).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "doc_distributions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub outgoing_id: i64,
    pub internal: bool,
    pub department_id: Option<i64>,
    pub user_id: Option<i64>,
    pub incoming_id: Option<i64>,
    pub unit_name: Option<String>,
    pub channel: Option<String>,
    pub at: i64,
    pub by_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
