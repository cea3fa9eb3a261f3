//! Chinese full-text search with the database as the index: jieba segments text into words
//! when it is written; SQLite's FTS5 and PostgreSQL's tsvector ('simple') index those words;
//! a query is segmented the same way. Permissions are part of the query itself, so paging never
//! shows a page emptied by filtering afterwards.

mod segment;

use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, Statement,
    sea_query::OnConflict,
};
use serde::Serialize;

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
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The kind of record a document stands for; decides who may find it.
pub const KIND_WORKFLOW: &str = "workflow";

/// Stores or replaces the searchable text of a record, inside the caller's transaction.
pub async fn index(
    conn: &impl ConnectionTrait,
    kind: &str,
    ref_id: i64,
    title: &str,
    body: &str,
) -> AppResult<()> {
    let tokens = format!("{} {}", segment(title), segment(body));
    doc::Entity::insert(doc::ActiveModel {
        id: NotSet,
        kind: Set(kind.into()),
        ref_id: Set(ref_id),
        title: Set(title.into()),
        body: Set(body.into()),
        tokens: Set(tokens),
        updated_at: Set(now_ms()),
    })
    .on_conflict(
        OnConflict::columns([doc::Column::Kind, doc::Column::RefId])
            .update_columns([
                doc::Column::Title,
                doc::Column::Body,
                doc::Column::Tokens,
                doc::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct Row {
    kind: String,
    ref_id: i64,
    title: String,
    body: String,
}

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

/// Beyond this many tasks a person sees so much that walking the newest matches finds their
/// page sooner than checking every record they can see.
const DRIVE_FROM_OWN_RECORDS_BELOW: i64 = 3000;

/// Records the person may see that contain every word of the query, newest first.
///
/// The cost stays bounded however many records the database holds: matches are read newest
/// first and reading stops at the page, and a person who sees few records has those records
/// checked instead of every match.
pub async fn query(db: &Db, actor: &Actor, q: &str) -> AppResult<Vec<Hit>> {
    let words = terms(q);
    if words.is_empty() {
        return Err(AppError::bad("请输入要查找的内容"));
    }
    if words.len() > 20 {
        return Err(AppError::bad("查找的词语过多，请精简后再试"));
    }
    let people = acting_for(db, actor).await?;
    let me = actor.user_id.unwrap_or_default();
    let oversee = actor.can(Permission::WorkflowOversee);
    let backend = db.backend();
    let people_list = people
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    // Ids are integers from the database, so listing them inline cannot inject anything.
    let own_records = format!(
        "SELECT id FROM workflow_instances WHERE started_by IN ({people_list})
         UNION SELECT instance_id FROM workflow_tasks WHERE assignee_id IN ({people_list})
         UNION SELECT instance_id FROM workflow_tasks WHERE acted_by = {me}"
    );
    let drive = !oversee
        && {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 FROM workflow_tasks WHERE assignee_id IN ({people_list}) LIMIT {DRIVE_FROM_OWN_RECORDS_BELOW}) x"
            );
            let n: i64 = db
                .conn()
                .query_one_raw(Statement::from_string(backend, sql))
                .await?
                .map(|r| r.try_get_by_index::<i64>(0))
                .transpose()?
                .unwrap_or(0);
            n < DRIVE_FROM_OWN_RECORDS_BELOW
        };
    let visible = if oversee {
        format!("d.kind = '{KIND_WORKFLOW}'")
    } else if drive {
        format!("d.kind = '{KIND_WORKFLOW}' AND d.ref_id IN ({own_records})")
    } else {
        // Checked match by match, newest first, until the page is full.
        format!(
            "d.kind = '{KIND_WORKFLOW}' AND (EXISTS (SELECT 1 FROM workflow_instances i WHERE i.id = d.ref_id AND i.started_by IN ({people_list}))
              OR EXISTS (SELECT 1 FROM workflow_tasks t WHERE t.instance_id = d.ref_id AND (t.assignee_id IN ({people_list}) OR t.acted_by = {me})))"
        )
    };
    let (sql, values): (String, Vec<sea_orm::Value>) = match backend {
        DatabaseBackend::Postgres => (
            format!(
                "SELECT d.kind, d.ref_id, d.title, d.body FROM search_docs d
                 WHERE d.tsv @@ plainto_tsquery('simple', $1) AND {visible}
                 ORDER BY d.id DESC LIMIT {LIMIT}"
            ),
            vec![words.join(" ").into()],
        ),
        _ if drive => {
            // FTS5 cannot look one row up by rowid within a MATCH (it walks every match), so
            // a person's own few records are checked word by word against their stored
            // tokens, which hold the same words the index does.
            let each_word: Vec<String> = (1..=words.len())
                .map(|i| format!("(' ' || d.tokens || ' ') LIKE ?{i} ESCAPE '\\'"))
                .collect();
            (
                format!(
                    "SELECT d.kind, d.ref_id, d.title, d.body FROM search_docs d
                     WHERE {visible} AND {}
                     ORDER BY d.id DESC LIMIT {LIMIT}",
                    each_word.join(" AND ")
                ),
                words.iter().map(|w| like_word(w).into()).collect(),
            )
        }
        _ => (
            format!(
                "SELECT d.kind, d.ref_id, d.title, d.body FROM search_fts f JOIN search_docs d ON d.id = f.rowid
                 WHERE search_fts MATCH ?1 AND {visible}
                 ORDER BY f.rowid DESC LIMIT {LIMIT}"
            ),
            vec![
                words
                    .iter()
                    .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into(),
            ],
        ),
    };
    let rows = Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Hit {
            link: match r.kind.as_str() {
                KIND_WORKFLOW => format!("/workflow/{}", r.ref_id),
                _ => String::new(),
            },
            title: mark(&r.title, &words),
            snippet: mark(&snippet_around(&r.body, &words), &words),
            kind: r.kind,
            ref_id: r.ref_id,
        })
        .collect())
}

