//! A small organisation to supervise: a 督查专员, a 分管领导 in charge of 综合处, its head and
//! a clerk who carries tasks out, and a stranger from 人事处.

use reqwest::{Client, StatusCode, multipart};
use sanban_platform::{
    auth::{Actor, service},
    org::{
        departments::{self, DepartmentInput, DepartmentKind},
        leadership,
    },
};
use serde_json::{Value, json};

use crate::support::TestApp;

pub struct P {
    pub id: i64,
    pub c: Client,
    pub csrf: String,
}

pub struct Office {
    pub supervisor: P,
    pub leader: P,
    pub head_a: P,
    pub staff_a: P,
    pub outsider: P,
    pub dept_a: i64,
    pub dept_b: i64,
    pub dept_c: i64,
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

pub async fn person(
    app: &TestApp,
    admin: &Client,
    u: &str,
    n: &str,
    role: &str,
    d: Option<i64>,
) -> P {
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
    let b = dept(app, "财务处").await;
    let c = dept(app, "人事处").await;
    let o = Office {
        supervisor: person(app, &admin, "ducha", "督查专员", "supervisor", None).await,
        leader: person(app, &admin, "fenguan", "分管领导", "deputy_leader", None).await,
        head_a: person(
            app,
            &admin,
            "zonghe",
            "综合处长",
            "department_head",
            Some(a),
        )
        .await,
        staff_a: person(app, &admin, "keyuan", "综合科员", "staff", Some(a)).await,
        outsider: person(app, &admin, "renshi", "人事科员", "staff", Some(c)).await,
        dept_a: a,
        dept_b: b,
        dept_c: c,
    };
    leadership::set(&app.state.db, &Actor::system("测试"), o.leader.id, &[a])
        .await
        .unwrap();
    o
}

pub async fn actor(app: &TestApp, who: &P) -> Actor {
    service::load_actor(&app.state.db, who.id, None, None)
        .await
        .unwrap()
        .unwrap()
}

/// A task for 综合处 with the clerk as 责任人, due on `due_on`.
pub fn task_body(o: &Office, title: &str, due_on: &str) -> Value {
    json!({
        "source": "assigned",
        "title": title,
        "content": "按领导要求完成办公楼消防设施检查并整改。",
        "measures": "一、全面排查；二、限期整改。",
        "due_on": due_on,
        "department_id": o.dept_a,
        "partner_ids": [o.dept_b],
        "owner_id": o.staff_a.id,
    })
}

pub async fn post_json(app: &TestApp, who: &P, path: &str, body: Value) -> (StatusCode, Value) {
    let res = who
        .c
        .post(app.url(path))
        .header("x-csrf-token", &who.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

pub async fn create(app: &TestApp, who: &P, body: Value) -> (StatusCode, Value) {
    post_json(app, who, "/api/v1/supervision/tasks", body).await
}

pub async fn get(app: &TestApp, who: &P, path: &str) -> (StatusCode, Value) {
    app.api_get(&who.c, path).await
}

/// Uploads one 印证资料 file to task `id`.
pub async fn upload(app: &TestApp, who: &P, id: i64) -> StatusCode {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes("整改完成情况说明\n".as_bytes().to_vec()).file_name("整改说明.txt"),
    );
    who.c
        .post(app.url(&format!(
            "/api/v1/attachments?module=supervision&record_id=task:{id}&slot=file"
        )))
        .header("x-csrf-token", &who.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .status()
}

/// The number of rows in a table, to show that a refused write changed nothing.
pub async fn count(app: &TestApp, table: &str) -> i64 {
    use sea_orm::ConnectionTrait;
    let conn = app.state.db.conn();
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// A page as `who` sees it: status and HTML.
pub async fn page(app: &TestApp, who: &P, path: &str) -> (StatusCode, String) {
    let res = who.c.get(app.url(path)).send().await.unwrap();
    let s = res.status();
    (s, res.text().await.unwrap())
}
