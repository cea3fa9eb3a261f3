//! The shared test harness, and `db_test!` for this crate's tests.

pub use sanban_testkit::*;

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::TestApp::start($crate::support::Backend::Sqlite).await;
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(backend) = $crate::support::postgres_backend().await else {
                    return;
                };
                let app = $crate::support::TestApp::start(backend).await;
                ($body)(app).await;
            }
        }
    };
}

/// An app on a fresh PostgreSQL database, and that database's URL; `None` without the test
/// server (see [`postgres_backend`]).
pub async fn postgres_app() -> Option<(TestApp, String)> {
    let backend = postgres_backend().await?;
    let Backend::Postgres(url) = &backend else {
        unreachable!("postgres_backend gives a PostgreSQL backend")
    };
    let url = url.clone();
    Some((TestApp::start(backend).await, url))
}
