//! How PostgreSQL runs an inbox page filtered on its records.

use std::sync::{Arc, Mutex};

use sanban_platform::{
    auth::service,
    db::Db,
    workflow::inbox::{self, Folder, InboxQuery},
};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;

use crate::support::postgres_app;

/// Whether any plan node reading `table` lies outside a subplan, that is, in a join.
fn joined(node: &Value, table: &str, in_subplan: bool) -> bool {
    let in_subplan = in_subplan || node["Parent Relationship"] == "SubPlan";
    if node["Relation Name"] == table && !in_subplan {
        return true;
    }
    node["Plans"]
        .as_array()
        .is_some_and(|plans| plans.iter().any(|p| joined(p, table, in_subplan)))
}

/// The title filter of 待办 and 已办 checks each of the person's tasks against its record. As a
/// join, PostgreSQL could start from every record instead, whenever it guessed that few titles
/// hold the words, as it did at 1,000,000 records (0.3–0.5 s a page instead of 3 ms).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_title_filter_checks_records_per_task() {
    let Some((_app, url)) = postgres_app().await else {
        return;
    };
    let mut db = Db::connect(&url).await.unwrap();
    let sent: Arc<Mutex<Vec<Statement>>> = Arc::default();
    let keep = sent.clone();
    db.watch_statements(move |info| keep.lock().unwrap().push(info.statement.clone()));
    let admin = service::load_actor(&db, 1, None, None)
        .await
        .unwrap()
        .unwrap();
    for folder in [Folder::Todo, Folder::Done] {
        sent.lock().unwrap().clear();
        let q = InboxQuery {
            q: "森林防火".into(),
            ..InboxQuery::of(folder)
        };
        inbox::list(&db, &admin, &q).await.unwrap();
        let page = sent
            .lock()
            .unwrap()
            .iter()
            .find(|s| s.sql.contains("\"title\" LIKE"))
            .cloned()
            .expect("the page's statement");
        let explain = Statement {
            sql: format!("EXPLAIN (FORMAT JSON) {}", page.sql),
            ..page
        };
        let plan: Value = db
            .conn()
            .query_one_raw(explain)
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index(0)
            .unwrap();
        assert!(
            !joined(&plan[0]["Plan"], "workflow_instances", false),
            "{} joins the records: {plan:#}",
            folder.label()
        );
    }
}
