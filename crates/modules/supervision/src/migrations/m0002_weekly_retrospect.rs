//! 督办周报 beside the 通知书 and 通报 (a new kind, with its week and 专项), and the office's
//! 复盘 remark per task for the year-end 回头望.

use sanban_platform::db::migrations::{run_ddl, run_ddl_batch};
use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES: &[&str] = &[
    "ALTER TABLE sup_issues DROP CONSTRAINT ck_sup_issues_kind",
    "ALTER TABLE sup_issues ADD CONSTRAINT ck_sup_issues_kind \
     CHECK (kind IN ('notice', 'bulletin', 'weekly'))",
    "ALTER TABLE sup_issues ADD COLUMN week TEXT NULL",
    "ALTER TABLE sup_issues ADD COLUMN special TEXT NULL",
];

/// SQLite cannot change a CHECK, so both tables are built anew and renamed into place; the
/// recipients go first so that no row ever points at a missing issue.
const SQLITE: &[&str] = &[
    "CREATE TABLE sup_issues_next (
        id {id},
        kind TEXT NOT NULL,
        task_id BIGINT NULL REFERENCES sup_tasks(id),
        month TEXT NULL,
        week TEXT NULL,
        special TEXT NULL,
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
        CONSTRAINT ck_sup_issues_kind CHECK (kind IN ('notice', 'bulletin', 'weekly')),
        CONSTRAINT ck_sup_issues_state CHECK (state IN ('draft', 'issued')),
        CONSTRAINT uq_sup_issues_number UNIQUE (kind, year, number)
    )",
    "INSERT INTO sup_issues_next (id, kind, task_id, month, title, body, state, year, number, \
     number_text, created_by, created_at, issued_by_name, issued_at) \
     SELECT id, kind, task_id, month, title, body, state, year, number, number_text, \
     created_by, created_at, issued_by_name, issued_at FROM sup_issues",
    "CREATE TABLE sup_issue_recipients_next (
        id {id},
        issue_id BIGINT NOT NULL REFERENCES sup_issues_next(id),
        user_id BIGINT NOT NULL REFERENCES users(id),
        CONSTRAINT uq_sup_issue_recipients UNIQUE (issue_id, user_id)
    )",
    "INSERT INTO sup_issue_recipients_next (id, issue_id, user_id) \
     SELECT id, issue_id, user_id FROM sup_issue_recipients",
    "DROP TABLE sup_issue_recipients",
    "DROP TABLE sup_issues",
    "ALTER TABLE sup_issues_next RENAME TO sup_issues",
    "ALTER TABLE sup_issue_recipients_next RENAME TO sup_issue_recipients",
];

const BOTH: &[&str] = &["CREATE TABLE sup_retrospects (
        id {id},
        task_id BIGINT NOT NULL REFERENCES sup_tasks(id),
        remark TEXT NOT NULL,
        by_name TEXT NOT NULL,
        at BIGINT NOT NULL,
        CONSTRAINT uq_sup_retrospects_task UNIQUE (task_id)
    )"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_connection().get_database_backend() {
            DatabaseBackend::Postgres => run_ddl(manager, POSTGRES).await?,
            _ => run_ddl_batch(manager, SQLITE).await?,
        }
        run_ddl(manager, BOTH).await
    }
}
