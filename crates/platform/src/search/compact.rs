//! Nightly upkeep of the search index, so that a search reads one structure, not many.
//!
//! FTS5 adds each write to a small new segment and merges segments only now and then; a search
//! seeks in every segment. A database filled record by record held 17 segments at 1,000,000
//! records, and merging them into one made searches 40 % faster (bench/RESULTS.md).
//! PostgreSQL's GIN index keeps recent writes in a pending list that every search reads in full;
//! autovacuum moves it into the index, and this does it at a known quiet hour as well. It also
//! counts the records each word is in, so that a search for a word in few records reads them
//! all at once instead of window by window (m0020).

use sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::{db::Db, error::AppResult};

/// Merges the index, inside the single writer's lock on SQLite. Returns what it did, for the
/// job's record.
pub async fn compact(db: &Db) -> AppResult<String> {
    match db.backend() {
        DatabaseBackend::Postgres => {
            let pages = crate::db::raw::one(
                db.conn(),
                "SELECT gin_clean_pending_list('ix_search_docs_tsv'::regclass)",
                vec![],
            )
            .await?
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0);
            let words = count_words(db).await?;
            Ok(format!(
                "moved {pages} pending pages into the search index; counted {words} words and readers"
            ))
        }
        _ => {
            let tx = db.begin_write().await?;
            tx.execute_unprepared("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
                .await?;
            tx.commit().await?;
            Ok("merged the search index into one segment".into())
        }
    }
}

/// Replaces the counts in one transaction: searches read the old counts until it commits. The
/// words are counted from the text column, not `tsv`, which also holds a lexeme for every reader
/// in every window of ids; each reader is counted as `@12`, as the index holds them.
async fn count_words(db: &Db) -> AppResult<u64> {
    let tx = db.begin_write().await?;
    tx.execute_unprepared("DELETE FROM search_word_counts")
        .await?;
    let words = tx
        .execute_unprepared(
            "INSERT INTO search_word_counts (word, records)
             SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', tokens)
                 || array_to_tsvector(string_to_array(readers, '' '')) FROM search_docs')",
        )
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(words)
}
