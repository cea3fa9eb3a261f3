//! What an archive holds, written last and read first: restore trusts nothing in the archive
//! until its bytes match these checksums.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The layout version of the archive; restore refuses others.
pub const FORMAT: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The Sanban version that wrote it.
    pub version: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub database: FileEntry,
    /// Rows per table in the copied database, checked again after restore.
    pub tables: BTreeMap<String, u64>,
    /// Every attachment version's object.
    pub files: Vec<FileEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileEntry {
    /// The archive entry (database) or the object key (attachments).
    pub name: String,
    pub size: u64,
    pub sha256: String,
}
