//! 督办考核 for a fixture year: on-time rate, overdue and returned feedback, under the default
//! weights and under changed ones.

use chrono::NaiveDate;
use reqwest::StatusCode;
use sanban_platform::web::format::day_start_ms;
use sanban_supervision::score::service;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::{
    db_test,
    issues::history,
    office::{Office, count, create, get, office, page, task_body},
    support::TestApp,
};

fn ms(y: i32, m: u32, d: u32) -> i64 {
    day_start_ms(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

async fn task(app: &TestApp, o: &Office, dept: i64, due: &str, closed: Option<i64>) -> i64 {
    let mut body = task_body(o, "考核事项", due);
    body["department_id"] = json!(dept);
    body["partner_ids"] = json!([]);
    let (_, v) = create(app, &o.supervisor, body).await;
    let id = v["id"].as_i64().unwrap();
    history(app, id, ms(2026, 1, 5), closed).await;
    id
}

db_test!(
    department_scores_follow_the_weights,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (a, b) = (o.dept_a, o.dept_b);
        let t1 = task(&app, &o, a, "2026-03-10", Some(ms(2026, 3, 9))).await;
        task(&app, &o, a, "2026-04-10", Some(ms(2026, 4, 20))).await;
        task(&app, &o, a, "2026-05-10", None).await;
        task(&app, &o, a, "2026-12-20", None).await;
        task(&app, &o, b, "2026-03-15", Some(ms(2026, 3, 14))).await;
        task(&app, &o, b, "2027-01-15", None).await;
        let conn = app.state.db.conn();
        conn.execute_unprepared(&format!(
            "UPDATE sup_tasks SET returned_count = 1 WHERE id = {t1}"
        ))
        .await
        .unwrap();

        let now = ms(2026, 6, 1);
        let s = service::year_at(conn, 2026, now).await.unwrap();
        let parts: Vec<_> = s
            .lines
            .iter()
            .map(|l| {
                (
                    l.department.as_str(),
                    l.assessed,
                    l.on_time,
                    l.overdue,
                    l.returned,
                    l.on_time_rate,
                    l.score,
                )
            })
            .collect();
        assert_eq!(
            parts,
            vec![
                ("财务处", 1, 1, 0, 0, 100.0, 100.0),
                ("综合处", 3, 1, 2, 1, 33.3, 48.0),
            ]
        );
        let zonghe = &s.lines[1];
        assert_eq!(
            (
                zonghe.base_points,
                zonghe.on_time_points,
                zonghe.overdue_deduction,
                zonghe.return_deduction
            ),
            (40.0, 20.0, 10.0, 2.0)
        );

        let weights = "/api/v1/supervision/scores/weights";
        let put = |who: &crate::office::P, body: serde_json::Value| {
            who.c
                .put(app.url(weights))
                .header("x-csrf-token", &who.csrf)
                .json(&body)
                .send()
        };
        let res = put(
            &o.leader,
            json!({"on_time_points": 80, "overdue_penalty": 10, "return_penalty": 5}),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let audits = count(&app, "audit_log").await;
        let res = put(
            &o.supervisor,
            json!({"on_time_points": 120, "overdue_penalty": 10, "return_penalty": 5}),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, "audit_log").await, audits);
        let res = put(
            &o.supervisor,
            json!({"on_time_points": 80, "overdue_penalty": 10, "return_penalty": 5}),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let s = service::year_at(conn, 2026, now).await.unwrap();
        assert_eq!(s.lines[1].department, "综合处");
        assert_eq!(s.lines[1].score, 21.7, "20 + 80 × 1/3 − 20 − 5");

        let (st, v) = get(&app, &o.leader, "/api/v1/supervision/scores?year=2026").await;
        assert_eq!(st, StatusCode::OK, "leaders see the scores");
        assert_eq!(v["weights"]["on_time_points"], 80);
        let (st, _) = get(&app, &o.staff_a, "/api/v1/supervision/scores?year=2026").await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let (_, html) = page(&app, &o.leader, "/supervision/scores?year=2026").await;
        assert!(html.contains("综合处") && html.contains("33.3%"), "{html}");
    }
);

async fn shared(
    app: &TestApp,
    o: &Office,
    main: i64,
    partner: i64,
    due: &str,
    closed: Option<i64>,
) {
    let mut body = task_body(o, "协同事项", due);
    body["department_id"] = json!(main);
    body["partner_ids"] = json!([partner]);
    let (s, v) = create(app, &o.supervisor, body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    history(app, v["id"].as_i64().unwrap(), ms(2026, 1, 5), closed).await;
}

db_test!(
    partner_departments_count_at_their_own_weight,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (a, b) = (o.dept_a, o.dept_b);
        shared(&app, &o, a, b, "2026-03-10", Some(ms(2026, 3, 9))).await;
        shared(&app, &o, a, b, "2026-04-10", None).await;
        shared(&app, &o, b, a, "2026-05-10", Some(ms(2026, 5, 20))).await;
        let conn = app.state.db.conn();
        let now = ms(2026, 6, 1);
        let parts = |s: &service::Scores| -> Vec<_> {
            s.lines
                .iter()
                .map(|l| {
                    (
                        l.department.clone(),
                        (l.assessed, l.on_time, l.overdue),
                        (l.partner_assessed, l.partner_on_time, l.partner_overdue),
                        l.on_time_rate,
                        l.partner_deduction,
                        l.score,
                    )
                })
                .collect()
        };
        let s = service::year_at(conn, 2026, now).await.unwrap();
        assert_eq!(s.weights.partner_weight, 50, "配合 counts half by default");
        assert_eq!(
            parts(&s),
            vec![
                // 40 + 60 × (1 + 0) / (2 + 0.5) − 5 − 5 × 0.5
                ("综合处".to_string(), (2, 1, 1), (1, 0, 1), 40.0, 2.5, 56.5),
                // 40 + 60 × (0 + 0.5) / (1 + 1) − 5 − 2.5
                ("财务处".to_string(), (1, 0, 1), (2, 1, 1), 25.0, 2.5, 47.5),
            ]
        );

        let put = |body: serde_json::Value| {
            o.supervisor
                .c
                .put(app.url("/api/v1/supervision/scores/weights"))
                .header("x-csrf-token", &o.supervisor.csrf)
                .json(&body)
                .send()
        };
        let base = json!({"on_time_points": 60, "overdue_penalty": 5, "return_penalty": 2});
        let mut w = base.clone();
        w["partner_weight"] = json!(101);
        assert_eq!(
            put(w).await.unwrap().status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let mut w = base.clone();
        w["partner_weight"] = json!(0);
        assert_eq!(put(w).await.unwrap().status(), StatusCode::OK);
        let s = service::year_at(conn, 2026, now).await.unwrap();
        assert_eq!(
            s.lines.iter().map(|l| l.score).collect::<Vec<_>>(),
            vec![65.0, 35.0],
            "with no weight only the 主办 tasks count"
        );

        let (_, html) = page(&app, &o.supervisor, "/supervision/scores?year=2026").await;
        assert!(html.contains("配合部门的事项按主办的 0% 计入"), "{html}");
    }
);

fn finalise_req<'a>(
    app: &'a TestApp,
    who: &'a crate::office::P,
    body: serde_json::Value,
) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> + 'a {
    who.c
        .post(app.url("/api/v1/supervision/scores/finals"))
        .header("x-csrf-token", &who.csrf)
        .json(&body)
        .send()
}

db_test!(
    a_finalised_year_is_frozen_and_counted_on_the_figures_page,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (a, b) = (o.dept_a, o.dept_b);
        // 2025: 综合处 one on time (100), 财务处 one late (40 + 0 − 5 = 35).
        task(&app, &o, a, "2025-03-10", Some(ms(2025, 3, 9))).await;
        task(&app, &o, b, "2025-04-10", Some(ms(2025, 4, 20))).await;
        // 2026: 综合处 one on time and one open past its date (40 + 30 − 5 = 65),
        // 财务处 one on time (100).
        task(&app, &o, a, "2026-03-10", Some(ms(2026, 3, 9))).await;
        let late = task(&app, &o, a, "2026-05-10", None).await;
        task(&app, &o, b, "2026-03-15", Some(ms(2026, 3, 14))).await;

        let audits = count(&app, "audit_log").await;
        let res = finalise_req(&app, &o.leader, json!({"year": 2025}))
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "leaders read, the office finalises"
        );
        let res = finalise_req(&app, &o.supervisor, json!({"year": 2999}))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = finalise_req(&app, &o.supervisor, json!({"year": 2019}))
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no tasks, nothing to freeze"
        );
        assert!(res.text().await.unwrap().contains("没有可考核"));
        assert_eq!(count(&app, "sup_score_finals").await, 0);
        assert_eq!(count(&app, "audit_log").await, audits);
        let (st, v) = get(
            &app,
            &o.leader,
            "/api/v1/supervision/scores/finals?year=2025",
        )
        .await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{v}");

        for year in [2025, 2026] {
            let res = finalise_req(&app, &o.supervisor, json!({"year": year}))
                .await
                .unwrap();
            assert_eq!(
                res.status(),
                StatusCode::OK,
                "{}",
                res.text().await.unwrap()
            );
        }
        assert_eq!(count(&app, "audit_log").await, audits + 2);
        let (st, v) = get(
            &app,
            &o.leader,
            "/api/v1/supervision/scores/finals?year=2026",
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        let lines: Vec<_> = v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["department"].as_str().unwrap(),
                    l["score"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(lines, vec![("财务处", 100.0), ("综合处", 65.0)]);
        assert_eq!(v["revision"], 1);
        let (st, _) = get(
            &app,
            &o.staff_a,
            "/api/v1/supervision/scores/finals?year=2026",
        )
        .await;
        assert_eq!(st, StatusCode::FORBIDDEN);

        // The late task is closed afterwards: the live score moves, the 定稿 does not.
        history(&app, late, ms(2026, 1, 5), Some(ms(2026, 5, 9))).await;
        let conn = app.state.db.conn();
        let live = service::year_at(conn, 2026, ms(2026, 6, 1)).await.unwrap();
        assert_eq!(
            live.lines.iter().map(|l| l.score).collect::<Vec<_>>(),
            vec![100.0, 100.0]
        );
        let (_, v) = get(
            &app,
            &o.leader,
            "/api/v1/supervision/scores/finals?year=2026",
        )
        .await;
        assert_eq!(v["lines"][1]["score"], 65.0);

        let sup = crate::office::actor(&app, &o.supervisor).await;
        let figure = |year: i32| {
            let sup = sup.clone();
            let app = &app;
            async move {
                sanban_platform::figures::count::one(
                    &app.state.db,
                    &sup,
                    &app.state.figures,
                    "supervision.scores",
                    year,
                )
                .await
                .unwrap()
            }
        };
        let f = figure(2026).await;
        assert_eq!((f.value, f.previous), (2, 2), "two departments each year");
        assert_eq!(f.months[11], 2, "a year's result sits in its December");
        let avg = f.average.as_ref().unwrap();
        assert_eq!((avg.value, avg.previous), (Some(82.5), Some(67.5)));
        let (rows, total) = sanban_platform::figures::records(
            &app.state.db,
            &sup,
            &app.state.figures,
            "supervision.scores",
            sanban_platform::figures::Period::new(2026, None).unwrap(),
            0,
        )
        .await
        .unwrap();
        assert_eq!(total, 2);
        let mut titles: Vec<_> = rows.iter().map(|r| r.title.as_str()).collect();
        titles.sort();
        assert_eq!(
            titles,
            vec![
                "综合处：65 分（按时办结率 50%，超期 1 件，退回 0 次）",
                "财务处：100 分（按时办结率 100%，超期 0 件，退回 0 次）",
            ]
        );
        let res = o.leader.c.get(app.url(&rows[0].link)).send().await.unwrap();
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/supervision/scores?year=2026#d"), "{to}");
        let res = o
            .staff_a
            .c
            .get(app.url(&rows[0].link))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        // Finalising again needs a reason, then replaces the table and keeps the old one in
        // the audit log.
        let audits = count(&app, "audit_log").await;
        let res = finalise_req(&app, &o.supervisor, json!({"year": 2026}))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("须填写说明"));
        assert_eq!(count(&app, "audit_log").await, audits);
        let res = finalise_req(
            &app,
            &o.supervisor,
            json!({"year": 2026, "note": "综合处补报销号材料"}),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let (_, v) = get(
            &app,
            &o.leader,
            "/api/v1/supervision/scores/finals?year=2026",
        )
        .await;
        assert_eq!(
            (v["revision"].as_i64(), v["lines"][1]["score"].as_f64()),
            (Some(2), Some(100.0))
        );
        assert_eq!(v["note"], "综合处补报销号材料");
        assert_eq!(count(&app, "audit_log").await, audits + 1);
        let f = figure(2026).await;
        assert_eq!(f.average.unwrap().value, Some(100.0));

        let (_, html) = page(&app, &o.leader, "/supervision/scores?year=2026").await;
        assert!(
            html.contains("已定稿") && html.contains("第 2 次定稿"),
            "{html}"
        );
        // Last year's 定稿 beside this year's: 综合处 100 → 100, 财务处 35 → 100.
        assert!(html.contains("<td>35</td><td>+65.0</td>"), "{html}");
        assert!(
            !html.contains("id=\"finalise\""),
            "only the office sees the form"
        );
    }
);
