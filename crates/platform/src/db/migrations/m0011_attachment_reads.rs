//! Who opened which attachment when: the 查询下载人次 of the year-end report.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE TABLE attachment_reads (
        id {id},
        attachment_id BIGINT NOT NULL REFERENCES attachments(id),
        module VARCHAR(50) NOT NULL,
        record_id VARCHAR(100) NOT NULL,
        version INTEGER NOT NULL,
        user_id BIGINT NOT NULL REFERENCES users(id),
        at BIGINT NOT NULL
    )",
    "CREATE INDEX ix_attachment_reads_module_at ON attachment_reads (module, at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
