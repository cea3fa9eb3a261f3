//! `sanban migrate-to postgres://…`: the route an office takes when it outgrows one machine.
//! Every row of the SQLite installation goes into an empty PostgreSQL database in one
//! transaction, in foreign-key order, ids kept; the counts and the audit chain are checked
//! before it commits, and attachments move into the configured store when that is not the
//! local directory they are in now.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, bail};
use futures_util::StreamExt;
use object_store::{ObjectStoreExt, PutPayload, path::Path as ObjectPath};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait, Value};
use sha2::{Digest, Sha256};

use super::{
    count,
    create::{count_tables, objects},
    quote, sqlite_file,
};
use crate::{
    Config, Module,
    attach::{StorageConfig, Store},
    audit::{self, VerifyOutcome},
    db::Db,
};

/// What the caller shows while it works.
pub enum Progress {
    /// A table begins: its name and row count.
    Table {
        name: String,
        rows: u64,
    },
    /// Rows of the current table copied so far.
    Rows(u64),
    Files {
        done: u64,
        total: u64,
    },
    Note(String),
}

#[derive(Debug)]
pub struct MoveReport {
    pub tables: usize,
    pub rows: u64,
    pub files: usize,
    pub audit_rows: u64,
}

/// Rows per INSERT, under PostgreSQL's 65,535 bind parameters.
const BATCH_PARAMS: usize = 30_000;

pub async fn migrate_to(
    config: &Config,
    modules: &[Module],
    target_url: &str,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<MoveReport> {
    if !target_url.starts_with("postgres://") && !target_url.starts_with("postgresql://") {
        bail!("目标须是 postgres:// 开头的 PostgreSQL 地址");
    }
    let source_url = config.effective_database_url();
    let source_file = sqlite_file(&source_url)?;
    if !source_file.exists() {
        bail!(
            "没有找到数据库文件 {}，请检查 --data-dir",
            source_file.display()
        );
    }
    let source = Db::connect(&source_url)
        .await
        .context("无法打开 SQLite 数据库")?;
    let target = Db::connect(target_url)
        .await
        .with_context(|| format!("无法连接 {}", crate::config::mask_url(target_url)))?;
    // Both at the same schema version before a row moves.
    for db in [&source, &target] {
        db.migrate().await.context("数据库迁移失败")?;
        for m in modules {
            (m.migrate)(db.clone())
                .await
                .with_context(|| format!("模块 {} 的数据库迁移失败", m.key))?;
        }
    }
    for table in ["users", "audit_log"] {
        if count(target.conn(), table).await? > 0 {
            bail!("目标数据库已有数据（{table} 表不是空的）；迁移只写入空的数据库");
        }
    }

    let counts = count_tables(source.conn()).await?;
    let pg_columns = pg_columns(target.conn()).await?;
    let order = fk_order(target.conn(), &pg_columns).await?;
    let tx = target.conn().begin().await?;
    // Migrations seed a few rows (e.g. the periodicals' names); the source has its own copy.
    for table in order.iter().rev() {
        tx.execute_unprepared(&format!("DELETE FROM {}", quote(table)))
            .await?;
    }
    let mut total = 0u64;
    for table in &order {
        let Some(rows) = counts.get(table) else {
            continue;
        };
        progress(Progress::Table {
            name: table.clone(),
            rows: *rows,
        });
        let copied = copy_table(source.conn(), &tx, table, &pg_columns[table], progress).await?;
        if copied != *rows {
            bail!("表 {table} 复制了 {copied} 行，源库有 {rows} 行");
        }
        total += copied;
        // Identity columns go on after the copied ids; text keys (sessions) have none.
        let has_id = pg_columns[table]
            .iter()
            .any(|(c, ty)| c == "id" && (ty == "bigint" || ty == "integer"));
        if has_id {
            tx.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE(MAX(id), 1), \
                 MAX(id) IS NOT NULL) FROM {q} WHERE pg_get_serial_sequence('{t}', 'id') IS NOT NULL",
                t = table.replace('\'', "''"),
                q = quote(table)
            ))
            .await?;
        }
    }
    for (table, rows) in &counts {
        if pg_columns.contains_key(table) && !is_bookkeeping(table) {
            let n = count(&tx, table).await?;
            if n != *rows {
                bail!("核对失败：表 {table} 在 PostgreSQL 中有 {n} 行，源库有 {rows} 行");
            }
        }
    }
    tx.commit().await?;

    let audit_rows = match audit::verify(&target).await? {
        VerifyOutcome::Intact { rows } => rows,
        VerifyOutcome::Broken { row_id, reason, .. } => {
            bail!("迁移后审计链在第 {row_id} 行断开：{reason}")
        }
    };
    let source_audit = match audit::verify(&source).await? {
        VerifyOutcome::Intact { rows } => rows,
        VerifyOutcome::Broken { row_id, .. } => bail!("源库审计链在第 {row_id} 行已断开"),
    };
    if audit_rows != source_audit {
        bail!("审计链行数不一致：源库 {source_audit}，PostgreSQL {audit_rows}");
    }
    progress(Progress::Note(format!("审计链 {audit_rows} 行核验完好")));
    // Searches read a word in few records at once only after its records are counted (m0020);
    // the nightly job would count them, this does it before the first search. The rows are in
    // and checked by now, so a failure here only leaves the counting to the night.
    match crate::search::compact(&target).await {
        Ok(_) => progress(Progress::Note("已统计查找所用的词语".into())),
        Err(e) => progress(Progress::Note(format!(
            "查找所用的词语未能统计（{e}），将由夜间的整理任务统计"
        ))),
    }

    let files = move_files(config, source.conn(), progress).await?;
    source.close().await;
    target.close().await;
    Ok(MoveReport {
        tables: order.iter().filter(|t| counts.contains_key(*t)).count(),
        rows: total,
        files,
        audit_rows,
    })
}

