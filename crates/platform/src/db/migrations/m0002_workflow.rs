use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "CREATE TABLE workflow_definitions (
        id {id},
        key TEXT NOT NULL,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        CONSTRAINT uq_workflow_definitions UNIQUE (key, version)
    )",
    "CREATE TABLE workflow_instances (
        id {id},
        definition_key TEXT NOT NULL,
        definition_version INTEGER NOT NULL,
        module TEXT NOT NULL,
        record_id TEXT NOT NULL,
        title TEXT NOT NULL,
        department_id BIGINT NULL REFERENCES departments(id),
        fields TEXT NOT NULL,
        status TEXT NOT NULL,
        current_step INTEGER NOT NULL,
        started_by BIGINT NOT NULL REFERENCES users(id),
        started_at BIGINT NOT NULL,
        finished_at BIGINT NULL,
        due_at BIGINT NULL,
        urgent BOOLEAN NOT NULL DEFAULT FALSE,
        version INTEGER NOT NULL DEFAULT 1
    )",
    "CREATE INDEX ix_workflow_instances_started_by ON workflow_instances (started_by, id)",
    "CREATE INDEX ix_workflow_instances_record ON workflow_instances (module, record_id)",
    "CREATE TABLE workflow_tasks (
        id {id},
        instance_id BIGINT NOT NULL REFERENCES workflow_instances(id),
        step_index INTEGER NOT NULL,
        step_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        assignee_id BIGINT NOT NULL REFERENCES users(id),
        status TEXT NOT NULL,
        acted_by BIGINT NULL REFERENCES users(id),
        created_at BIGINT NOT NULL,
        acted_at BIGINT NULL,
        due_at BIGINT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )",
    "CREATE INDEX ix_workflow_tasks_inbox ON workflow_tasks (assignee_id, status, id)",
    "CREATE INDEX ix_workflow_tasks_done ON workflow_tasks (acted_by, acted_at, id)",
    "CREATE INDEX ix_workflow_tasks_instance ON workflow_tasks (instance_id, step_index)",
    "CREATE TABLE workflow_opinions (
        id {id},
        instance_id BIGINT NOT NULL REFERENCES workflow_instances(id),
        task_id BIGINT NULL REFERENCES workflow_tasks(id),
        step_name TEXT NOT NULL,
        action TEXT NOT NULL,
        person_id BIGINT NOT NULL REFERENCES users(id),
        signer TEXT NOT NULL,
        on_behalf_of BIGINT NULL REFERENCES users(id),
        post TEXT NULL,
        text TEXT NOT NULL,
        at BIGINT NOT NULL
    )",
    "CREATE INDEX ix_workflow_opinions_instance ON workflow_opinions (instance_id, id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, TABLES).await
    }
}
