//! 督办通知书 and 月度督办通报: drafted from the records, edited, numbered, delivered, printed.

use chrono::NaiveDate;
use reqwest::StatusCode;
use sanban_platform::web::format::day_start_ms;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::{
    db_test,
    office::{Office, actor, create, get, office, post_json, task_body},
    support::TestApp,
};

fn ms(y: i32, m: u32, d: u32) -> i64 {
    day_start_ms(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// Sets a task's history directly, as if it had lived through the month.
pub async fn history(app: &TestApp, id: i64, created: i64, closed: Option<i64>) {
    let conn = app.state.db.conn();
    let backend = conn.get_database_backend();
    let state = if closed.is_some() {
        "closed"
    } else {
        "handling"
    };
    conn.execute_raw(sea_orm::Statement::from_sql_and_values(
        backend,
        sanban_platform::db::for_backend(
            backend,
            "UPDATE sup_tasks SET created_at = $1, closed_at = $2, state = $3 WHERE id = $4",
        ),
        [created.into(), closed.into(), state.into(), id.into()],
    ))
    .await
    .unwrap();
}

async fn task(app: &TestApp, o: &Office, title: &str, dept: i64, due: &str) -> i64 {
    let mut body = task_body(o, title, due);
    body["department_id"] = json!(dept);
    body["partner_ids"] = json!([]);
    let (s, v) = create(app, &o.supervisor, body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["id"].as_i64().unwrap()
}

db_test!(
    the_march_bulletin_counts_each_department,
    |app: TestApp| async move {
        let o = office(&app).await;
        let feb = ms(2026, 2, 1);
        let (a, b) = (o.dept_a, o.dept_b);
        let t1 = task(&app, &o, "会议室改造", a, "2026-03-10").await;
        history(&app, t1, feb, Some(ms(2026, 3, 8))).await;
        let t2 = task(&app, &o, "档案数字化", a, "2026-03-20").await;
        history(&app, t2, feb, Some(ms(2026, 4, 5))).await;
        let t3 = task(&app, &o, "年度培训计划", a, "2026-05-10").await;
        history(&app, t3, feb, None).await;
        let t4 = task(&app, &o, "公务用车清查", a, "2026-03-05").await;
        history(&app, t4, feb, None).await;
        let t5 = task(&app, &o, "预算执行分析", b, "2026-03-15").await;
        history(&app, t5, feb, Some(ms(2026, 3, 14))).await;
        let t6 = task(&app, &o, "上年决算", b, "2026-02-10").await;
        history(&app, t6, feb, Some(ms(2026, 2, 9))).await;
        let t7 = task(&app, &o, "四月新任务", b, "2026-04-30").await;
        history(&app, t7, ms(2026, 4, 10), None).await;

        let (s, m) = get(&app, &o.supervisor, "/api/v1/supervision/months/2026-03").await;
        assert_eq!(s, StatusCode::OK, "{m}");
        assert_eq!(
            (
                m["completed"].as_i64(),
                m["in_progress"].as_i64(),
                m["overdue"].as_i64()
            ),
            (Some(2), Some(1), Some(2))
        );
        assert_eq!(
            m["lines"],
            json!([
                {"department_id": a, "department": "综合处", "completed": 1, "in_progress": 1, "overdue": 2},
                {"department_id": b, "department": "财务处", "completed": 1, "in_progress": 0, "overdue": 0},
            ])
        );
        assert_eq!(m["worst"][0]["title"], "公务用车清查");
        assert_eq!(m["worst"][0]["days_overdue"], 26);
        assert_eq!(m["worst"][1]["title"], "档案数字化");
        assert_eq!(m["worst"][1]["days_overdue"], 11);
        let (s, _) = get(&app, &o.head_a, "/api/v1/supervision/months/2026-03").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = get(&app, &o.supervisor, "/api/v1/supervision/months/2026-13").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

        let (s, d) = post_json(
            &app,
            &o.supervisor,
            "/api/v1/supervision/bulletins",
            json!({"month": "2026-03"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{d}");
        assert_eq!(d["title"], "2026年3月督办工作通报");
        assert_eq!(
            d["body"],
            "2026年3月，督办事项已办结 2 件，正在办理 1 件，超期未办结 2 件。\n各部门情况如下：\n\
             综合处：已办结 1 件，正在办理 1 件，超期未办结 2 件。\n\
             财务处：已办结 1 件，正在办理 0 件，超期未办结 0 件。\n\
             超期时间较长的事项：\n1. 综合处「公务用车清查」，超期 26 天。\n\
             2. 综合处「档案数字化」，超期 11 天。\n\
             请有关部门高度重视，抓紧办理，并于下次督办前报送落实情况。"
        );
        assert_eq!(d["recipients"], json!(["分管领导", "综合处长"]));
        let id = d["id"].as_i64().unwrap();
        let path = format!("/api/v1/supervision/issues/{id}");
        let (s, _) = get(&app, &o.head_a, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "a draft is the office's own");
        let (s, v) = get(&app, &o.supervisor, &format!("{path}/pdf")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

        let edited = format!("{}\n（经办公室审核）", d["body"].as_str().unwrap());
        let res = o
            .supervisor
            .c
            .put(app.url(&path))
            .header("x-csrf-token", &o.supervisor.csrf)
            .json(&json!({"title": "2026年3月督办工作通报", "body": edited}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let (s, v) = post_json(&app, &o.head_a, &format!("{path}/issue"), json!({})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = post_json(&app, &o.supervisor, &format!("{path}/issue"), json!({})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["number_text"], "督报〔2026〕1号");
        assert!(v["body"].as_str().unwrap().ends_with("（经办公室审核）"));
        let res = o
            .supervisor
            .c
            .put(app.url(&path))
            .header("x-csrf-token", &o.supervisor.csrf)
            .json(&json!({"title": "改标题", "body": "改正文"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "issued text is fixed"
        );

        let (s, v) = get(&app, &o.head_a, &path).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, _) = get(&app, &o.outsider, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, mine) = get(&app, &o.outsider, "/api/v1/supervision/issues").await;
        assert_eq!(mine, json!([]));
        let head = actor(&app, &o.head_a).await;
        let notices = sanban_platform::notify::list(&app.state.db, &head)
            .await
            .unwrap();
        assert!(
            notices
                .iter()
                .any(|n| n.title == "月度督办通报：督报〔2026〕1号"),
            "{notices:?}"
        );

        let res = o
            .head_a
            .c
            .get(app.url(&format!("{path}/pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        let bytes = res.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
);

db_test!(a_notice_is_numbered_per_year, |app: TestApp| async move {
    let o = office(&app).await;
    let (_, t) = create(
        &app,
        &o.supervisor,
        task_body(&o, "消防设施整改", "2027-03-10"),
    )
    .await;
    let id = t["id"].as_i64().unwrap();
    let draft = format!("/api/v1/supervision/tasks/{id}/notice");
    let (s, _) = post_json(&app, &o.head_a, &draft, json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let (s, d) = post_json(&app, &o.supervisor, &draft, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{d}");
        assert_eq!(d["title"], "关于督办「消防设施整改」的通知");
        let body = d["body"].as_str().unwrap();
        assert!(
            body.starts_with("综合处：\n交办事项「消防设施整改」已列入督办事项"),
            "{body}"
        );
        assert!(
            body.contains("配合部门：财务处\n完成时限：2027年3月10日\n责任人：综合科员"),
            "{body}"
        );
        assert_eq!(d["recipients"], json!(["分管领导", "综合处长", "综合科员"]));
        let (_, v): (StatusCode, Value) = post_json(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/issues/{}/issue", d["id"]),
            json!({}),
        )
        .await;
        numbers.push(v["number_text"].as_str().unwrap().to_string());
    }
    assert_eq!(numbers, vec!["督通〔2026〕1号", "督通〔2026〕2号"]);
});
