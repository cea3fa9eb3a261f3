//! 节点提醒, driven with the clock passed in: the day before, on the day, the day after, each
//! once; none for a milestone reached or a task closed.

use reqwest::StatusCode;
use sanban_platform::web::format::day_start_ms;
use sanban_supervision::task::milestone_remind;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::{
    db_test,
    office::{create, get, office, post_json, task_body},
    support::TestApp,
};

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

async fn notices(app: &TestApp, user: i64) -> Vec<String> {
    let conn = app.state.db.conn();
    let backend = conn.get_database_backend();
    let sql = sanban_platform::db::for_backend(
        backend,
        "SELECT title FROM notifications WHERE user_id = $1 AND title LIKE '节点%' ORDER BY id",
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

db_test!(
    milestones_remind_their_owner_once_each,
    |app: TestApp| async move {
        let o = office(&app).await;
        let mut body = task_body(&o, "推进政务服务一网通办", "2026-12-31");
        body["milestones"] = json!([
            {"title": "完成系统对接", "due_on": "2026-05-10"},
            {"title": "上线试运行", "due_on": "2026-05-20"}
        ]);
        let (s, t) = create(&app, &o.supervisor, body).await;
        assert_eq!(s, StatusCode::OK, "{t}");
        let id = t["id"].as_i64().unwrap();
        let first = day_start_ms(chrono::NaiveDate::from_ymd_opt(2026, 5, 10).unwrap());
        let run = |now: i64| {
            let db = app.state.db.clone();
            async move { milestone_remind::run(&db, now).await.unwrap() }
        };

        // Two days before: nothing yet.
        assert_eq!(run(first - 2 * DAY + 10 * HOUR).await, 0);
        // The day before, twice in one day: one reminder.
        assert_eq!(run(first - DAY + 9 * HOUR).await, 1);
        assert_eq!(run(first - DAY + 15 * HOUR).await, 0);
        // On the day, then the day after.
        assert_eq!(run(first + 9 * HOUR).await, 1);
        assert_eq!(run(first + DAY + 9 * HOUR).await, 1);
        assert_eq!(run(first + 3 * DAY).await, 0);
        assert_eq!(
            notices(&app, o.staff_a.id).await,
            vec![
                "节点明日到期：完成系统对接",
                "节点今日到期：完成系统对接",
                "节点已超期：完成系统对接",
            ]
        );

        // The second milestone is reached before its day: no reminder for it. A job that did
        // not run for a week sends only what fits now, not every reminder it missed.
        let (_, m) = get(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks/{id}/milestones"),
        )
        .await;
        assert_eq!(m[1]["title"], "上线试运行");
        let (s, v) = post_json(
            &app,
            &o.staff_a,
            &format!("/api/v1/supervision/milestones/{}/done", m[1]["id"]),
            json!({}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(run(first + 12 * DAY).await, 0);
        assert_eq!(notices(&app, o.staff_a.id).await.len(), 3);

        // A milestone of a task that is no longer running stays quiet.
        let mut other = task_body(&o, "整治办公用房", "2026-12-31");
        other["milestones"] = json!([{"title": "腾退超标用房", "due_on": "2026-06-01"}]);
        let (_, t2) = create(&app, &o.supervisor, other).await;
        let (s, v) = post_json(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks/{}/terminate", t2["id"]),
            json!({"reason": "并入年度重点工作"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let june = day_start_ms(chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
        assert_eq!(run(june + HOUR).await, 0);
    }
);

db_test!(the_module_registers_its_job, |app: TestApp| async move {
    let names: Vec<&str> = sanban_platform::server::all_jobs(&app.state)
        .unwrap()
        .iter()
        .map(|j| j.name)
        .collect();
    assert!(names.contains(&"supervision.milestones"), "{names:?}");
    assert!(names.contains(&"workflow.reminders"), "{names:?}");
});
