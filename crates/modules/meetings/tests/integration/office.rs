//! The people of a small organisation, signed in, and requests made as them.

use reqwest::{Client, StatusCode};
use sanban_platform::{
    auth::{Actor, service},
    org::departments::{self, DepartmentInput, DepartmentKind},
};
use serde_json::{Value, json};

use crate::support::TestApp;

pub struct P {
    pub id: i64,
    pub c: Client,
    pub csrf: String,
}

pub struct Office {
    pub clerk: P,
    pub leader: P,
    pub director: P,
    pub head_a: P,
    pub staff_a: P,
    pub outsider: P,
    pub dept_a: i64,
}

pub async fn dept(app: &TestApp, name: &str) -> i64 {
    departments::create(
        &app.state.db,
        &Actor::system("测试"),
        DepartmentInput {
            name: name.into(),
            parent_id: None,
            kind: DepartmentKind::Department,
            sort_order: 0,
        },
    )
    .await
    .unwrap()
    .id
}

async fn person(app: &TestApp, admin: &Client, u: &str, n: &str, role: &str, d: Option<i64>) -> P {
    let (id, c, _) = app.user_session(admin, u, n, &[role]).await;
    if let Some(d) = d {
        let t = app.csrf(admin, "/").await;
        let p: Value = admin
            .get(app.url(&format!("/api/v1/people/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let res = admin
            .put(app.url(&format!("/api/v1/people/{id}")))
            .header("x-csrf-token", t)
            .json(&json!({"username": p["username"], "name": p["name"], "roles": p["roles"], "department_id": d}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    }
    let csrf = app.csrf(&c, "/").await;
    P { id, c, csrf }
}

pub async fn office(app: &TestApp) -> Office {
    let admin = app.admin().await;
    let a = dept(app, "综合处").await;
    let other = dept(app, "人事处").await;
    let o = Office {
        clerk: person(app, &admin, "wenmi", "文秘甲", "clerk", None).await,
        leader: person(app, &admin, "fenguan", "分管领导乙", "deputy_leader", None).await,
        director: person(
            app,
            &admin,
            "zhuren",
            "办公室主任丙",
            "office_director",
            None,
        )
        .await,
        head_a: person(
            app,
            &admin,
            "chuzhang",
            "综合处长丁",
            "department_head",
            Some(a),
        )
        .await,
        staff_a: person(app, &admin, "keyuan", "综合科员戊", "staff", Some(a)).await,
        outsider: person(app, &admin, "renshi", "人事科员己", "staff", Some(other)).await,
        dept_a: a,
    };
    sanban_platform::org::leadership::set(&app.state.db, &Actor::system("测试"), o.leader.id, &[a])
        .await
        .unwrap();
    o
}

pub async fn actor(app: &TestApp, p: &P) -> Actor {
    service::load_actor(&app.state.db, p.id, None, None)
        .await
        .unwrap()
        .unwrap()
}

pub async fn post_json(app: &TestApp, p: &P, path: &str, body: Value) -> (StatusCode, Value) {
    let res =
        p.c.post(app.url(path))
            .header("x-csrf-token", &p.csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

pub async fn form(app: &TestApp, p: &P, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut f: Vec<(&str, &str)> = vec![("_csrf", &p.csrf)];
    f.extend_from_slice(fields);
    p.c.post(app.url(path)).form(&f).send().await.unwrap()
}

pub async fn page(app: &TestApp, p: &P, path: &str) -> (StatusCode, String) {
    let res = p.c.get(app.url(path)).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

pub async fn room(app: &TestApp, p: &P, name: &str) -> i64 {
    let (s, v) = post_json(
        app,
        p,
        "/api/v1/meetings/rooms",
        json!({"name": name, "capacity": 30, "equipment": "投影、视频会议终端"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["id"].as_i64().unwrap()
}

/// A meeting made through the API; panics unless it is made.
pub async fn meeting(app: &TestApp, p: &P, body: Value) -> Value {
    let (s, v) = post_json(app, p, "/api/v1/meetings", body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}
