//! The connection pool lends a connection without pinging it first, and gets over connections
//! that the server has ended; the requests that meet one are answered 503.

use std::collections::HashMap;

use futures_util::future::join_all;
use reqwest::StatusCode;
use sanban_platform::{
    auth::session_store::{DbSessionStore, USER_ID_KEY},
    db::is_outage,
};
use sea_orm::{ConnectionTrait, Database, DatabaseBackend};
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
};

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

/// Ends, from another connection, every connection the pool holds to the test's database, as a
/// server restart or an administrator would; returns how many were ended. Six are held at once
/// first, so that the pool keeps six.
async fn end_pooled_connections(app: &TestApp, url: &str) -> i64 {
    let pool = app.state.db.conn().get_postgres_connection_pool();
    let held = join_all((0..6).map(|_| pool.acquire())).await;
    drop(held);
    let other = Database::connect(url).await.unwrap();
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
    ended
}

/// Each ended connection fails the one statement that finds it so and is dropped; then
/// everything works as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_pool_gets_over_ended_connections() {
    let Some((app, url)) = postgres_app().await else {
        return;
    };
    let admin = app.admin().await;
    let db = &app.state.db;
    let ended = end_pooled_connections(&app, &url).await;
    let mut failed = 0;
    for _ in 0..3 * ended {
        if let Err(e) = db.conn().execute_unprepared("SELECT 1").await {
            assert!(is_outage(&e), "not taken for an outage: {e:?}");
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

/// A request that meets an ended connection is told, in Chinese and with 503, that the
/// database is out of reach for now: not a 500, and not the sign-in page, which a failed read
/// of the session would otherwise look like. Pages read the session first; API calls with a
/// token do not, so their failure comes from a statement of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_is_answered_with_503() {
    let Some((app, url)) = postgres_app().await else {
        return;
    };
    let admin = app.admin().await;
    let created = app.create_api_token(&admin, "断线测试").await;
    let secret = created["token"].as_str().unwrap().to_string();
    let api = reqwest::Client::new();

    let ended = end_pooled_connections(&app, &url).await;
    let mut unavailable = 0;
    for _ in 0..3 * ended {
        let page = admin.get(app.url("/inbox")).send().await.unwrap();
        match page.status() {
            // Sent to sign in again, the client would end on /login.
            StatusCode::OK => assert_eq!(page.url().path(), "/inbox"),
            StatusCode::SERVICE_UNAVAILABLE => {
                unavailable += 1;
                let body = page.text().await.unwrap();
                assert!(body.contains("数据库暂时无法连接，请稍后重试"), "{body}");
            }
            other => panic!("/inbox answered {other} while the pool met ended connections"),
        }
    }
    assert!(
        (1..=ended).contains(&unavailable),
        "{unavailable} pages answered 503 for {ended} ended connections"
    );

    let ended = end_pooled_connections(&app, &url).await;
    let mut unavailable = 0;
    for _ in 0..3 * ended {
        let res = api
            .get(app.url("/api/v1/me"))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body: serde_json::Value = res.json().await.unwrap();
        match status {
            StatusCode::OK => assert_eq!(body["username"], "admin"),
            StatusCode::SERVICE_UNAVAILABLE => {
                unavailable += 1;
                assert_eq!(body["code"], "unavailable");
                assert_eq!(body["message"], "数据库暂时无法连接，请稍后重试");
            }
            other => panic!("/api/v1/me answered {other}: {body}"),
        }
    }
    assert!(
        (1..=ended).contains(&unavailable),
        "{unavailable} API calls answered 503 for {ended} ended connections"
    );
}

/// A session is written after its page is made, where tower-sessions answers a failed write
/// with a bare 500. So the store's writes go on past every connection the server has closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_session_writes_get_past_ended_connections() {
    let Some((app, url)) = postgres_app().await else {
        return;
    };
    let store = DbSessionStore::new(app.state.db.clone());
    let mut record = Record {
        id: Id::default(),
        data: HashMap::new(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    end_pooled_connections(&app, &url).await;
    store.create(&mut record).await.unwrap();
    record
        .data
        .insert(USER_ID_KEY.to_string(), serde_json::json!(1));
    end_pooled_connections(&app, &url).await;
    store.save(&record).await.unwrap();
    let stored = store.load(&record.id).await.unwrap().unwrap();
    assert_eq!(stored.data, record.data);
}

db_test!(
    session_save_without_a_database_is_answered_with_503,
    |app: TestApp| async move {
        // A first visit to the sign-in page makes a session for its CSRF token. The page itself
        // runs no statement, so only the session's save, made after the page, meets the closed
        // pool; tower-sessions alone would answer that with an empty 500.
        app.state.db.clone().close().await;
        let res = app.browser().get(app.url("/login")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            res.headers().get(reqwest::header::SET_COOKIE).is_none(),
            "a session that was never saved was given to the browser"
        );
        let body = res.text().await.unwrap();
        assert!(body.contains("数据库暂时无法连接，请稍后重试"), "{body}");
        assert!(body.contains("暂时无法服务"), "{body}");
    }
);