/// The migration history is the target's own, written by its migrations.
fn is_bookkeeping(table: &str) -> bool {
    table.starts_with("seaql_migrations")
}

/// Every public table's stored (not generated) columns with their types.
async fn pg_columns(
    conn: &DatabaseConnection,
) -> anyhow::Result<BTreeMap<String, Vec<(String, String)>>> {
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c \
             JOIN information_schema.tables t ON t.table_schema = c.table_schema \
             AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' \
             WHERE c.table_schema = current_schema() AND c.is_generated = 'NEVER' \
             ORDER BY c.table_name, c.ordinal_position",
        ))
        .await?;
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for r in rows {
        let table: String = r.try_get_by_index(0)?;
        if is_bookkeeping(&table) {
            continue;
        }
        out.entry(table)
            .or_default()
            .push((r.try_get_by_index(1)?, r.try_get_by_index(2)?));
    }
    Ok(out)
}

/// Tables ordered so that each comes after every table it refers to.
async fn fk_order(
    conn: &DatabaseConnection,
    tables: &BTreeMap<String, Vec<(String, String)>>,
) -> anyhow::Result<Vec<String>> {
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT DISTINCT tc.table_name, ccu.table_name FROM information_schema.table_constraints tc \
             JOIN information_schema.constraint_column_usage ccu \
             ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
        ))
        .await?;
    let mut needs: BTreeMap<String, BTreeSet<String>> = tables
        .keys()
        .map(|t| (t.clone(), BTreeSet::new()))
        .collect();
    for r in rows {
        let (from, to): (String, String) = (r.try_get_by_index(0)?, r.try_get_by_index(1)?);
        if from != to
            && let Some(set) = needs.get_mut(&from)
        {
            set.insert(to);
        }
    }
    let mut order = Vec::new();
    while !needs.is_empty() {
        let ready: Vec<String> = needs
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !needs.contains_key(d)))
            .map(|(t, _)| t.clone())
            .collect();
        if ready.is_empty() {
            bail!("表之间的外键成环，无法确定复制顺序：{:?}", needs.keys());
        }
        for t in ready {
            needs.remove(&t);
            order.push(t);
        }
    }
    Ok(order)
}

