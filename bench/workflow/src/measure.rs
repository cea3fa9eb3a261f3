//! Times the inbox and search as the pages call them, and a `LIKE '%…%'` scan for the same
//! words, then prints Markdown tables.

use std::time::{Duration, Instant};

use sanban_platform::{
    auth::{Actor, service},
    db::Db,
    search,
    workflow::inbox::{self, Folder, InboxQuery},
};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::{
    generate::Shape,
    vocabulary::{FEW_OF_DEPUTY, FEW_OF_STAFF, RARE},
};

/// Words searched for: few hits, about one record in sixty, nearly every record.
const TERMS: [(&str, &str); 3] = [("rare", RARE), ("medium", "森林防火"), ("common", "同意")];

/// More calls than the pool has connections (16 on PostgreSQL).
const WARM_UP: usize = 20;

struct Timing {
    p50: Duration,
    p99: Duration,
    rows: usize,
}

async fn time<F, Fut>(samples: usize, mut f: F) -> anyhow::Result<Timing>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<usize>>,
{
    // Calls first, so that every sample finds the same warm caches: one on each pooled
    // connection, as the pool hands them out in turn, since a PostgreSQL backend loads a table's
    // statistics on its first query of it (9 ms for the search table at 1M records).
    let mut rows = 0;
    for _ in 0..WARM_UP {
        rows = f().await?;
    }
    let mut all = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        f().await?;
        all.push(t.elapsed());
    }
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q).ceil() as usize).clamp(1, all.len()) - 1];
    Ok(Timing {
        p50: at(0.5),
        p99: at(0.99),
        rows,
    })
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

async fn actor(db: &Db, id: i64) -> anyhow::Result<Actor> {
    service::load_actor(db, id, None, None)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no person {id}"))
}

/// The cursor of page `n` (from 1) of a folder, found by walking the pages before it.
async fn cursor_of_page(
    db: &Db,
    who: &Actor,
    q: &InboxQuery,
    n: usize,
) -> anyhow::Result<Option<String>> {
    let mut q = q.clone();
    for _ in 1..n {
        let items = inbox::list(db, who, &q).await?;
        q.cursor = inbox::next_cursor(&q, &items);
        if q.cursor.is_none() {
            break;
        }
    }
    Ok(q.cursor)
}

