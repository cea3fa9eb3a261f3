use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "CREATE TABLE attachments (
        id {id},
        module TEXT NOT NULL,
        record_id TEXT NOT NULL,
        slot TEXT NOT NULL CHECK (slot IN ('body', 'file')),
        name TEXT NOT NULL,
        current_version INTEGER NOT NULL,
        created_by BIGINT NOT NULL REFERENCES users(id),
        created_at BIGINT NOT NULL,
        deleted_at BIGINT,
        deleted_by BIGINT REFERENCES users(id)
    )",
    "CREATE INDEX ix_attachments_owner ON attachments (module, record_id)",
    // A record has at most one live 正文; its new texts are versions of it.
    "CREATE UNIQUE INDEX uq_attachments_body ON attachments (module, record_id)
        WHERE slot = 'body' AND deleted_at IS NULL",
    "CREATE TABLE attachment_versions (
        id {id},
        attachment_id BIGINT NOT NULL REFERENCES attachments(id),
        number INTEGER NOT NULL,
        object_key TEXT NOT NULL,
        file_name TEXT NOT NULL,
        size BIGINT NOT NULL,
        sha256 TEXT NOT NULL,
        content_type TEXT NOT NULL,
        uploaded_by BIGINT NOT NULL REFERENCES users(id),
        uploaded_at BIGINT NOT NULL,
        CONSTRAINT uq_attachment_versions_number UNIQUE (attachment_id, number),
        CONSTRAINT uq_attachment_versions_key UNIQUE (object_key)
    )",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, TABLES).await
    }
}
