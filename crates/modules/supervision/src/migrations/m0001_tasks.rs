//! 督办事项 with their 配合 departments, milestones, 落实情况反馈, 延期 requests, the
//! 督办通知书 and 通报 issued from them, and the 考核 weights.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE TABLE sup_tasks (
        id {id},
        source TEXT NOT NULL,
        parent_id BIGINT NULL REFERENCES sup_tasks(id),
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        measures TEXT NOT NULL DEFAULT '',
        due_at BIGINT NOT NULL,
        leader_id BIGINT NULL REFERENCES users(id),
        department_id BIGINT NOT NULL REFERENCES departments(id),
        owner_id BIGINT NOT NULL REFERENCES users(id),
        state TEXT NOT NULL,
        instance_id BIGINT NULL,
        source_module TEXT NULL,
        source_record TEXT NULL,
        source_url TEXT NULL,
        returned_count INTEGER NOT NULL DEFAULT 0,
        created_by BIGINT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        closed_at BIGINT NULL,
        CONSTRAINT ck_sup_tasks_state CHECK (state IN ('handling', 'reviewing', 'closed', 'terminated')),
        CONSTRAINT ck_sup_tasks_source CHECK (source IN ('meeting', 'instruction', 'assigned', 'superior', 'annual', 'proposal', 'hotline'))
    )",
    "CREATE INDEX ix_sup_tasks_department ON sup_tasks (department_id, state)",
    "CREATE INDEX ix_sup_tasks_due ON sup_tasks (state, due_at)",
    "CREATE INDEX ix_sup_tasks_parent ON sup_tasks (parent_id)",
    "CREATE TABLE sup_task_departments (
        id {id},
        task_id BIGINT NOT NULL REFERENCES sup_tasks(id),
        department_id BIGINT NOT NULL REFERENCES departments(id),
        CONSTRAINT uq_sup_task_departments UNIQUE (task_id, department_id)
    )",
    "CREATE TABLE sup_milestones (
        id {id},
        task_id BIGINT NOT NULL REFERENCES sup_tasks(id),
        title TEXT NOT NULL,
        due_at BIGINT NOT NULL,
        done_at BIGINT NULL
    )",
    "CREATE INDEX ix_sup_milestones_task ON sup_milestones (task_id)",
    "CREATE TABLE sup_feedback (
        id {id},
        task_id BIGINT NOT NULL REFERENCES sup_tasks(id),
        text TEXT NOT NULL,
        evidence_count INTEGER NOT NULL,
        by_id BIGINT NOT NULL,
        by_name TEXT NOT NULL,
        at BIGINT NOT NULL,
        outcome TEXT NULL,
        reason TEXT NOT NULL DEFAULT '',
        reviewed_by_name TEXT NULL,
        reviewed_at BIGINT NULL,
        CONSTRAINT ck_sup_feedback_outcome CHECK (outcome IS NULL OR outcome IN ('closed', 'returned'))
    )",
    "CREATE INDEX ix_sup_feedback_task ON sup_feedback (task_id)",
    "CREATE TABLE sup_extensions (
        id {id},
        task_id BIGINT NOT NULL REFERENCES sup_tasks(id),
        old_due_at BIGINT NOT NULL,
        new_due_at BIGINT NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL,
        requested_by BIGINT NOT NULL,
        requested_by_name TEXT NOT NULL,
        requested_at BIGINT NOT NULL,
        decided_by_name TEXT NULL,
        decided_at BIGINT NULL,
        note TEXT NOT NULL DEFAULT '',
        CONSTRAINT ck_sup_extensions_state CHECK (state IN ('pending', 'approved', 'rejected'))
    )",
    "CREATE INDEX ix_sup_extensions_task ON sup_extensions (task_id)",
    "CREATE TABLE sup_issues (
        id {id},
        kind TEXT NOT NULL,
        task_id BIGINT NULL REFERENCES sup_tasks(id),
        month TEXT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL,
        year INTEGER NULL,
        number INTEGER NULL,
        number_text TEXT NULL,
        created_by BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        issued_by_name TEXT NULL,
        issued_at BIGINT NULL,
        CONSTRAINT ck_sup_issues_kind CHECK (kind IN ('notice', 'bulletin')),
        CONSTRAINT ck_sup_issues_state CHECK (state IN ('draft', 'issued')),
        CONSTRAINT uq_sup_issues_number UNIQUE (kind, year, number)
    )",
    "CREATE TABLE sup_issue_recipients (
        id {id},
        issue_id BIGINT NOT NULL REFERENCES sup_issues(id),
        user_id BIGINT NOT NULL REFERENCES users(id),
        CONSTRAINT uq_sup_issue_recipients UNIQUE (issue_id, user_id)
    )",
    "CREATE TABLE sup_settings (
        key TEXT NOT NULL PRIMARY KEY,
        value BIGINT NOT NULL
    )",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
