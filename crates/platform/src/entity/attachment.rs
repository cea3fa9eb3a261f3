use sea_orm::entity::prelude::*;

/// One attachment (附件) or document body (正文) of a record, with its versions in
/// `attachment_versions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The owning module's key, e.g. `documents`.
    pub module: String,
    /// The record's id within its module.
    pub record_id: String,
    /// `body` (正文) or `file` (附件).
    pub slot: String,
    /// The name people see: the original file name of the latest version.
    pub name: String,
    pub current_version: i32,
    pub created_by: i64,
    pub created_at: i64,
    /// Soft delete: the row and its objects stay for the audit trail.
    pub deleted_at: Option<i64>,
    pub deleted_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