/// Copies one table in rowid order, converting SQLite's storage classes to the PostgreSQL
/// column types (SQLite keeps booleans as 0/1).
async fn copy_table(
    source: &DatabaseConnection,
    target: &impl ConnectionTrait,
    table: &str,
    columns: &[(String, String)],
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<u64> {
    let sqlite_cols = sqlite_columns(source, table).await?;
    let cols: Vec<&(String, String)> = columns
        .iter()
        .filter(|(c, _)| sqlite_cols.contains(c))
        .collect();
    if cols.is_empty() {
        return Ok(0);
    }
    let list = cols
        .iter()
        .map(|(c, _)| quote(c))
        .collect::<Vec<_>>()
        .join(", ");
    let batch = (BATCH_PARAMS / cols.len()).max(1);
    let mut last = i64::MIN;
    let mut copied = 0u64;
    loop {
        let rows = source
            .query_all_raw(Statement::from_sql_and_values(
                source.get_database_backend(),
                format!(
                    "SELECT rowid, {list} FROM {} WHERE rowid > ? ORDER BY rowid LIMIT {batch}",
                    quote(table)
                ),
                [last.into()],
            ))
            .await?;
        if rows.is_empty() {
            break;
        }
        let mut values: Vec<Value> = Vec::with_capacity(rows.len() * cols.len());
        let mut tuples = Vec::with_capacity(rows.len());
        for r in &rows {
            last = r.try_get_by_index::<i64>(0)?;
            let mut marks = Vec::with_capacity(cols.len());
            for (i, (name, ty)) in cols.iter().enumerate() {
                values.push(
                    convert(r, i + 1, ty)
                        .with_context(|| format!("表 {table} 第 {last} 行的 {name} 无法转换"))?,
                );
                marks.push(format!("${}", values.len()));
            }
            tuples.push(format!("({})", marks.join(", ")));
        }
        target
            .execute_raw(Statement::from_sql_and_values(
                target.get_database_backend(),
                format!(
                    "INSERT INTO {} ({list}) VALUES {}",
                    quote(table),
                    tuples.join(", ")
                ),
                values,
            ))
            .await
            .with_context(|| format!("写入表 {table} 失败"))?;
        copied += rows.len() as u64;
        progress(Progress::Rows(copied));
    }
    Ok(copied)
}

async fn sqlite_columns(conn: &DatabaseConnection, table: &str) -> anyhow::Result<Vec<String>> {
    conn.query_all_raw(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "SELECT name FROM pragma_table_info('{}')",
            table.replace('\'', "''")
        ),
    ))
    .await?
    .iter()
    .map(|r| Ok(r.try_get_by_index::<String>(0)?))
    .collect()
}

fn convert(r: &sea_orm::QueryResult, i: usize, pg_type: &str) -> anyhow::Result<Value> {
    Ok(match pg_type {
        "bigint" => Value::BigInt(r.try_get_by_index::<Option<i64>>(i)?),
        "integer" => Value::Int(
            r.try_get_by_index::<Option<i64>>(i)?
                .map(i32::try_from)
                .transpose()?,
        ),
        "smallint" => Value::SmallInt(
            r.try_get_by_index::<Option<i64>>(i)?
                .map(i16::try_from)
                .transpose()?,
        ),
        "boolean" => Value::Bool(r.try_get_by_index::<Option<i64>>(i)?.map(|v| v != 0)),
        "double precision" | "real" | "numeric" => {
            Value::Double(r.try_get_by_index::<Option<f64>>(i)?)
        }
        "bytea" => Value::Bytes(r.try_get_by_index::<Option<Vec<u8>>>(i)?),
        _ => Value::String(r.try_get_by_index::<Option<String>>(i)?),
    })
}

/// Attachments stay where they are when the configured store is the local directory; with
/// S3 configured, every object moves from the local directory into the bucket, checked.
async fn move_files(
    config: &Config,
    source: &DatabaseConnection,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<usize> {
    if config.storage.kind == "local" {
        return Ok(0);
    }
    let local =
        Store::open(&StorageConfig::default(), &config.data_dir).context("打开本地附件目录失败")?;
    let target = Store::open(&config.storage, &config.data_dir).context("打开附件存储失败")?;
    let all = objects(source).await?;
    let total = all.len() as u64;
    for (i, (key, _, sha256)) in all.iter().enumerate() {
        let mut bytes = Vec::new();
        let mut s = local
            .read(key)
            .await
            .with_context(|| format!("本地附件目录中没有对象 {key}"))?;
        while let Some(c) = s.next().await {
            bytes.extend_from_slice(&c?);
        }
        if hex::encode(Sha256::digest(&bytes)) != *sha256 {
            bail!("附件对象 {key} 与数据库记录的校验值不符（已损坏）");
        }
        target
            .object_store()
            .put(&ObjectPath::from(key.as_str()), PutPayload::from(bytes))
            .await
            .with_context(|| format!("写入附件对象 {key} 失败"))?;
        progress(Progress::Files {
            done: i as u64 + 1,
            total,
        });
    }
    Ok(all.len())
}
