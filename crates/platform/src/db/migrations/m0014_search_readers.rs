//! The people who may find a record go into the search index beside its words. Before, a
//! person who sees only their own records had each of them checked against the query: the
//! cost grew with their records (20–90 ms for a 科员 with 10,000 of them). With the readers
//! indexed, the words and the person are one lookup in the index.
//!
//! On PostgreSQL each row also carries the window of ids it falls in, for searching the newest
//! records first (see `search::postgres_rows`).

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

use super::{run_ddl, run_ddl_batch};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Everyone who takes part in a workflow record, as the engine writes them: `@12 @34`.
const FILL_READERS_SQLITE: &str = "UPDATE search_docs SET readers = COALESCE((
        SELECT group_concat('@' || p, ' ') FROM (
            SELECT started_by AS p FROM workflow_instances WHERE id = search_docs.ref_id
            UNION SELECT assignee_id FROM workflow_tasks WHERE instance_id = search_docs.ref_id
            UNION SELECT acted_by FROM workflow_tasks
                WHERE instance_id = search_docs.ref_id AND acted_by IS NOT NULL
            ORDER BY 1)), '')
    WHERE kind = 'workflow'";

const SQLITE: &[&str] = &[
    "DROP TRIGGER search_docs_ai",
    "DROP TRIGGER search_docs_ad",
    "DROP TRIGGER search_docs_au",
    "DROP TABLE search_fts",
    "ALTER TABLE search_docs ADD COLUMN readers TEXT NOT NULL DEFAULT ''",
    FILL_READERS_SQLITE,
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, readers, content='search_docs', content_rowid='id', tokenize='unicode61')",
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

const POSTGRES: &[&str] = &[
    "ALTER TABLE search_docs ADD COLUMN readers TEXT NOT NULL DEFAULT ''",
    "UPDATE search_docs d SET readers = COALESCE((
        SELECT string_agg('@' || p, ' ' ORDER BY p) FROM (
            SELECT started_by AS p FROM workflow_instances WHERE id = d.ref_id
            UNION SELECT assignee_id FROM workflow_tasks WHERE instance_id = d.ref_id
            UNION SELECT acted_by FROM workflow_tasks
                WHERE instance_id = d.ref_id AND acted_by IS NOT NULL) r), '')
    WHERE kind = 'workflow'",
    "ALTER TABLE search_docs DROP COLUMN tsv",
    // The readers become lexemes as they are (`@12`): a query's text goes through the parser,
    // which never yields an `@` or a `~`, so no search word can match a reader or a window.
    // The window (`~61` for ids 61 × 16,384 onwards) lets the index find the newest matches
    // without reading every match from the table to sort it.
    "ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', tokens)
        || array_to_tsvector(string_to_array(readers, ' '))
        || array_to_tsvector(ARRAY['~' || (id / 16384)::text])) STORED",
    // New entries wait in a pending list that every search reads in full: at the default
    // 4 MB that is 500 pages, 7 ms on each search. 256 kB keeps it to 32.
    "CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tsv) WITH (gin_pending_list_limit = 256)",
    // The rewritten table has no statistics until autovacuum comes by; without them the planner
    // takes the index for a common word and sorts all its matches (1 → 12 ms at 10,000 records).
    "ANALYZE search_docs",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_connection().get_database_backend() {
            DatabaseBackend::Postgres => run_ddl(manager, POSTGRES).await,
            // On one connection: another pooled one could still see the triggers just dropped.
            _ => run_ddl_batch(manager, SQLITE).await,
        }
    }
}
