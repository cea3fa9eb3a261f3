//! Hand-offs from other modules become tasks through the module's [`TaskSink`].

use reqwest::StatusCode;
use sanban_platform::handoff::{self, HandoffRequest};
use serde_json::json;

use crate::{
    db_test,
    office::{actor, count, get, office, post_json, upload},
    support::TestApp,
};

fn request(department_id: Option<i64>, leader_id: i64) -> HandoffRequest {
    HandoffRequest {
        source_module: "documents".into(),
        source_record: "incoming:7".into(),
        title: "关于做好防汛工作的通知".into(),
        instruction: "请综合处牵头落实，月底前报结果。".into(),
        leader_id: Some(leader_id),
        due_at: Some(sanban_platform::web::format::day_start_ms(
            chrono::NaiveDate::from_ymd_opt(2027, 4, 30).unwrap(),
        )),
        department_id,
        source_url: Some("/documents/incoming/7".into()),
    }
}

db_test!(
    a_leaders_instruction_becomes_a_task,
    |app: TestApp| async move {
        let o = office(&app).await;
        let leader = actor(&app, &o.leader).await;
        let sink = app.state.task_sink().expect("the module installs its sink");
        let tx = app.state.db.begin_write().await.unwrap();
        let h = handoff::request(
            &tx,
            &leader,
            Some(sink),
            request(Some(o.dept_a), o.leader.id),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(h.taken_module.as_deref(), Some("supervision"));
        let record = h.taken_record.clone().unwrap();
        let id: i64 = record.strip_prefix("task:").unwrap().parse().unwrap();
        let (s, t) = get(&app, &o.head_a, &format!("/api/v1/supervision/tasks/{id}")).await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["source"], "instruction");
        assert_eq!(t["source_label"], "领导批示件");
        assert_eq!(t["content"], "请综合处牵头落实，月底前报结果。");
        assert_eq!(t["department_id"], o.dept_a);
        assert_eq!(
            t["owner_id"], o.head_a.id,
            "the department head answers for it"
        );
        assert_eq!(t["due_text"], "2027年4月30日");
        assert_eq!(t["source_url"], "/documents/incoming/7");
        let html = o
            .head_a
            .c
            .get(app.url(&format!("/supervision/tasks/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(r#"<a href="/documents/incoming/7" id="task-source">来源</a>"#));
        let status = sink
            .status(app.state.db.conn(), &record)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(status.label, "办理中");
        assert!(!status.closed);
        assert_eq!(status.url, format!("/supervision/tasks/{id}"));

        assert_eq!(upload(&app, &o.head_a, id).await, StatusCode::OK);
        let (s, _) = post_json(
            &app,
            &o.head_a,
            &format!("/api/v1/supervision/tasks/{id}/feedback"),
            json!({"text": "已部署防汛工作"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let status = sink
            .status(app.state.db.conn(), &record)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(status.label, "待审核");
        post_json(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks/{id}/review"),
            json!({"decision": "close"}),
        )
        .await;
        let status = sink
            .status(app.state.db.conn(), &record)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(status.label, "已销号");
        assert!(status.closed);
        assert!(
            sink.status(app.state.db.conn(), "task:999")
                .await
                .unwrap()
                .is_none()
        );

        let mut meeting = request(Some(o.dept_a), o.leader.id);
        meeting.source_module = "meetings".into();
        meeting.source_record = "meeting:3".into();
        meeting.due_at = None;
        let tx = app.state.db.begin_write().await.unwrap();
        let h = handoff::request(&tx, &leader, Some(sink), meeting)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let id = h
            .taken_record
            .unwrap()
            .strip_prefix("task:")
            .unwrap()
            .to_string();
        let (_, t) = get(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks/{id}"),
        )
        .await;
        assert_eq!(t["source_label"], "会议决定事项");
        let in_15 = sanban_platform::web::format::today() + chrono::Days::new(15);
        assert_eq!(t["due_on"], in_15.format("%Y-%m-%d").to_string());
    }
);

db_test!(
    a_handoff_without_a_department_is_refused_whole,
    |app: TestApp| async move {
        let o = office(&app).await;
        let leader = actor(&app, &o.leader).await;
        let sink = app.state.task_sink().unwrap();
        let tx = app.state.db.begin_write().await.unwrap();
        let err = handoff::request(&tx, &leader, Some(sink), request(None, o.leader.id))
            .await
            .unwrap_err();
        drop(tx);
        assert_eq!(err.to_string(), "转督办须指定责任部门");
        assert_eq!(count(&app, "task_handoffs").await, 0);
        assert_eq!(count(&app, "sup_tasks").await, 0);
        let tx = app.state.db.begin_write().await.unwrap();
        let err = handoff::request(
            &tx,
            &leader,
            Some(sink),
            request(Some(o.dept_b), o.leader.id),
        )
        .await
        .unwrap_err();
        drop(tx);
        assert!(err.to_string().contains("没有部门负责人"), "{err}");
        assert_eq!(count(&app, "sup_tasks").await, 0);
    }
);
