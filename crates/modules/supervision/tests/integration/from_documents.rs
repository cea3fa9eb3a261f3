//! End to end with 办文: a leader's 批示 on a 收文, turned over with 转督办, becomes a task of
//! the 主办 department, and the 收文 shows it taken.

use reqwest::StatusCode;
use sanban_platform::workflow::engine;
use serde_json::json;

use crate::{
    office::{P, actor, office, person, post_json},
    support::{Backend, TestApp, postgres_backend},
};

async fn post(app: &TestApp, who: &P, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    let mut f: Vec<(&str, String)> = vec![("_csrf", who.csrf.clone())];
    f.extend(form.iter().cloned());
    who.c.post(app.url(path)).form(&f).send().await.unwrap()
}

/// The viewer's pending task at `step` on 收文 `id`: (task, version).
async fn step(app: &TestApp, who: &P, id: i64, step: &str) -> (i64, i32) {
    let a = actor(app, who).await;
    let inst =
        engine::instance_of_record(app.state.db.conn(), "documents", &format!("incoming:{id}"))
            .await
            .unwrap()
            .unwrap();
    let v = engine::detail(&app.state.db, &a, inst.id).await.unwrap();
    let t = v
        .my_tasks
        .iter()
        .find(|t| t.step_name == step)
        .unwrap_or_else(|| panic!("no {step}"));
    (t.id, t.version)
}

async fn act(app: &TestApp, who: &P, id: i64, name: &str, extra: &[(&str, String)]) {
    let (t, v) = step(app, who, id, name).await;
    let mut f = vec![
        ("version", v.to_string()),
        ("action", "approve".to_string()),
    ];
    f.extend(extra.iter().cloned());
    let res = post(app, who, &format!("/workflow/tasks/{t}/act"), &f).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{name}");
}

async fn run(backend: Backend) {
    let app = TestApp::start_modules(
        backend,
        vec![sanban_documents::module(), sanban_supervision::module()],
    )
    .await;
    let o = office(&app).await;
    let admin = app.admin().await;
    let clerk = person(&app, &admin, "shoufa", "收发员", "clerk", None).await;
    let (s, r) = post_json(
        &app,
        &clerk,
        "/api/v1/documents/incoming",
        json!({
            "source_unit": "市人民政府办公室",
            "source_number": "市政办〔2026〕15号",
            "title": "关于做好防汛工作的通知",
            "kind": "通知",
            "copies": 2,
            "received_on": "2026-11-20",
            "due_on": "2027-01-10",
            "channel": "paper",
            "source_class": "government",
        }),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let id = r["id"].as_i64().unwrap();
    act(&app, &clerk, id, "初审", &[]).await;
    let (t, v) = step(&app, &clerk, id, "拟办").await;
    let res = post(
        &app,
        &clerk,
        &format!("/documents/incoming/{id}/propose"),
        &[
            ("task", t.to_string()),
            ("version", v.to_string()),
            ("host_department_id", o.dept_a.to_string()),
            ("instruct_leaders", o.leader.id.to_string()),
            ("opinion", "拟请分管领导阅示，由综合处主办。".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    act(
        &app,
        &o.leader,
        id,
        "批办",
        &[("opinion", "请综合处抓紧落实。".into())],
    )
    .await;
    let res = post(
        &app,
        &o.leader,
        &format!("/documents/incoming/{id}/handoff"),
        &[("instruction", "请综合处抓紧落实。".into())],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );

    let (_, mine) = app
        .api_get(&o.head_a.c, "/api/v1/supervision/tasks?view=mine")
        .await;
    let task = &mine[0];
    assert_eq!(task["title"], "关于做好防汛工作的通知");
    assert_eq!(task["source_label"], "领导批示件");
    assert_eq!(task["content"], "请综合处抓紧落实。");
    assert_eq!(task["department_name"], "综合处");
    assert_eq!(
        task["due_text"], "2027年1月10日",
        "the 收文's 办理时限, as a whole day"
    );
    assert_eq!(task["source_url"], format!("/documents/incoming/{id}"));
    let page = o
        .leader
        .c
        .get(app.url(&format!("/documents/incoming/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!(
            r#"<a href="/supervision/tasks/{}">督办任务</a>：<span class="badge">办理中</span>"#,
            task["id"]
        )),
        "the 收文 shows where its task stands"
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
