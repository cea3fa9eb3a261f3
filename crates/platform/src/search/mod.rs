//! Chinese full-text search with the database as the index: jieba segments text into words
//! when it is written; SQLite's FTS5 and PostgreSQL's tsvector ('simple') index those words;
//! a query is segmented the same way. Permissions are part of the query itself, so paging never
//! shows a page emptied by filtering afterwards.

mod compact;
mod highlight;
mod segment;

use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, DatabaseBackend, EntityTrait, Statement,
    sea_query::OnConflict,
};
use serde::Serialize;

pub use compact::compact;
use highlight::{mark, snippet_around};
pub use segment::{segment, terms};

use crate::{
    auth::{Actor, Permission},
    db::{Db, now_ms},
    error::{AppError, AppResult},
    workflow::engine::acting_for,
};

mod doc {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "search_docs")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub kind: String,
        pub ref_id: i64,
        pub title: String,
        pub body: String,
        pub tokens: String,
        pub readers: String,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The kind of record a document stands for; decides who may find it.
pub const KIND_WORKFLOW: &str = "workflow";

/// What one record makes findable, and by whom.
pub struct Entry<'a> {
    pub kind: &'a str,
    pub ref_id: i64,
    pub title: &'a str,
    pub body: &'a str,
    /// Everyone who may find it: indexed with its words, so that a search for what a person may
    /// see is one lookup in the index, however many records the database holds.
    pub readers: &'a [i64],
}

/// Stores or replaces the searchable text of a record, inside the caller's transaction.
pub async fn index(conn: &impl ConnectionTrait, e: Entry<'_>) -> AppResult<()> {
    let tokens = format!("{} {}", segment(e.title), segment(e.body));
    doc::Entity::insert(doc::ActiveModel {
        id: NotSet,
        kind: Set(e.kind.into()),
        ref_id: Set(e.ref_id),
        title: Set(e.title.into()),
        body: Set(e.body.into()),
        tokens: Set(tokens),
        readers: Set(readers_text(e.readers)),
        updated_at: Set(now_ms()),
    })
    .on_conflict(
        OnConflict::columns([doc::Column::Kind, doc::Column::RefId])
            .update_columns([
                doc::Column::Title,
                doc::Column::Body,
                doc::Column::Tokens,
                doc::Column::Readers,
                doc::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The readers column: `@12 @34`. PostgreSQL indexes each as a lexeme that no query text can
/// produce (its parser drops the `@`); FTS5 keeps them in a column of their own, `@` and all
/// (m0016), so that a reader is never the same token as a number in a record's text.
pub fn readers_text(people: &[i64]) -> String {
    let mut ids = people.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids.iter()
        .map(|id| format!("@{id}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One hit as the database gives it: id, kind, ref_id, title, body.
#[derive(Debug, serde::Deserialize)]
struct Row(i64, String, i64, String, String);

/// A piece of text, marked where it matched the query.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub kind: String,
    pub ref_id: i64,
    pub link: String,
    pub title: Vec<Piece>,
    pub snippet: Vec<Piece>,
}

pub const LIMIT: u64 = 50;

/// Records the person may see that contain every word of the query, newest first.
///
/// The cost stays bounded however many records the database holds: the index holds each
/// record's words and the people who may see it, so the query is one lookup of both, read
/// newest first until the page is full.
pub async fn query(db: &Db, actor: &Actor, q: &str) -> AppResult<Vec<Hit>> {
    let words = terms(q);
    if words.is_empty() {
        return Err(AppError::bad("请输入要查找的内容"));
    }
    if words.len() > 20 {
        return Err(AppError::bad("查找的词语过多，请精简后再试"));
    }
    // Those who oversee every record search them all; anyone else what they or the people
    // they act for take part in.
    let people = if actor.can(Permission::WorkflowOversee) {
        None
    } else {
        Some(acting_for(db, actor).await?)
    };
    let mut rows = match db.backend() {
        DatabaseBackend::Postgres => postgres_page(db, &words, people.as_deref()).await?,
        _ => sqlite_page(db, &words, people.as_deref()).await?,
    };
    rows.sort_unstable_by_key(|r| std::cmp::Reverse(r.0));
    Ok(rows
        .into_iter()
        .map(|Row(_, kind, ref_id, title, body)| Hit {
            link: match kind.as_str() {
                KIND_WORKFLOW => format!("/workflow/{ref_id}"),
                _ => String::new(),
            },
            title: mark(&title, &words),
            snippet: mark(&snippet_around(&body, &words), &words),
            kind,
            ref_id,
        })
        .collect())
}

/// FTS5 keeps its matches in key order and each record's key is its id negated (m0018), so the
/// newest are read first, forwards, and reading stops at the page whatever the number of matches.
/// The page comes back as one JSON row: sqlx hands each SQLite row over from the connection's
/// own thread, a few microseconds a row, which for a full page of 50 cost more than the index
/// lookup itself.
async fn sqlite_page(db: &Db, words: &[String], people: Option<&[i64]>) -> AppResult<Vec<Row>> {
    let phrases: Vec<String> = words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    // The words are looked for in the text column only, never among the readers.
    let mut expr = format!("tokens : ({})", phrases.join(" "));
    if let Some(people) = people {
        let any: Vec<String> = people.iter().map(|p| format!("\"@{p}\"")).collect();
        expr.push_str(&format!(" AND readers : ({})", any.join(" OR ")));
    }
    let sql = format!(
        "SELECT json_group_array(json_array(id, kind, ref_id, title, body)) FROM (
           SELECT d.id, d.kind, d.ref_id, d.title, d.body
           FROM search_fts f JOIN search_docs d ON d.id = -f.rowid
           WHERE search_fts MATCH ?1 AND d.kind = '{KIND_WORKFLOW}'
           ORDER BY f.rowid LIMIT {LIMIT})"
    );
    let page = db
        .conn()
        .query_one_raw(Statement::from_sql_and_values(
            db.backend(),
            sql,
            [expr.into()],
        ))
        .await?;
    let json: Option<String> = match page {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    };
    match json {
        Some(j) => serde_json::from_str(&j)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("search page: {e}"))),
        None => Ok(Vec::new()),
    }
}

/// The search runs on the server, in `search_newest` (migrations m0015, m0020), one round trip:
/// a word counted in few records is read all at once; any other is looked for in the newest
/// windows of ids first and in older ones until the page is full. PostgreSQL sends the rows in
/// one reply, so they come as rows: a JSON page cost more to build and to read back.
async fn postgres_page(db: &Db, words: &[String], people: Option<&[i64]>) -> AppResult<Vec<Row>> {
    let people = people.map(|people| {
        people
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    });
    let sql = format!(
        "SELECT id, kind, ref_id, title, body FROM search_newest(
             $1, string_to_array($2, ',')::bigint[], '{KIND_WORKFLOW}', {LIMIT})"
    );
    let rows = db
        .conn()
        .query_all_raw(Statement::from_sql_and_values(
            db.backend(),
            sql,
            [words.join(" ").into(), people.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Row(
                r.try_get_by_index(0)?,
                r.try_get_by_index(1)?,
                r.try_get_by_index(2)?,
                r.try_get_by_index(3)?,
                r.try_get_by_index(4)?,
            ))
        })
        .collect()
}