/// `% word %`: the word as a whole token among the space-separated tokens, its own `%`, `_`
/// and backslash taken literally.
fn like_word(w: &str) -> String {
    let mut p = String::from("% ");
    for c in w.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push_str(" %");
    p
}

/// About 60 characters of `text` around the first word found.
fn snippet_around(text: &str, words: &[String]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let lower: String = text.to_lowercase();
    let first = words
        .iter()
        .filter_map(|w| lower.find(w.as_str()))
        .min()
        .map(|b| lower[..b].chars().count())
        .unwrap_or(0);
    let start = first.saturating_sub(20);
    let end = (start + 60).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// Splits `text` into pieces, marking the words of the query.
fn mark(text: &str, words: &[String]) -> Vec<Piece> {
    let lower = text.to_lowercase();
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(w.as_str()) {
            let b = from + pos;
            hits.push((b, b + w.len()));
            from = b + w.len();
        }
    }
    hits.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in hits {
        if s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        if s > at {
            out.push(Piece {
                text: text[at..s].to_string(),
                hit: false,
            });
        }
        out.push(Piece {
            text: text[s..e].to_string(),
            hit: true,
        });
        at = e;
    }
    if at < text.len() {
        out.push(Piece {
            text: text[at..].to_string(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_every_occurrence() {
        let words = vec!["防汛".to_string()];
        let pieces = mark("做好防汛工作，防汛无小事", &words);
        let hits: Vec<&str> = pieces
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, vec!["防汛", "防汛"]);
        assert_eq!(
            pieces.iter().map(|p| p.text.as_str()).collect::<String>(),
            "做好防汛工作，防汛无小事"
        );
    }

    #[test]
    fn snippets_centre_on_the_first_hit() {
        let text = format!("{}防汛{}", "甲".repeat(100), "乙".repeat(100));
        let s = snippet_around(&text, &["防汛".to_string()]);
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("防汛"));
        assert_eq!(s.chars().count(), 62);
    }
}
