//! The connection pool lends a connection without pinging it first, and gets over connections
//! that the server has ended.

use futures_util::future::join_all;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseBackend};

use crate::{
    db_test,
    support::{TestApp, postgres_app},
};

db_test!(pool_lends_without_a_ping, |app: TestApp| async move {
    // A ping before each statement is a round trip (PostgreSQL) or a thread hand-off (SQLite).
    let db = &app.state.db;
    let pings = match db.backend() {
        DatabaseBackend::Postgres => db
            .conn()
            .get_postgres_connection_pool()
            .options()
            .get_test_before_acquire(),
        _ => db
            .conn()
            .get_sqlite_connection_pool()
            .options()
            .get_test_before_acquire(),
    };
    assert!(!pings, "the pool pings every connection it lends");
});

/// A restarted server or an administrator ends the connections the pool holds. Each ended one
/// fails the one statement that finds it so and is dropped; then everything works as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_pool_gets_over_ended_connections() {
    let Some((app, url)) = postgres_app().await else {
        return;
    };
    let admin = app.admin().await;
    let db = &app.state.db;
    // Six connections held at once, so that the pool keeps six.
    let pool = db.conn().get_postgres_connection_pool();
    let held = join_all((0..6).map(|_| pool.acquire())).await;
    drop(held);
    let other = Database::connect(&url).await.unwrap();
    let ended: i64 = other
        .query_one_raw(sea_orm::Statement::from_string(
            DatabaseBackend::Postgres,
            // Materialised first: in one query the planner may end backends before it filters
            // out the other databases' and this one's own.
            "WITH ours AS MATERIALIZED ( \
               SELECT pid FROM pg_stat_activity \
               WHERE datname = current_database() AND pid <> pg_backend_pid()) \
             SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM ours",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    other.close().await.unwrap();
    assert!(ended >= 6, "ended {ended} connections");

    let mut failed = 0;
    for _ in 0..3 * ended {
        if db.conn().execute_unprepared("SELECT 1").await.is_err() {
            failed += 1;
        }
    }
    assert!(
        failed <= ended,
        "{failed} statements failed for {ended} ended connections"
    );
    for _ in 0..20 {
        db.conn().execute_unprepared("SELECT 1").await.unwrap();
    }
    let page = admin.get(app.url("/inbox")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
}
