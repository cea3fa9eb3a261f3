//! Which reminder each 节点 has had, so that each is sent once however often the job runs.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const BOTH: &[&str] = &[
    "CREATE TABLE sup_milestone_reminders (
        id {id},
        milestone_id BIGINT NOT NULL REFERENCES sup_milestones(id),
        kind TEXT NOT NULL,
        to_user BIGINT NOT NULL REFERENCES users(id),
        at BIGINT NOT NULL,
        CONSTRAINT ck_sup_milestone_reminders_kind CHECK (kind IN ('before', 'due', 'overdue')),
        CONSTRAINT uq_sup_milestone_reminders UNIQUE (milestone_id, kind)
    )",
    "CREATE INDEX ix_sup_milestones_open ON sup_milestones (done_at, due_at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, BOTH).await
    }
}
