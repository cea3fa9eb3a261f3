use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A 代字 series: `code` 〔year〕 n 号, numbered per year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "doc_series")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 机关代字, e.g. 某办.
    pub code: String,
    /// 发文机关 that numbers in this series.
    pub issuer: String,
    pub active: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