pub async fn run(
    db: &Db,
    shape: &Shape,
    samples: usize,
    like_samples: usize,
) -> anyhow::Result<()> {
    let backend = match db.backend() {
        DatabaseBackend::Postgres => "PostgreSQL",
        _ => "SQLite",
    };
    let heavy = actor(db, shape.heavy).await?;
    let head = actor(db, shape.head).await?;
    let light = actor(db, shape.light).await?;
    let director = actor(db, shape.director).await?;
    println!(
        "\n### {backend}, {} records, {} tasks\n\n| case | p50 ms | p99 ms | rows |\n|---|---:|---:|---:|",
        shape.items, shape.tasks
    );
    let mut cases: Vec<(String, Actor, InboxQuery)> = Vec::new();
    for (label, who) in [("分管领导", &heavy), ("处长", &head), ("科员", &light)] {
        for folder in [Folder::Todo, Folder::Done, Folder::Started] {
            cases.push((
                format!("inbox {} · {label}", folder.label()),
                who.clone(),
                InboxQuery::of(folder),
            ));
        }
    }
    let deep = InboxQuery {
        cursor: cursor_of_page(db, &heavy, &InboxQuery::of(Folder::Done), 20).await?,
        ..InboxQuery::of(Folder::Done)
    };
    cases.push(("inbox 已办 page 20 · 分管领导".into(), heavy.clone(), deep));
    cases.push((
        "inbox 已办 标题含「森林防火」 · 分管领导".into(),
        heavy.clone(),
        InboxQuery {
            q: "森林防火".into(),
            ..InboxQuery::of(Folder::Done)
        },
    ));
    for (label, who, q) in &cases {
        let t = time(samples, || async {
            Ok(inbox::list(db, who, q).await?.len())
        })
        .await?;
        println!("| {label} | {} | {} | {} |", ms(t.p50), ms(t.p99), t.rows);
    }
    // The floor under every case above: a statement that does nothing, through the pool.
    let t = time(samples, || async {
        let one = Statement::from_string(db.backend(), "SELECT 1");
        Ok(db.conn().query_all_raw(one).await?.len())
    })
    .await?;
    println!(
        "| round trip `SELECT 1` | {} | {} | {} |",
        ms(t.p50),
        ms(t.p99),
        t.rows
    );
    let t = time(samples, || async {
        let (a, b) = inbox::counts(db, &heavy).await?;
        Ok((a + b) as usize)
    })
    .await?;
    println!(
        "| navigation counts · 分管领导 | {} | {} | {} |",
        ms(t.p50),
        ms(t.p99),
        t.rows
    );
    for (label, who, few) in [
        ("办公室主任 (all records)", &director, FEW_OF_STAFF),
        ("分管领导 (a sixth of all records)", &heavy, FEW_OF_DEPUTY),
        ("科员 (own records)", &light, FEW_OF_STAFF),
    ] {
        // The same few hits at every size, after the words whose hits grow with the records.
        for (kind, term) in TERMS.into_iter().chain([("few", few)]) {
            let t = time(samples, || async {
                Ok(search::query(db, who, term).await?.len())
            })
            .await?;
            println!(
                "| search {kind}「{term}」 · {label} | {} | {} | {} |",
                ms(t.p50),
                ms(t.p99),
                t.rows
            );
        }
    }
    let like = |term: &str| {
        let pattern = format!("%{term}%");
        let sql = match db.backend() {
            DatabaseBackend::Postgres => {
                "SELECT id FROM search_docs WHERE title LIKE $1 OR body LIKE $1 ORDER BY id DESC LIMIT 50"
            }
            _ => {
                "SELECT id FROM search_docs WHERE title LIKE ?1 OR body LIKE ?1 ORDER BY id DESC LIMIT 50"
            }
        };
        Statement::from_sql_and_values(db.backend(), sql, [pattern.into()])
    };
    let count = |term: &str, indexed: bool| {
        let sql = match (db.backend(), indexed) {
            (DatabaseBackend::Postgres, true) => {
                "SELECT COUNT(*) FROM search_docs WHERE tsv @@ plainto_tsquery('simple', $1)"
                    .to_string()
            }
            (DatabaseBackend::Postgres, false) => {
                "SELECT COUNT(*) FROM search_docs WHERE title LIKE $1 OR body LIKE $1".to_string()
            }
            (_, true) => "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ?1".to_string(),
            (_, false) => {
                "SELECT COUNT(*) FROM search_docs WHERE title LIKE ?1 OR body LIKE ?1".to_string()
            }
        };
        let value = match (db.backend(), indexed) {
            (_, false) => format!("%{term}%"),
            (DatabaseBackend::Postgres, true) => search::terms(term).join(" "),
            (_, true) => format!(
                "tokens : ({})",
                search::terms(term)
                    .iter()
                    .map(|w| format!("\"{w}\""))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        Statement::from_sql_and_values(db.backend(), sql, [value.into()])
    };
    println!(
        "\n| LIKE scan, same words | p50 ms | p99 ms | hits (index / LIKE) |\n|---|---:|---:|---:|"
    );
    for (kind, term) in TERMS {
        let t = time(like_samples, || async {
            Ok(db.conn().query_all_raw(like(term)).await?.len())
        })
        .await?;
        let hits = |indexed| async move {
            let row = db.conn().query_one_raw(count(term, indexed)).await?;
            anyhow::Ok(
                row.map(|r| r.try_get_by_index::<i64>(0))
                    .transpose()?
                    .unwrap_or(0),
            )
        };
        println!(
            "| LIKE {kind}「{term}」 | {} | {} | {} / {} |",
            ms(t.p50),
            ms(t.p99),
            hits(true).await?,
            hits(false).await?
        );
    }
    Ok(())
}
