//! 发文: the 稿纸, every saved 正文, the 代字 series and the 分发 list.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE TABLE doc_series (
        id {id},
        code TEXT NOT NULL,
        issuer TEXT NOT NULL,
        active BOOLEAN NOT NULL,
        created_at BIGINT NOT NULL,
        CONSTRAINT uq_doc_series_code UNIQUE (code)
    )",
    "CREATE TABLE doc_outgoing (
        id {id},
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        main_to TEXT NOT NULL,
        copy_to TEXT NOT NULL,
        classification TEXT NOT NULL,
        urgency TEXT NOT NULL,
        direction TEXT NOT NULL,
        publicity TEXT NOT NULL,
        important BOOLEAN NOT NULL,
        department_id BIGINT,
        drafter_id BIGINT NOT NULL,
        drafter_name TEXT NOT NULL,
        body TEXT NOT NULL,
        countersign_departments TEXT NOT NULL,
        status TEXT NOT NULL,
        current_version INTEGER NOT NULL,
        error_count INTEGER NOT NULL,
        series_id BIGINT,
        year INTEGER,
        number BIGINT,
        doc_number TEXT,
        numbered_at BIGINT,
        signer_id BIGINT,
        signer_name TEXT,
        signed_at BIGINT,
        signed_version INTEGER,
        override_reason TEXT,
        override_by BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT uq_doc_outgoing_number UNIQUE (series_id, year, number),
        CONSTRAINT fk_doc_outgoing_series FOREIGN KEY (series_id) REFERENCES doc_series (id)
    )",
    "CREATE INDEX ix_doc_outgoing_department ON doc_outgoing (department_id)",
    "CREATE INDEX ix_doc_outgoing_drafter ON doc_outgoing (drafter_id)",
    "CREATE TABLE doc_outgoing_versions (
        id {id},
        outgoing_id BIGINT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        author_id BIGINT NOT NULL,
        author_name TEXT NOT NULL,
        at BIGINT NOT NULL,
        findings INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        findings_json TEXT NOT NULL,
        note TEXT NOT NULL,
        CONSTRAINT uq_doc_outgoing_versions UNIQUE (outgoing_id, version),
        CONSTRAINT fk_doc_outgoing_versions FOREIGN KEY (outgoing_id) REFERENCES doc_outgoing (id)
    )",
    "CREATE TABLE doc_distributions (
        id {id},
        outgoing_id BIGINT NOT NULL,
        internal BOOLEAN NOT NULL,
        department_id BIGINT,
        user_id BIGINT,
        incoming_id BIGINT,
        unit_name TEXT,
        channel TEXT,
        at BIGINT NOT NULL,
        by_id BIGINT NOT NULL,
        CONSTRAINT fk_doc_distributions FOREIGN KEY (outgoing_id) REFERENCES doc_outgoing (id)
    )",
    "CREATE INDEX ix_doc_distributions_outgoing ON doc_distributions (outgoing_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
