//! PostgreSQL's `search_newest` asks the index for windows of ids, newest first, because a GIN
//! index gives its matches unordered and a common word has too many to sort. For a word in few
//! records the windows cost more than they save: the office's search for a word in ten records,
//! none of them recent, asked for ten windows before it had read them all, and at 1,000,000
//! records took twice as long as at 10,000.
//!
//! The nightly `search.compact` now counts the records of each word and of each reader (`@12`)
//! in `search_word_counts`. A query with a word counted in at most 1,000 records reads all its
//! matches at once and takes the newest. For a person it reads them either all, keeping theirs
//! by the readers column, or through the index together with the person's `@12`: the index
//! steps over about 200 of a person's entries in the time the table gives one row, so the count
//! of the person's records decides. A word not counted yet (new since the last count) goes by
//! windows as before. A count can be a day old, so the direct read stops at 2,001 matches and
//! falls back to the windows: a stale count costs one bounded read, never a wrong answer.
//!
//! The function now takes the query's text, so that its words can be looked up as the index
//! holds them, not parsed back out of a `tsquery`.
//!
//! SQLite needs nothing: FTS5 reads its matches in order and stops at the page.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const WORD_COUNTS: &str = "CREATE TABLE search_word_counts (
    word text PRIMARY KEY,
    records bigint NOT NULL
)";

const DROP_OLD: &str = "DROP FUNCTION search_newest(tsquery, bigint[], text, int)";

/// The newest `wanted` records of `doc_kind` that hold the words of `query` and, unless
/// `people` is null, one of those people as a reader; in no particular order.
const SEARCH_NEWEST: &str = r#"CREATE FUNCTION search_newest(query text, people bigint[], doc_kind text, wanted int)
RETURNS TABLE (id bigint, kind text, ref_id bigint, title text, body text)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    words tsquery := plainto_tsquery('simple', query);
    top bigint;
    span bigint := 2;
    bottom bigint;
    scope text;
    got int := 0;
    searched bigint := 0;
    newest bigint;
    n int;
    fewest bigint;
    readers bigint;
    matches bigint;
    page bigint[];
    reader_tokens text[];
    direct tsquery := words;
BEGIN
    IF cardinality(people) = 0 THEN
        RETURN;
    END IF;
    SELECT min(c.records) INTO fewest FROM search_word_counts c
    WHERE c.word = ANY (tsvector_to_array(to_tsvector('simple', query)));
    IF fewest <= 1000 THEN
        IF people IS NOT NULL THEN
            reader_tokens := ARRAY(SELECT '@' || p FROM unnest(people) p);
            -- A person not counted yet is new and has few records.
            SELECT COALESCE(sum(c.records), 0) INTO readers FROM search_word_counts c
            WHERE c.word = ANY (reader_tokens);
            IF readers <= fewest * 200 THEN
                direct := words && (SELECT string_agg(quote_literal(t), ' | ') FROM unnest(reader_tokens) t)::tsquery;
            END IF;
        END IF;
        -- Not planned afresh each time, as the windows' queries are: only words in few records
        -- come here, and for them every plan reads the index.
        SELECT count(*), (array_agg(m.id ORDER BY m.id DESC) FILTER (
                 WHERE people IS NULL OR string_to_array(m.readers, ' ') && reader_tokens))[1:wanted]
            INTO matches, page
            FROM (SELECT d.id, d.readers FROM search_docs d
                  WHERE d.tsv @@ direct AND d.kind = doc_kind LIMIT 2001) m;
        IF matches <= 2000 THEN
            RETURN QUERY SELECT d.id, d.kind, d.ref_id, d.title, d.body
                FROM search_docs d WHERE d.id = ANY (page);
            RETURN;
        END IF;
    END IF;
    SELECT COALESCE(max(d.id), 0) INTO newest FROM search_docs d;
    top := newest >> 12;
    WHILE got < wanted AND top >= 0 LOOP
        bottom := top - span + 1;
        IF bottom <= 0 THEN
            scope := (SELECT string_agg(quote_literal('@' || p), ' | ') FROM unnest(people) p);
        ELSIF people IS NULL THEN
            scope := (SELECT string_agg(quote_literal('~' || w), ' | ') FROM generate_series(bottom, top) w);
        ELSE
            scope := (SELECT string_agg(quote_literal('@' || p || '~' || w), ' | ')
                      FROM generate_series(bottom, top) w, unnest(people) p);
        END IF;
        IF people IS NULL AND got = 0 THEN
            -- Planned freely: for a common word the planner reads the newest rows in id order.
            RETURN QUERY EXECUTE format(
                'SELECT d.id, d.kind, d.ref_id, d.title, d.body FROM search_docs d
                 WHERE d.tsv @@ %s AND d.kind = $3 ORDER BY d.id DESC LIMIT $4',
                CASE WHEN scope IS NULL THEN '$1' ELSE '($1 && $2::tsquery)' END)
                USING words, scope, doc_kind, wanted;
        ELSE
            -- Every match in the windows, from the index; an id order scan, which the planner
            -- would take for a person's few matches, reads thousands of rows for them.
            RETURN QUERY EXECUTE format(
                'WITH m AS MATERIALIZED (SELECT d.id, d.kind, d.ref_id, d.title, d.body
                 FROM search_docs d WHERE d.tsv @@ %s AND d.kind = $3 AND d.id < $5)
                 SELECT * FROM m ORDER BY m.id DESC LIMIT $4',
                CASE WHEN scope IS NULL THEN '$1' ELSE '($1 && $2::tsquery)' END)
                USING words, scope, doc_kind, wanted - got, (top + 1) << 12;
        END IF;
        GET DIAGNOSTICS n = ROW_COUNT;
        got := got + n;
        -- The ids these windows can hold: the newest window is only filled up to the newest id.
        searched := searched + least(newest + 1, (top + 1) << 12) - (greatest(bottom, 0) << 12);
        top := bottom - 1;
        -- Wide enough for the rest of the page at the rate found so far, and half as much again
        -- (in windows of 4,096 ids).
        -- A person with nothing in the newest windows is looked up in the index once.
        IF got = 0 THEN
            span := CASE WHEN people IS NULL THEN span * 4 ELSE top + 1 END;
        ELSE
            span := greatest(span * 2, ceil((wanted - got) * searched * 1.5 / got / 4096)::bigint);
        END IF;
        -- Many windows at once cost the office's query more than all matches of the words.
        IF people IS NULL AND span > 8 THEN
            span := top + 1;
        END IF;
    END LOOP;
END
$fn$;"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_connection().get_database_backend() {
            DatabaseBackend::Postgres => {
                run_ddl(manager, &[WORD_COUNTS, DROP_OLD, SEARCH_NEWEST]).await
            }
            _ => Ok(()),
        }
    }
}
