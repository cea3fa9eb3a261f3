use sea_orm::entity::prelude::*;

/// One stored version of an attachment (正文 v1, v2 …). Never changed once written.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachment_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub attachment_id: i64,
    /// 1, 2, … within the attachment.
    pub number: i32,
    /// The object's key in storage: ASCII only, unrelated to the file name.
    pub object_key: String,
    /// The file name as uploaded, Chinese kept.
    pub file_name: String,
    pub size: i64,
    /// Lower-case hex SHA-256 of the content, checked on every read.
    pub sha256: String,
    /// Sniffed from the bytes, never taken from the client.
    pub content_type: String,
    pub uploaded_by: i64,
    pub uploaded_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
