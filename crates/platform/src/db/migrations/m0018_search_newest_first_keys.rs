//! SQLite's index now holds each record under the negative of its id, so that the newest come
//! first in the index's own order.
//!
//! A search reads newest first. FTS5 reads a list backwards by parsing each page forwards and
//! then stepping back through what it parsed; a person's search seeks in the list of their
//! records at every match of the words, and each seek parsed a page afresh. Read forwards, a
//! seek costs a step. At 1,000,000 records the statement alone took about half the time: the
//! 分管领导's rare word, sought among 139,000 records of theirs, 0.96 → 0.40 ms; the 科员's
//! 森林防火 0.53 → 0.30 ms (bench/RESULTS.md).
//!
//! The index keeps no copy of the text (`content=''`): its keys are no longer the records' ids,
//! so it cannot point back at `search_docs`. Nothing reads text from it; a search joins the
//! record by id. Removal still passes the old text, as before.
//!
//! PostgreSQL is unaffected: a GIN index has no order to read in.

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
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, readers, content='', tokenize=\"unicode61 tokenchars '@'\")",
    // In ascending key order: FTS5 writes a new segment whenever a key is lower than the last.
    "INSERT INTO search_fts(rowid, tokens, readers) SELECT -id, tokens, readers FROM search_docs ORDER BY id DESC",
    "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts(rowid, tokens, readers) VALUES (-new.id, new.tokens, new.readers); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens, readers)
            VALUES ('delete', -old.id, old.tokens, old.readers); END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens, readers)
            VALUES ('delete', -old.id, old.tokens, old.readers);
        INSERT INTO search_fts(rowid, tokens, readers) VALUES (-new.id, new.tokens, new.readers); END",
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
