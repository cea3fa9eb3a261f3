//! A hand-off names the department that must carry it out (the 收文's 主办 department, the
//! decision's 责任部门) and where its source can be seen, so the task that takes it starts
//! complete and links back.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "ALTER TABLE task_handoffs ADD COLUMN department_id BIGINT REFERENCES departments(id)",
    "ALTER TABLE task_handoffs ADD COLUMN source_url VARCHAR(300)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
