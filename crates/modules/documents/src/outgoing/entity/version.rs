use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A saved 正文: every save is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "doc_outgoing_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub outgoing_id: i64,
    pub version: i32,
    /// The assembled draft as checked: 标题, 主送, 正文, 署名, 日期, 抄送.
    pub body: String,
    pub author_id: i64,
    pub author_name: String,
    pub at: i64,
    pub findings: i32,
    pub errors: i32,
    /// The findings as shown beside the draft, as JSON.
    pub findings_json: String,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
