//! End to end with 办会: a 决定事项 of a held meeting, handed over with 全部转督办, becomes a
//! task of its 责任部门; fed back with evidence, sent back, fed back again and closed — and the
//! meeting shows the decision closed.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    office::{office, person, post_json, upload},
    support::{Backend, TestApp, postgres_backend},
};

async fn run(backend: Backend) {
    let app = TestApp::start_modules(
        backend,
        vec![sanban_meetings::module(), sanban_supervision::module()],
    )
    .await;
    let o = office(&app).await;
    let admin = app.admin().await;
    let clerk = person(&app, &admin, "wenmi", "文秘", "clerk", None).await;
    let (s, m) = post_json(
        &app,
        &clerk,
        "/api/v1/meetings",
        json!({"kind": "总经理办公会", "title": "2026年第5次总经理办公会",
               "starts_at": "2026-05-06T09:00", "ends_at": "2026-05-06T11:00",
               "place": "十楼会议室", "host_id": o.leader.id, "attendee_ids": [o.head_a.id]}),
    )
    .await;
    assert!(s.is_success(), "{m}");
    let meeting = m["id"].as_i64().unwrap();
    let res = clerk
        .c
        .post(app.url(&format!("/meetings/{meeting}/state")))
        .form(&[("_csrf", clerk.csrf.as_str()), ("action", "held")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let decisions = format!("/api/v1/meetings/{meeting}/decisions");
    let (s, d) = post_json(
        &app,
        &clerk,
        &decisions,
        json!({"content": "综合处牵头完成办公用房清理。", "department_id": o.dept_a, "due_on": "2026-06-30"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, v) = post_json(
        &app,
        &clerk,
        &format!("/api/v1/meetings/{meeting}/handoff"),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // The department head of 综合处 holds it, with the meeting as its source.
    let (_, mine) = app
        .api_get(&o.head_a.c, "/api/v1/supervision/tasks?view=mine")
        .await;
    let task = &mine[0];
    assert_eq!(task["source_label"], "会议决定事项");
    assert_eq!(task["content"], "综合处牵头完成办公用房清理。");
    assert_eq!(task["department_name"], "综合处");
    assert_eq!(task["due_text"], "2026年6月30日");
    assert_eq!(task["source_url"], format!("/meetings/{meeting}"));
    let id = task["id"].as_i64().unwrap();
    let state_on_meeting = || async {
        let (_, listed) = app.api_get(&clerk.c, &decisions).await;
        listed[0]["task"].clone()
    };
    assert_eq!(state_on_meeting().await["label"], "办理中");

    let fb = format!("/api/v1/supervision/tasks/{id}/feedback");
    let rv = format!("/api/v1/supervision/tasks/{id}/review");
    assert_eq!(upload(&app, &o.head_a, id).await, StatusCode::OK);
    let (s, v) = post_json(&app, &o.head_a, &fb, json!({"text": "已清理完毕"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(state_on_meeting().await["label"], "待审核");
    let (s, v) = post_json(
        &app,
        &o.supervisor,
        &rv,
        json!({"decision": "return", "reason": "缺少清理前后的用房台账"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(state_on_meeting().await["label"], "办理中");
    assert_eq!(upload(&app, &o.head_a, id).await, StatusCode::OK);
    let (s, _) = post_json(&app, &o.head_a, &fb, json!({"text": "补充用房台账"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = post_json(&app, &o.supervisor, &rv, json!({"decision": "close"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let shown = state_on_meeting().await;
    assert_eq!(shown["label"], "已销号");
    assert_eq!(shown["closed"], true);
    let page = clerk
        .c
        .get(app.url(&format!("/meetings/{meeting}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!(r#"<a href="/supervision/tasks/{id}">已销号</a>"#)),
        "the meeting page shows the decision closed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    if let Some(backend) = postgres_backend().await {
        run(backend).await;
    }
}
