//! SQLite's FTS5 read a reader `@12` as the bare number `12`, the same token as a 12 in any
//! record's text (文号, dates, clause numbers). The column filter kept the answers right, but the
//! index entry of a person with a small id held every record that mentions their number, and a
//! search of theirs read it all. `@` now belongs to the token, so `@12` is a token of its own.
//! The words column is unaffected: segmentation keeps no `@` in it.
//!
//! PostgreSQL stored `@12` as a lexeme of its own from the start (m0014).

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

use super::run_ddl_batch;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE: &[&str] = &[
    "DROP TRIGGER search_docs_ai",
    "DROP TRIGGER search_docs_ad",
    "DROP TRIGGER search_docs_au",
    "DROP TABLE search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, readers, content='search_docs', content_rowid='id', tokenize=\"unicode61 tokenchars '@'\")",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts(rowid, tokens, readers) VALUES (new.id, new.tokens, new.readers); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens, readers)
            VALUES ('delete', old.id, old.tokens, old.readers); END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens, readers)
            VALUES ('delete', old.id, old.tokens, old.readers);
        INSERT INTO search_fts(rowid, tokens, readers) VALUES (new.id, new.tokens, new.readers); END",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_connection().get_database_backend() {
            DatabaseBackend::Postgres => Ok(()),
            // On one connection: another pooled one could still see the triggers just dropped.
            _ => run_ddl_batch(manager, SQLITE).await,
        }
    }
}
