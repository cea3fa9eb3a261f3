//! Restoring an archive into an empty data directory. Every byte is checked against the
//! manifest before anything is written where the service would see it.

use std::{
    fs::File,
    io::{BufReader, Read},
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use bytes::Bytes;
use object_store::{ObjectStoreExt, PutPayload, path::Path as ObjectPath};
use sea_orm::ConnectionTrait;
use zip::ZipArchive;

use super::{
    DATABASE_ENTRY, FILES_PREFIX, MANIFEST_ENTRY,
    create::{connect, count_tables, objects},
    digest,
    manifest::{FORMAT, Manifest},
    sqlite_file,
};
use crate::{
    Config,
    attach::Store,
    audit::{self, VerifyOutcome},
    db::Db,
};

#[derive(Debug)]
pub struct RestoreReport {
    pub tables: usize,
    pub rows: u64,
    pub files: usize,
    /// Rows of the audit chain walked and found intact.
    pub audit_rows: u64,
}

/// Restores `archive` into the installation `config` describes, which must be empty.
pub async fn restore(
    config: &Config,
    archive: &Path,
    progress: &mut dyn FnMut(String),
) -> anyhow::Result<RestoreReport> {
    let url = config.effective_database_url();
    let db_file = sqlite_file(&url)?;
    if db_file.exists() {
        bail!(
            "{} 已有数据库；恢复只写入空的数据目录，请用 --data-dir 指定一个新目录",
            db_file.display()
        );
    }
    if config.storage.kind == "local" {
        let dir = config.storage.local_dir(&config.data_dir);
        if std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
            bail!(
                "附件目录 {} 不是空的；恢复只写入空的数据目录",
                dir.display()
            );
        }
    }
    let mut zip = ZipArchive::new(BufReader::new(
        File::open(archive).with_context(|| format!("无法打开备份文件 {}", archive.display()))?,
    ))
    .with_context(|| format!("{} 不是有效的备份文件", archive.display()))?;
    let manifest: Manifest = {
        let mut entry = zip
            .by_name(MANIFEST_ENTRY)
            .context("备份文件中没有 manifest.json，不是三办的备份")?;
        let mut text = Vec::new();
        entry.read_to_end(&mut text)?;
        serde_json::from_slice(&text).context("备份的 manifest.json 无法读取")?
    };
    if manifest.format != FORMAT {
        bail!(
            "备份格式版本 {} 不受支持（本程序读取版本 {FORMAT}）",
            manifest.format
        );
    }

    // First pass: every attachment's bytes against the manifest, writing nothing.
    progress(format!("正在校验 {} 个附件 …", manifest.files.len()));
    for f in &manifest.files {
        let mut entry = zip
            .by_name(&format!("{FILES_PREFIX}{}", f.name))
            .with_context(|| format!("备份中缺少附件对象 {}", f.name))?;
        let (size, sha) = digest(&mut entry, &mut std::io::sink()).with_context(|| {
            format!(
                "备份中的附件对象 {} 无法读出，备份已损坏，未作任何恢复",
                f.name
            )
        })?;
        if size != f.size || sha != f.sha256 {
            bail!(
                "备份中的附件对象 {} 校验值不符，备份已损坏，未作任何恢复",
                f.name
            );
        }
    }

    if let Some(dir) = db_file.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    }
    let partial = {
        let mut s = db_file.as_os_str().to_owned();
        s.push(".restoring");
        PathBuf::from(s)
    };
    let guard = Remove(partial.clone());
    {
        let mut entry = zip
            .by_name(DATABASE_ENTRY)
            .context("备份文件中没有数据库")?;
        let mut out =
            File::create(&partial).with_context(|| format!("无法写入 {}", partial.display()))?;
        let (size, sha) = digest(&mut entry, &mut out)
            .context("备份中的数据库无法读出，备份已损坏，未作任何恢复")?;
        out.sync_all()?;
        if size != manifest.database.size || sha != manifest.database.sha256 {
            bail!("备份中的数据库校验值不符，备份已损坏，未作任何恢复");
        }
    }

    // The copy must hold what the manifest says, and refer to exactly the archived files.
    let copy = connect(&format!("sqlite://{}?mode=ro", partial.display())).await?;
    let integrity = copy
        .query_one_raw(sea_orm::Statement::from_string(
            copy.get_database_backend(),
            "PRAGMA integrity_check",
        ))
        .await?
        .context("PRAGMA integrity_check 没有结果")?
        .try_get_by_index::<String>(0)?;
    if integrity != "ok" {
        bail!("恢复出的数据库未通过完整性检查：{integrity}");
    }
    let tables = count_tables(&copy).await?;
    if tables != manifest.tables {
        bail!("恢复出的数据库各表行数与备份清单不一致，未作恢复");
    }
    let referenced = objects(&copy).await?;
    copy.close().await.ok();
    for (key, size, sha) in &referenced {
        if !manifest
            .files
            .iter()
            .any(|f| f.name == *key && f.size == *size && f.sha256 == *sha)
        {
            bail!("数据库记录的附件对象 {key} 不在备份中或校验值不同，未作恢复");
        }
    }

    let db = Db::connect(&format!("sqlite://{}?mode=rw", partial.display()))
        .await
        .context("无法打开恢复出的数据库")?;
    let audit_rows = match audit::verify(&db).await? {
        VerifyOutcome::Intact { rows } => rows,
        VerifyOutcome::Broken { row_id, reason, .. } => {
            bail!("恢复出的数据库审计链在第 {row_id} 行断开（{reason}），未作恢复")
        }
    };
    db.close().await;
    progress(format!("数据库完整性和审计链（{audit_rows} 行）校验通过"));

    progress(format!("正在写入 {} 个附件 …", manifest.files.len()));
    let store = Store::open(&config.storage, &config.data_dir).context("打开附件存储失败")?;
    for f in &manifest.files {
        let mut entry = zip.by_name(&format!("{FILES_PREFIX}{}", f.name))?;
        let mut bytes = Vec::with_capacity(f.size as usize);
        entry.read_to_end(&mut bytes)?;
        store
            .object_store()
            .put(
                &ObjectPath::from(f.name.as_str()),
                PutPayload::from(Bytes::from(bytes)),
            )
            .await
            .with_context(|| format!("写入附件对象 {} 失败", f.name))?;
    }

    std::fs::rename(&partial, &db_file)
        .with_context(|| format!("无法把数据库写为 {}", db_file.display()))?;
    std::mem::forget(guard);
    Ok(RestoreReport {
        tables: tables.len(),
        rows: tables.values().sum(),
        files: manifest.files.len(),
        audit_rows,
    })
}

struct Remove(PathBuf);

impl Drop for Remove {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
