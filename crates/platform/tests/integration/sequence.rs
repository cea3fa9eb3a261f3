//! Office sequences: gap-free and unique under concurrent use, a rolled-back number given out
//! again; 批示 hand-offs kept until a module takes them.

use std::sync::Arc;

use sanban_platform::{
    AppResult,
    auth::{Actor, service},
    db::WriteTx,
    handoff::{self, Handoff, HandoffRequest, TaskSink},
    sequence,
};

use crate::{db_test, support::TestApp};

db_test!(
    concurrent_numbers_are_one_to_n_without_gaps,
    |app: TestApp| async move {
        let db = app.state.db.clone();
        let mut handles = Vec::new();
        for _ in 0..60 {
            let db = db.clone();
            handles.push(tokio::spawn(async move {
                let tx = db.begin_write().await.unwrap();
                let n = sequence::next(&tx, "test.numbers", 2022).await.unwrap();
                tx.commit().await.unwrap();
                n
            }));
        }
        let mut got = Vec::new();
        for h in handles {
            got.push(h.await.unwrap());
        }
        got.sort_unstable();
        assert_eq!(got, (1..=60).collect::<Vec<i64>>());
        // Another year and another name start again at 1.
        let tx = db.begin_write().await.unwrap();
        assert_eq!(sequence::next(&tx, "test.numbers", 2023).await.unwrap(), 1);
        assert_eq!(sequence::next(&tx, "test.other", 2022).await.unwrap(), 1);
        tx.commit().await.unwrap();
        assert_eq!(
            sequence::current(db.conn(), "test.numbers", 2022)
                .await
                .unwrap(),
            60
        );
    }
);

db_test!(
    a_rolled_back_number_is_given_again,
    |app: TestApp| async move {
        let db = app.state.db.clone();
        let tx = db.begin_write().await.unwrap();
        assert_eq!(sequence::next(&tx, "test.rb", 2024).await.unwrap(), 1);
        drop(tx);
        let tx = db.begin_write().await.unwrap();
        assert_eq!(sequence::next(&tx, "test.rb", 2024).await.unwrap(), 1);
        assert_eq!(sequence::next(&tx, "test.rb", 2024).await.unwrap(), 2);
        tx.commit().await.unwrap();
    }
);

struct Sink;

#[async_trait::async_trait]
impl TaskSink for Sink {
    fn module(&self) -> &'static str {
        "supervision"
    }
    async fn take(&self, _tx: &WriteTx, _actor: &Actor, h: &Handoff) -> AppResult<String> {
        Ok(format!("task-for-{}", h.source_record))
    }
}

db_test!(
    handoffs_wait_for_a_sink_and_are_taken_by_one,
    |app: TestApp| async move {
        let db = app.state.db.clone();
        let admin = service::load_actor(&db, 1, None, None)
            .await
            .unwrap()
            .expect("admin exists");
        let req = |record: &str, text: &str| HandoffRequest {
            source_module: "documents".into(),
            source_record: record.into(),
            title: "关于做好防汛工作的通知".into(),
            instruction: text.into(),
            leader_id: Some(1),
            due_at: None,
            department_id: None,
            source_url: Some(format!("/documents/{record}")),
        };
        let tx = db.begin_write().await.unwrap();
        let err = handoff::request(&tx, &admin, None, req("incoming:1", "  "))
            .await
            .unwrap_err();
        assert_eq!(err.to_string(), "转督办须有批示或决定的内容");
        let waiting = handoff::request(&tx, &admin, None, req("incoming:1", "请综合处抓紧落实。"))
            .await
            .unwrap();
        assert!(waiting.taken_module.is_none());
        let sink: Arc<dyn TaskSink> = Arc::new(Sink);
        let taken = handoff::request(&tx, &admin, Some(&*sink), req("incoming:2", "按期办结。"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(taken.taken_module.as_deref(), Some("supervision"));
        assert_eq!(taken.taken_record.as_deref(), Some("task-for-incoming:2"));
        let listed = handoff::of_record(db.conn(), "documents", "incoming:1")
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].instruction, "请综合处抓紧落实。");
        assert_eq!(listed[0].requested_by, 1);
        assert_eq!(
            listed[0].source_url.as_deref(),
            Some("/documents/incoming:1"),
            "the source page is kept for the task to link back"
        );
        let with_status =
            handoff::of_record_with_status(db.conn(), Some(&*sink), "documents", "incoming:2")
                .await
                .unwrap();
        assert_eq!(with_status.len(), 1);
        assert!(
            with_status[0].1.is_none(),
            "a sink that does not report status shows none"
        );
    }
);
