//! 电话记录和传真.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE TABLE doc_phone_logs (
        id {id},
        kind TEXT NOT NULL,
        at BIGINT NOT NULL,
        from_unit TEXT NOT NULL DEFAULT '',
        from_person TEXT NOT NULL DEFAULT '',
        number TEXT NOT NULL DEFAULT '',
        to_whom TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL,
        handling TEXT NOT NULL DEFAULT '',
        recorded_by BIGINT NULL,
        recorded_by_name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT ck_doc_phone_logs_kind CHECK (kind IN ('phone', 'fax'))
    )",
    "CREATE INDEX ix_doc_phone_logs_at ON doc_phone_logs (kind, at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
