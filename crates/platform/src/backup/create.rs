//! Writing an archive while the service keeps running.

use std::{
    collections::BTreeMap,
    fs::File,
    io::{BufWriter, Write},
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use futures_util::StreamExt;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use sha2::{Digest, Sha256};
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use super::{
    DATABASE_ENTRY, FILES_PREFIX, MANIFEST_ENTRY, count, digest,
    manifest::{FORMAT, FileEntry, Manifest},
    sqlite_file,
};
use crate::{Config, attach::Store, db::now_ms};

#[derive(Debug)]
pub struct BackupReport {
    pub archive: PathBuf,
    pub tables: usize,
    pub rows: u64,
    pub files: usize,
    pub file_bytes: u64,
}

/// Removes what a failed run leaves behind; disarmed once the archive is in place.
struct Leftovers(Vec<PathBuf>);

impl Drop for Leftovers {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Writes `output`: the database as of one instant, then every attachment object the copy
/// refers to, each checked against its recorded SHA-256, then the manifest. `progress` hears
/// a line per stage.
pub async fn create(
    config: &Config,
    output: &Path,
    progress: &mut dyn FnMut(String),
) -> anyhow::Result<BackupReport> {
    let url = config.effective_database_url();
    let db_file = sqlite_file(&url)?;
    if !db_file.exists() {
        bail!(
            "没有找到数据库文件 {}，请检查 --data-dir",
            db_file.display()
        );
    }
    if output.exists() {
        bail!("备份文件 {} 已存在，请换一个文件名", output.display());
    }
    let snapshot = with_suffix(output, ".db.partial");
    let partial = with_suffix(output, ".partial");
    let mut leftovers = Leftovers(vec![snapshot.clone(), partial.clone()]);
    for p in &leftovers.0 {
        if p.exists() {
            bail!(
                "上次备份的临时文件 {} 还在，请确认没有备份正在进行后删除它",
                p.display()
            );
        }
    }

    // VACUUM INTO reads inside one transaction: the copy is the database at one instant,
    // whatever the running service writes meanwhile.
    progress(format!("正在复制数据库 {} …", db_file.display()));
    let live = connect(&url).await?;
    live.execute_unprepared(&format!(
        "VACUUM INTO '{}'",
        snapshot.display().to_string().replace('\'', "''")
    ))
    .await
    .context("复制数据库失败")?;
    live.close().await.ok();

    let copy = connect(&format!("sqlite://{}?mode=ro", snapshot.display())).await?;
    let tables = count_tables(&copy).await?;
    let objects = objects(&copy).await?;
    copy.close().await.ok();
    let rows = tables.values().sum();
    progress(format!(
        "数据库共 {} 张表、{rows} 行；附件对象 {} 个",
        tables.len(),
        objects.len()
    ));

    let store = Store::open(&config.storage, &config.data_dir).context("打开附件存储失败")?;
    let file = File::create(&partial)
        .with_context(|| format!("无法创建备份文件 {}", partial.display()))?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    // Attachments are mostly PDF and images, already compressed.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);

    zip.start_file(DATABASE_ENTRY, deflated)?;
    let database = copy_file(&snapshot, &mut zip)?;

    let mut files = Vec::with_capacity(objects.len());
    let mut file_bytes = 0u64;
    for (i, (key, size, sha256)) in objects.iter().enumerate() {
        zip.start_file(format!("{FILES_PREFIX}{key}"), stored)?;
        let mut stream = store
            .read(key)
            .await
            .with_context(|| format!("附件对象 {key} 无法读取（数据库中有记录，存储中没有）"))?;
        let mut hasher = Sha256::new();
        let mut n = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.with_context(|| format!("读取附件对象 {key} 时出错"))?;
            hasher.update(&chunk);
            n += chunk.len() as u64;
            zip.write_all(&chunk)?;
        }
        let got = hex::encode(hasher.finalize());
        if got != *sha256 || n != *size {
            bail!("附件对象 {key} 与数据库记录的校验值或大小不符（已损坏），备份中止");
        }
        file_bytes += n;
        files.push(FileEntry {
            name: key.clone(),
            size: n,
            sha256: got,
        });
        if (i + 1) % 500 == 0 {
            progress(format!("已写入附件 {} / {}", i + 1, objects.len()));
        }
    }

    let manifest = Manifest {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        created_at: now_ms(),
        database,
        tables,
        files,
    };
    zip.start_file(MANIFEST_ENTRY, deflated)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    let file = zip
        .finish()?
        .into_inner()
        .map_err(|e| e.into_error())
        .context("写入备份文件失败")?;
    file.sync_all().context("写入备份文件失败")?;
    std::fs::rename(&partial, output)
        .with_context(|| format!("无法把备份写为 {}", output.display()))?;
    leftovers.0.retain(|p| *p == snapshot);
    Ok(BackupReport {
        archive: output.to_path_buf(),
        tables: manifest.tables.len(),
        rows,
        files: manifest.files.len(),
        file_bytes,
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

pub(super) async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false).max_connections(1);
    Database::connect(opts)
        .await
        .with_context(|| format!("无法打开数据库 {url}"))
}

/// Rows per table, sorted by name.
pub(super) async fn count_tables(
    conn: &DatabaseConnection,
) -> anyhow::Result<BTreeMap<String, u64>> {
    let backend = conn.get_database_backend();
    let names: Vec<String> = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        ))
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    let mut out = BTreeMap::new();
    for name in names {
        let rows = count(conn, &name).await?;
        out.insert(name, rows);
    }
    Ok(out)
}

/// (object key, size, sha256) of every attachment version.
pub(super) async fn objects(
    conn: &DatabaseConnection,
) -> anyhow::Result<Vec<(String, u64, String)>> {
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT object_key, size, sha256 FROM attachment_versions ORDER BY id",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<String>(0)?,
                r.try_get_by_index::<i64>(1)? as u64,
                r.try_get_by_index::<String>(2)?,
            ))
        })
        .collect()
}

/// Streams a file into the open entry, returning its size and checksum.
fn copy_file(path: &Path, out: &mut impl Write) -> anyhow::Result<FileEntry> {
    let mut f = File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let (size, sha256) = digest(&mut f, out)?;
    Ok(FileEntry {
        name: DATABASE_ENTRY.to_string(),
        size,
        sha256,
    })
}
