//! Figures count rows by the instant that places them in a month; these indexes let a year's
//! count read only that year's rows. The last one keeps 已办 keyset-paged by id: the older
//! index on (acted_by, acted_at, id) made a busy leader's page sort every task they ever did.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE INDEX ix_workflow_instances_started_at ON workflow_instances (started_at)",
    "CREATE INDEX ix_workflow_instances_finished_at ON workflow_instances (finished_at)",
    "CREATE INDEX ix_reminders_at ON reminders (at)",
    "CREATE INDEX ix_workflow_tasks_kind_created ON workflow_tasks (kind, created_at)",
    "CREATE INDEX ix_workflow_tasks_acted_by_id ON workflow_tasks (acted_by, id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
