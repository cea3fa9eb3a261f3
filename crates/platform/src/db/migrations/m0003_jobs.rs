use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    // One row per scheduled job: whichever node wins the conditional UPDATE runs it.
    "CREATE TABLE job_schedule (
        name TEXT NOT NULL PRIMARY KEY,
        next_run_at BIGINT NOT NULL,
        lease_holder TEXT NULL,
        lease_until BIGINT NULL,
        last_run_at BIGINT NULL,
        last_error TEXT NULL,
        runs BIGINT NOT NULL DEFAULT 0
    )",
    "CREATE TABLE notifications (
        id {id},
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT NULL,
        created_at BIGINT NOT NULL,
        read_at BIGINT NULL
    )",
    "CREATE INDEX ix_notifications_user ON notifications (user_id, read_at, id)",
    // 催办 records: manual ones carry who pressed; automatic ones a rule key that makes each
    // reminder happen once.
    "CREATE TABLE reminders (
        id {id},
        instance_id BIGINT NOT NULL REFERENCES workflow_instances(id),
        task_id BIGINT NULL REFERENCES workflow_tasks(id),
        from_user BIGINT NULL REFERENCES users(id),
        to_user BIGINT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL,
        rule_key TEXT NULL,
        message TEXT NOT NULL,
        at BIGINT NOT NULL,
        CONSTRAINT uq_reminders_rule UNIQUE (rule_key)
    )",
    "CREATE INDEX ix_reminders_instance ON reminders (instance_id, id)",
    "CREATE INDEX ix_workflow_tasks_due ON workflow_tasks (status, due_at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, TABLES).await
    }
}
