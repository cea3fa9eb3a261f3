//! 收文.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    // Lists of ids (协办 departments, leaders, 知悉范围) are JSON arrays: they are read with
    // the record and never queried on their own.
    "CREATE TABLE doc_incoming (
        id {id},
        year INTEGER NOT NULL,
        seq BIGINT NOT NULL,
        number VARCHAR(40) NOT NULL,
        source_unit VARCHAR(200) NOT NULL,
        source_number VARCHAR(100) NOT NULL,
        title VARCHAR(400) NOT NULL,
        kind VARCHAR(20) NOT NULL,
        classification VARCHAR(10) NOT NULL,
        urgency VARCHAR(10) NOT NULL,
        copies INTEGER NOT NULL,
        received_on VARCHAR(10) NOT NULL,
        due_on VARCHAR(10),
        due_at BIGINT,
        channel VARCHAR(20) NOT NULL,
        source_class VARCHAR(20) NOT NULL,
        status VARCHAR(20) NOT NULL,
        host_department_id BIGINT REFERENCES departments(id),
        co_departments TEXT NOT NULL,
        instruct_leaders TEXT NOT NULL,
        read_leaders TEXT NOT NULL,
        proposal TEXT NOT NULL,
        result TEXT NOT NULL,
        finished_at BIGINT,
        reject_reason TEXT NOT NULL,
        outgoing_id BIGINT,
        classified BOOLEAN NOT NULL,
        need_to_know TEXT NOT NULL,
        registered_by BIGINT NOT NULL REFERENCES users(id),
        registered_at BIGINT NOT NULL,
        CONSTRAINT uq_doc_incoming_number UNIQUE (year, seq),
        CONSTRAINT ck_doc_incoming_copies CHECK (copies > 0)
    )",
    "CREATE INDEX ix_doc_incoming_source ON doc_incoming (source_unit, source_number)",
    "CREATE INDEX ix_doc_incoming_registered ON doc_incoming (registered_at, id)",
    "CREATE INDEX ix_doc_incoming_host ON doc_incoming (host_department_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
