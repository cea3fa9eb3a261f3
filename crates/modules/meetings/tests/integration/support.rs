//! The shared harness with this module installed, and `db_test!` over it.

pub use sanban_testkit::*;

pub async fn start(backend: Backend) -> TestApp {
    TestApp::start_modules(backend, vec![sanban_meetings::module()]).await
}

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $body:expr) => {
        $crate::db_test!($name, $crate::support::start, $body);
    };
    ($name:ident, $start:path, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $start($crate::support::Backend::Sqlite).await;
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(backend) = $crate::support::postgres_backend().await else {
                    return;
                };
                let app = $start(backend).await;
                ($body)(app).await;
            }
        }
    };
}

/// Stands in for the supervision module: takes each hand-off as task `task:<handoff id>`
/// and reports odd tasks as 办理中 and overdue, even ones as 已销号.
pub struct FakeSupervision;

#[async_trait::async_trait]
impl sanban_platform::handoff::TaskSink for FakeSupervision {
    fn module(&self) -> &'static str {
        "supervision"
    }

    async fn take(
        &self,
        _tx: &sanban_platform::db::WriteTx,
        _actor: &sanban_platform::auth::Actor,
        h: &sanban_platform::handoff::Handoff,
    ) -> sanban_platform::AppResult<String> {
        Ok(format!("task:{}", h.id))
    }

    async fn status(
        &self,
        _conn: &sea_orm::DatabaseConnection,
        record: &str,
    ) -> sanban_platform::AppResult<Option<sanban_platform::handoff::TaskStatus>> {
        let n: i64 = record.trim_start_matches("task:").parse().unwrap();
        let closed = n % 2 == 0;
        Ok(Some(sanban_platform::handoff::TaskStatus {
            label: if closed { "已销号" } else { "办理中" }.into(),
            closed,
            overdue: !closed,
            url: format!("/supervision/tasks/{n}"),
        }))
    }
}

fn no_migrations(
    _db: sanban_platform::Db,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sea_orm::DbErr>> + Send>> {
    Box::pin(async { Ok(()) })
}

/// The app with this module and a supervision module that takes hand-offs.
pub async fn start_with_supervision(backend: Backend) -> TestApp {
    let mut supervision = sanban_platform::Module::new("supervision", "督查督办", no_migrations);
    supervision.task_sink = Some(std::sync::Arc::new(FakeSupervision));
    TestApp::start_modules(backend, vec![sanban_meetings::module(), supervision]).await
}
