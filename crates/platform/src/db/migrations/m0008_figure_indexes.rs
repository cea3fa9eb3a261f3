//! Figures count rows by the instant that places them in a month; these indexes let a year's
//! count read only that year's rows. The two on tasks serve the inbox, each with the task's
//! kind in it: 已办 keyset-paged by id (the index on (acted_by, acted_at, id) made a busy
//! leader's page sort every task they ever did, and without the kind a reader's 已阅 tasks were
//! skipped one by one), and 待办, so the count in the navigation reads the index alone.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE INDEX ix_workflow_instances_started_at ON workflow_instances (started_at)",
    "CREATE INDEX ix_workflow_instances_finished_at ON workflow_instances (finished_at)",
    "CREATE INDEX ix_reminders_at ON reminders (at)",
    "CREATE INDEX ix_workflow_tasks_kind_created ON workflow_tasks (kind, created_at)",
    "CREATE INDEX ix_workflow_tasks_acted_by_id ON workflow_tasks (acted_by, kind, id)",
    "DROP INDEX ix_workflow_tasks_inbox",
    "CREATE INDEX ix_workflow_tasks_assignee ON workflow_tasks (assignee_id, kind, status, id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
