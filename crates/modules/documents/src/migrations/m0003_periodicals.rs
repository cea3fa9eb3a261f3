//! 刊物.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    // 刊物 titles the office publishes; 编印单位 is printed on each issue's masthead.
    "CREATE TABLE doc_periodicals (
        id {id},
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        CONSTRAINT uq_doc_periodicals_name UNIQUE (name)
    )",
    "INSERT INTO doc_periodicals (name, unit, created_at) VALUES
        ('工作通报', '办公室', 0), ('集团内参', '办公室', 0),
        ('舆情快报', '办公室', 0), ('工作动态', '办公室', 0)",
    // number and total stay empty until the issue is issued, so an abandoned issue holds none.
    "CREATE TABLE doc_periodical_issues (
        id {id},
        periodical_id BIGINT NOT NULL REFERENCES doc_periodicals(id),
        year INTEGER NOT NULL,
        number BIGINT NULL,
        total BIGINT NULL,
        status TEXT NOT NULL,
        return_reason TEXT NULL,
        report_to TEXT NOT NULL DEFAULT '',
        send_to TEXT NOT NULL DEFAULT '',
        distribute_to TEXT NOT NULL DEFAULT '',
        issue_date TEXT NULL,
        issued_at BIGINT NULL,
        created_by BIGINT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT ck_doc_periodical_issues_status
            CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'issued', 'abandoned')),
        CONSTRAINT uq_doc_periodical_issues_number UNIQUE (periodical_id, year, number)
    )",
    "CREATE INDEX ix_doc_periodical_issues_issued ON doc_periodical_issues (issued_at)",
    "CREATE TABLE doc_periodical_articles (
        id {id},
        issue_id BIGINT NOT NULL REFERENCES doc_periodical_issues(id),
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT ''
    )",
    "CREATE INDEX ix_doc_periodical_articles_issue ON doc_periodical_articles (issue_id, position)",
    // The planned 分发 list: whole departments or single people.
    "CREATE TABLE doc_periodical_recipients (
        id {id},
        issue_id BIGINT NOT NULL REFERENCES doc_periodical_issues(id),
        department_id BIGINT NULL REFERENCES departments(id),
        user_id BIGINT NULL REFERENCES users(id),
        CONSTRAINT ck_doc_periodical_recipients_one
            CHECK ((department_id IS NULL) <> (user_id IS NULL))
    )",
    "CREATE INDEX ix_doc_periodical_recipients_issue ON doc_periodical_recipients (issue_id)",
    // The people the list reached when the issue went out; reading rights follow this.
    "CREATE TABLE doc_periodical_readers (
        issue_id BIGINT NOT NULL REFERENCES doc_periodical_issues(id),
        user_id BIGINT NOT NULL REFERENCES users(id),
        CONSTRAINT pk_doc_periodical_readers PRIMARY KEY (issue_id, user_id)
    )",
    "CREATE INDEX ix_doc_periodical_readers_user ON doc_periodical_readers (user_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
