use std::{ops::Deref, sync::Mutex};

use sea_orm::{
    DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use tokio::sync::OwnedMutexGuard;

use super::Db;

/// A write transaction. Holding it keeps other writers of this node waiting on SQLite;
/// dropping it without `commit` rolls everything back.
pub struct WriteTx {
    txn: DatabaseTransaction,
    _writer: Option<OwnedMutexGuard<()>>,
    /// The hash of the last audit row this transaction appended. Nobody else can append while
    /// it is open (SQLite's write lock, PostgreSQL's advisory lock), so the next row chains to
    /// it without reading the log again.
    audit_head: Mutex<Option<String>>,
}

impl WriteTx {
    pub(super) async fn begin(db: &Db) -> Result<Self, DbErr> {
        let writer = match &db.sqlite_writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        // IMMEDIATE takes SQLite's write lock at BEGIN: a deferred transaction that reads first
        // cannot upgrade once another connection has committed (SQLITE_BUSY_SNAPSHOT), and
        // busy_timeout does not retry that. PostgreSQL ignores the mode.
        let txn = db
            .conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: writer.as_ref().map(|_| SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        Ok(Self {
            txn,
            _writer: writer,
            audit_head: Mutex::new(None),
        })
    }

    pub(crate) fn audit_head(&self) -> Option<String> {
        self.audit_head
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn set_audit_head(&self, hash: String) {
        *self.audit_head.lock().unwrap_or_else(|e| e.into_inner()) = Some(hash);
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }
}

impl Deref for WriteTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}
