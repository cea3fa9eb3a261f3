use std::ops::Deref;

use sea_orm::{DatabaseTransaction, DbErr, TransactionTrait};
use tokio::sync::OwnedMutexGuard;

use super::Db;

/// A write transaction. Holding it keeps other writers of this node waiting on SQLite;
/// dropping it without `commit` rolls everything back.
pub struct WriteTx {
    txn: DatabaseTransaction,
    _writer: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub(super) async fn begin(db: &Db) -> Result<Self, DbErr> {
        let writer = match &db.sqlite_writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let txn = db.conn.begin().await?;
        Ok(Self {
            txn,
            _writer: writer,
        })
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
