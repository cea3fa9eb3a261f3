//! `sanban backup` / `sanban restore` for an installation on the embedded SQLite database: one
//! zip archive with a consistent copy of the database taken while the service runs
//! (`VACUUM INTO`), every stored attachment version, and a manifest of SHA-256 checksums that
//! restore checks before anything is used. PostgreSQL installations back up with `pg_dump`
//! (see the README); the attachment store is the same for both. `migrate-to` moves a SQLite
//! installation into PostgreSQL.

mod create;
mod manifest;
mod restore;
mod to_postgres;

pub use create::{BackupReport, create};
pub use manifest::{FileEntry, Manifest};
pub use restore::{RestoreReport, restore};
pub use to_postgres::{MoveReport, Progress, migrate_to};

use std::{
    io::{Read, Write},
    path::PathBuf,
};

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, Statement};
use sha2::{Digest, Sha256};

/// The archive's entry for the database file.
const DATABASE_ENTRY: &str = "sanban.db";
const MANIFEST_ENTRY: &str = "manifest.json";
/// Attachment objects live under this prefix, keyed as in the store.
const FILES_PREFIX: &str = "files/";

/// The SQLite file a `sqlite:` URL names; PostgreSQL is refused with the way to back it up.
fn sqlite_file(url: &str) -> anyhow::Result<PathBuf> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        bail!(
            "备份和恢复命令只用于内置的 SQLite 数据库；PostgreSQL 请用 pg_dump / pg_restore（见 README「备份与恢复」）"
        );
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("数据库地址「{url}」没有指向文件，无法备份");
    }
    Ok(PathBuf::from(path))
}

/// Copies `from` into `to`, returning the size and SHA-256 of what passed.
fn digest(from: &mut impl Read, to: &mut impl Write) -> anyhow::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let read = from.read(&mut buf)?;
        if read == 0 {
            break;
        }
        hasher.update(&buf[..read]);
        to.write_all(&buf[..read])?;
        n += read as u64;
    }
    Ok((n, hex::encode(hasher.finalize())))
}

/// A table name as an SQL identifier.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The rows of one table.
async fn count(conn: &impl ConnectionTrait, table: &str) -> anyhow::Result<u64> {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT COUNT(*) FROM {}", quote(table)),
        ))
        .await?
        .context("COUNT 没有结果")?;
    Ok(row.try_get_by_index::<i64>(0)? as u64)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;

    #[test]
    fn names_the_database_file() {
        assert_eq!(
            sqlite_file("sqlite://data/sanban.db?mode=rwc").unwrap(),
            std::path::PathBuf::from("data/sanban.db")
        );
        assert_eq!(
            sqlite_file("sqlite:/srv/s.db").unwrap(),
            std::path::PathBuf::from("/srv/s.db")
        );
        let err = sqlite_file("postgres://u@h/db").unwrap_err().to_string();
        assert!(err.contains("pg_dump"), "{err}");
        assert!(sqlite_file("sqlite::memory:").is_err());
    }
}
