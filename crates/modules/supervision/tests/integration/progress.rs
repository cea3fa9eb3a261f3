//! 进展报告: filed on a running task by its 责任人 and listed newest first, refused to people who
//! may not see the task before anything they sent is checked, and reminded on the task's rhythm
//! with the clock passed in.

use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use sanban_platform::web::format::{date_cn, day_start_ms, today};
use sanban_supervision::task::progress_remind;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::{
    db_test,
    office::{Office, P, count, create, get, office, post_json, task_body},
    support::TestApp,
};

const HOUR: i64 = 3_600_000;

async fn notices(app: &TestApp, user: i64) -> Vec<String> {
    let conn = app.state.db.conn();
    let backend = conn.get_database_backend();
    let sql = sanban_platform::db::for_backend(
        backend,
        "SELECT title FROM notifications WHERE user_id = $1 AND title LIKE '请报送进展情况%' \
         ORDER BY id",
    );
    conn.query_all_raw(sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        [user.into()],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("", "title").unwrap())
    .collect()
}

async fn task(app: &TestApp, o: &Office, title: &str, every: &str) -> i64 {
    let mut body = task_body(o, title, "2027-12-31");
    body["report_every"] = json!(every);
    let (s, t) = create(app, &o.supervisor, body).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["report_every"], every);
    t["id"].as_i64().unwrap()
}

async fn report(app: &TestApp, who: &P, id: i64, text: &str) -> (StatusCode, Value) {
    post_json(
        app,
        who,
        &format!("/api/v1/supervision/tasks/{id}/progress"),
        json!({ "text": text }),
    )
    .await
}

