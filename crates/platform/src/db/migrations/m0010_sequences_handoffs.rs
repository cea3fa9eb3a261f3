//! Gap-free office sequences (发文字号, 收文编号, 期号 …) and hand-offs of 批示 to 督办.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE TABLE sequences (
        name VARCHAR(100) NOT NULL,
        year INTEGER NOT NULL,
        last_value BIGINT NOT NULL,
        CONSTRAINT pk_sequences PRIMARY KEY (name, year)
    )",
    "CREATE TABLE task_handoffs (
        id {id},
        source_module VARCHAR(50) NOT NULL,
        source_record VARCHAR(100) NOT NULL,
        title VARCHAR(400) NOT NULL,
        instruction TEXT NOT NULL,
        leader_id BIGINT REFERENCES users(id),
        due_at BIGINT,
        requested_by BIGINT NOT NULL REFERENCES users(id),
        requested_at BIGINT NOT NULL,
        taken_module VARCHAR(50),
        taken_record VARCHAR(100),
        taken_at BIGINT
    )",
    "CREATE INDEX ix_task_handoffs_source ON task_handoffs (source_module, source_record)",
    "CREATE INDEX ix_task_handoffs_open ON task_handoffs (taken_at, id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
