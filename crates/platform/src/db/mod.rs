//! The database: connection by URL (SQLite or PostgreSQL), migrations, and write transactions.

mod constraints;
mod count;
pub mod migrations;
mod outage;
pub mod raw;
mod write;

use std::{sync::Arc, time::Duration};

use sea_orm::{ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;

pub use constraints::constraint_message;
pub use count::count_upto;
pub use outage::{Outage, is_outage, outage};
pub use write::WriteTx;

const SQLITE_POOL: u32 = 8;
const POSTGRES_POOL: u32 = 16;
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// The connection pool, plus what is needed to keep writes safe on either backend.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite allows one writer; serialising writers in-process avoids `SQLITE_BUSY` when a
    /// read transaction tries to upgrade. PostgreSQL takes no such lock.
    sqlite_writer: Option<Arc<tokio::sync::Mutex<()>>>,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        let mut opts = ConnectOptions::new(url.to_string());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
        let is_sqlite = url.starts_with("sqlite:");
        if is_sqlite {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            // WAL is a property of the file: set it once on one connection. Every pooled
            // connection setting it again races the others for the lock while they open, and
            // SQLite then fails some opens with "unable to open database file".
            let mut once = ConnectOptions::new(url.to_string());
            once.sqlx_logging(false)
                .max_connections(1)
                .map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .busy_timeout(Duration::from_secs(10))
                        .create_if_missing(true)
                });
            Database::connect(once).await?.close().await?;
            // Concurrent opens of one WAL file occasionally fail the same way, so the pool opens
            // its connections one at a time below and then keeps them for good.
            // A connection to a local file cannot be dropped by anything between the two, so the
            // pool does not ping it before each use: that ping is a hand-off to the connection's
            // own thread and back, on every statement outside a transaction.
            opts.max_connections(SQLITE_POOL)
                .test_before_acquire(false)
                .min_connections(0)
                .idle_timeout(None)
                .max_lifetime(None)
                .map_sqlx_sqlite_opts(|o| {
                    o.synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        .create_if_missing(true)
                });
        } else {
            // Pages ask for a page of rows: a parallel plan's workers take milliseconds to start,
            // more than the query they help (the 已办 title filter at 1M records, warm: 17–22 ms
            // with two workers, 7.7 ms without). Nothing here scans enough rows to gain.
            // The pool pings a connection before lending it only after it has sat idle for a
            // while, when a firewall or a server restart may have dropped it. Pinging every time
            // cost a round trip per statement: an empty statement took twice as long.
            opts.max_connections(POSTGRES_POOL)
                .test_before_acquire_if_idle_for(PING_AFTER_IDLE)
                .map_sqlx_postgres_opts(|o| o.options([("max_parallel_workers_per_gather", "0")]));
        }
        let conn = Database::connect(opts).await?;
        if is_sqlite {
            let pool = conn.get_sqlite_connection_pool();
            let mut held = Vec::with_capacity(SQLITE_POOL as usize);
            while held.len() < SQLITE_POOL as usize {
                match pool.try_acquire() {
                    Some(c) => held.push(c),
                    None => held.push(
                        pool.acquire()
                            .await
                            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e.into())))?,
                    ),
                }
            }
        }
        Ok(Self {
            conn,
            sqlite_writer: is_sqlite.then(|| Arc::new(tokio::sync::Mutex::new(()))),
        })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Calls `watch` with every statement run through the pool, as it was sent.
    pub fn watch_statements(
        &mut self,
        watch: impl Fn(&sea_orm::metric::Info<'_>) + Send + Sync + 'static,
    ) {
        self.conn.set_metric_callback(watch);
    }

    /// Closes the pool; on SQLite the last connection folds the WAL back into the file.
    pub async fn close(self) {
        let _ = self.conn.close().await;
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    /// The most connections the pool holds.
    pub fn pool_size(&self) -> u32 {
        match self.backend() {
            DatabaseBackend::Postgres => POSTGRES_POOL,
            _ => SQLITE_POOL,
        }
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        migrations::Migrator::up(&self.conn, None).await
    }

    /// Begins the one transaction a write runs in.
    pub async fn begin_write(&self) -> Result<WriteTx, DbErr> {
        WriteTx::begin(self).await
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }
}

/// Milliseconds since the Unix epoch, UTC: how every instant is stored.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// SQL written with PostgreSQL's `$1, $2 …` placeholders, for `backend`: SQLite gets `?` in
/// their place. Statements passed here use each placeholder once and in order, which is what
/// makes positional `?` equivalent.
pub fn for_backend(backend: DatabaseBackend, pg: &str) -> String {
    if backend == DatabaseBackend::Postgres {
        return pg.to_string();
    }
    let mut out = String::with_capacity(pg.len());
    let mut chars = pg.chars().peekable();
    while let Some(c) = chars.next() {
        // SQLite's numbered `?N` stands for the same value as PostgreSQL's `$N`, so a
        // statement may use a placeholder twice or out of order.
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod placeholder_tests {
    use super::*;

    #[test]
    fn sqlite_gets_numbered_question_marks() {
        assert_eq!(
            for_backend(
                DatabaseBackend::Sqlite,
                "a = $1 AND b = $12 AND c = '$x' OR d = $1"
            ),
            "a = ?1 AND b = ?12 AND c = '$x' OR d = ?1"
        );
        assert_eq!(for_backend(DatabaseBackend::Postgres, "a = $1"), "a = $1");
    }
}
