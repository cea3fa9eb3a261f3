//! 加签: a task asked of someone else before its holder can go on points at the holder's task.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "ALTER TABLE workflow_tasks ADD COLUMN parent_task_id BIGINT NULL REFERENCES workflow_tasks(id)",
    "CREATE INDEX ix_workflow_tasks_parent ON workflow_tasks (parent_task_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
