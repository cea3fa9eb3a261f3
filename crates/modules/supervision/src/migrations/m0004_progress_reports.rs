//! 进展报告 of long tasks: how often a task reports (报送频次), the reports, and which period's
//! reminder each task has had.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const BOTH: &[&str] = &[
    "ALTER TABLE sup_tasks ADD COLUMN report_every TEXT NOT NULL DEFAULT 'none'",
    "CREATE TABLE sup_progress_reports (
        id {id},
        task_id BIGINT NOT NULL REFERENCES sup_tasks(id),
        text TEXT NOT NULL,
        by_id BIGINT REFERENCES users(id),
        by_name TEXT NOT NULL,
        at BIGINT NOT NULL
    )",
    "CREATE INDEX ix_sup_progress_reports_task ON sup_progress_reports (task_id, at)",
    "CREATE TABLE sup_progress_reminders (
        id {id},
        task_id BIGINT NOT NULL REFERENCES sup_tasks(id),
        period TEXT NOT NULL,
        to_user BIGINT NOT NULL REFERENCES users(id),
        at BIGINT NOT NULL,
        CONSTRAINT uq_sup_progress_reminders UNIQUE (task_id, period)
    )",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, BOTH).await
    }
}