async fn terminate(app: &TestApp, o: &Office, id: i64) {
    let (s, v) = post_json(
        app,
        &o.supervisor,
        &format!("/api/v1/supervision/tasks/{id}/terminate"),
        json!({"reason": "任务调整"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

db_test!(
    the_owner_reports_progress_without_moving_the_task,
    |app: TestApp| async move {
        let o = office(&app).await;
        let id = task(&app, &o, "推进老旧小区改造", "weekly").await;
        let (_, t) = get(&app, &o.staff_a, &format!("/api/v1/supervision/tasks/{id}")).await;
        assert_eq!(t["report_every_label"], "每周报送");

        let (s, r) = report(&app, &o.staff_a, id, "已完成12个小区的入户调查。").await;
        assert_eq!(s, StatusCode::OK, "{r}");
        assert_eq!(r["by_name"], "综合科员");
        assert_eq!(r["at_text"], date_cn(today()));
        let (s, r) = report(&app, &o.supervisor, id, "督查组现场查看了3个小区。").await;
        assert_eq!(s, StatusCode::OK, "{r}");

        let (s, list) = get(
            &app,
            &o.staff_a,
            &format!("/api/v1/supervision/tasks/{id}/progress"),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let texts: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            texts,
            vec!["督查组现场查看了3个小区。", "已完成12个小区的入户调查。"]
        );
        assert_eq!(list[0]["by_name"], "督查专员");
        let (_, t) = get(&app, &o.staff_a, &format!("/api/v1/supervision/tasks/{id}")).await;
        assert_eq!(t["state"], "handling");

        // Each report is audited in its own write.
        let conn = app.state.db.conn();
        let backend = conn.get_database_backend();
        let row = conn
            .query_one_raw(sea_orm::Statement::from_string(
                backend,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'supervision.progress.report'",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<i64>("", "n").unwrap(), 2);

        // The task page shows the rhythm, the form and the reports.
        let res = o
            .staff_a
            .c
            .get(app.url(&format!("/supervision/tasks/{id}")))
            .send()
            .await
            .unwrap();
        let html = res.text().await.unwrap();
        for text in [
            "每周报送",
            "id=\"progress-form\"",
            "已完成12个小区的入户调查。",
        ] {
            assert!(html.contains(text), "{text}");
        }
        // The page form files one too.
        let res = o
            .staff_a
            .c
            .post(app.url(&format!("/supervision/tasks/{id}/progress")))
            .form(&[
                ("_csrf", o.staff_a.csrf.as_str()),
                ("text", "完成方案报批。"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(count(&app, "sup_progress_reports").await, 3);
    }
);

db_test!(
    progress_is_refused_to_outsiders_and_empty_text,
    |app: TestApp| async move {
        let o = office(&app).await;
        let id = task(&app, &o, "清理规范公务用车", "none").await;
        // The outsider is refused before the empty text is looked at.
        let (s, _) = report(&app, &o.outsider, id, "").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = report(&app, &o.outsider, id, "冒名报送").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = get(
            &app,
            &o.outsider,
            &format!("/api/v1/supervision/tasks/{id}/progress"),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // The 分管领导 sees the task but does not report on it.
        let (s, _) = report(&app, &o.leader, id, "领导代报").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = report(&app, &o.staff_a, id + 1000, "不存在").await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        let (s, e) = report(&app, &o.staff_a, id, "   ").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e["message"].as_str().unwrap().contains("进展情况"), "{e}");

        terminate(&app, &o, id).await;
        let (s, e) = report(&app, &o.staff_a, id, "终止后报送").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(count(&app, "sup_progress_reports").await, 0);

        let mut body = task_body(&o, "频次有误", "2027-12-31");
        body["report_every"] = json!("daily");
        let (s, e) = create(&app, &o.supervisor, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["message"], "请选择报送频次");
    }
);

/// Monday of the current week in Beijing time.
fn monday() -> NaiveDate {
    let d = today();
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

db_test!(
    weekly_tasks_without_a_report_are_reminded_once_a_week,
    |app: TestApp| async move {
        let o = office(&app).await;
        task(&app, &o, "周报事项甲", "weekly").await;
        let reported = task(&app, &o, "周报事项乙", "weekly").await;
        let ended = task(&app, &o, "周报事项丙", "weekly").await;
        task(&app, &o, "不定期事项", "none").await;
        let (s, _) = report(&app, &o.staff_a, reported, "本周推进顺利。").await;
        assert_eq!(s, StatusCode::OK);
        terminate(&app, &o, ended).await;
        let run = |now: i64| {
            let db = app.state.db.clone();
            async move { progress_remind::run(&db, now).await.unwrap() }
        };
        let mon = day_start_ms(monday());
        let day = 24 * HOUR;

        // Thursday night: not yet due.
        assert_eq!(run(mon + 3 * day + 23 * HOUR).await, 0);
        // Friday morning, and again on Sunday: one reminder, for the silent task only.
        assert_eq!(run(mon + 4 * day + 9 * HOUR).await, 1);
        assert_eq!(run(mon + 6 * day + 20 * HOUR).await, 0);
        assert_eq!(
            notices(&app, o.staff_a.id).await,
            vec!["请报送进展情况：周报事项甲"]
        );
        // Next week the report of this week no longer counts: both running tasks are reminded.
        assert_eq!(run(mon + 11 * day + 9 * HOUR).await, 2);
        assert_eq!(run(mon + 12 * day).await, 0);
        assert_eq!(
            notices(&app, o.staff_a.id).await,
            vec![
                "请报送进展情况：周报事项甲",
                "请报送进展情况：周报事项甲",
                "请报送进展情况：周报事项乙",
            ]
        );
        assert_eq!(count(&app, "sup_progress_reminders").await, 3);
    }
);

db_test!(
    monthly_tasks_without_a_report_are_reminded_from_the_25th,
    |app: TestApp| async move {
        let o = office(&app).await;
        task(&app, &o, "月报事项甲", "monthly").await;
        let reported = task(&app, &o, "月报事项乙", "monthly").await;
        let ended = task(&app, &o, "月报事项丙", "monthly").await;
        let (s, _) = report(&app, &o.staff_a, reported, "本月完成招标。").await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = report(&app, &o.staff_a, ended, "本月暂无进展。").await;
        assert_eq!(s, StatusCode::OK);
        terminate(&app, &o, ended).await;
        let run = |now: i64| {
            let db = app.state.db.clone();
            async move { progress_remind::run(&db, now).await.unwrap() }
        };
        let d = today();
        let at = |day: u32, hour: i64| {
            day_start_ms(NaiveDate::from_ymd_opt(d.year(), d.month(), day).unwrap()) + hour * HOUR
        };

        assert_eq!(run(at(24, 23)).await, 0);
        assert_eq!(run(at(25, 9)).await, 1);
        assert_eq!(run(at(28, 9)).await, 0);
        assert_eq!(
            notices(&app, o.staff_a.id).await,
            vec!["请报送进展情况：月报事项甲"]
        );
    }
);
