use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    // What a search can find: one row per record, with its text segmented into words at
    // write time so that both databases index Chinese by word.
    "CREATE TABLE search_docs (
        id {id},
        kind TEXT NOT NULL,
        ref_id BIGINT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tokens TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT uq_search_docs UNIQUE (kind, ref_id)
    )",
];

const SQLITE_INDEX: &[&str] = &[
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_docs', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
];

const POSTGRES_INDEX: &[&str] = &[
    "ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tsv)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, TABLES).await?;
        let index = match manager.get_connection().get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_INDEX,
            _ => SQLITE_INDEX,
        };
        run_ddl(manager, index).await
    }
}
