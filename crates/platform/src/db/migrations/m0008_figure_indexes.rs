//! Figures count rows by the instant that places them in a month; these indexes let a year's
//! count read only that year's rows.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE INDEX ix_workflow_instances_started_at ON workflow_instances (started_at)",
    "CREATE INDEX ix_workflow_instances_finished_at ON workflow_instances (finished_at)",
    "CREATE INDEX ix_reminders_at ON reminders (at)",
    "CREATE INDEX ix_workflow_tasks_kind_created ON workflow_tasks (kind, created_at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
