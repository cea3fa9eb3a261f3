//! A fresh demo installation gets sample 督办事项, one of them overdue.

use sanban_platform::auth::{Actor, Role};
use sanban_supervision::task::service::{self, Filter};

use crate::support::{Backend, TestApp, postgres_backend};

async fn check(backend: Backend) {
    let app = TestApp::start_full(
        backend,
        vec![sanban_supervision::module()],
        |c| c.demo = true,
        |_| {},
    )
    .await;
    let mut office = Actor::system("测试");
    office.roles.push(Role::Supervisor);
    let db = &app.state.db;
    let all = service::list(db, &office, &Filter::default())
        .await
        .unwrap();
    let titles: Vec<_> = all.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.contains(&"修订行政规范性文件管理办法"));
    let overdue = service::list(
        db,
        &office,
        &Filter {
            state: "overdue".into(),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].department_name, "财务审计处");
    assert_eq!(overdue[0].owner_name, "唐凯");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    check(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    if let Some(backend) = postgres_backend().await {
        check(backend).await;
    }
}
