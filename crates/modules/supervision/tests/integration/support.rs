//! The shared harness with this module installed, and `db_test!` over it.

pub use sanban_testkit::*;

pub async fn start(backend: Backend) -> TestApp {
    TestApp::start_modules(backend, vec![sanban_supervision::module()]).await
}

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::start($crate::support::Backend::Sqlite).await;
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(backend) = $crate::support::postgres_backend().await else {
                    return;
                };
                let app = $crate::support::start(backend).await;
                ($body)(app).await;
            }
        }
    };
}
