//! 回头望: the year's 年度重点工作任务 with their sub-tasks, how each ended against its 时限,
//! its feedback and 退回 counts, and the office's 复盘 remark.

use chrono::NaiveDate;
use reqwest::StatusCode;
use sanban_platform::web::format::day_start_ms;
use sanban_supervision::retrospect::service;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::{
    db_test,
    issues::history,
    office::{Office, count, create, get, office, task_body},
    support::TestApp,
};

fn ms(y: i32, m: u32, d: u32) -> i64 {
    day_start_ms(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

async fn annual(app: &TestApp, o: &Office, title: &str, due: &str, parent: Option<i64>) -> i64 {
    let mut body = task_body(o, title, due);
    body["source"] = json!("annual");
    body["partner_ids"] = json!([]);
    body["parent_id"] = json!(parent);
    let (s, v) = create(app, &o.supervisor, body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["id"].as_i64().unwrap()
}

db_test!(
    the_year_is_looked_back_on_task_by_task,
    |app: TestApp| async move {
        let o = office(&app).await;
        let start = ms(2026, 1, 5);
        let p1 = annual(&app, &o, "优化营商环境", "2026-12-31", None).await;
        history(&app, p1, start, None).await;
        let s1 = annual(&app, &o, "压减审批时限", "2026-06-30", Some(p1)).await;
        history(&app, s1, start, Some(ms(2026, 6, 28))).await;
        let s2 = annual(&app, &o, "一网通办", "2026-09-30", Some(p1)).await;
        history(&app, s2, start, Some(ms(2026, 10, 8))).await;
        let s3 = annual(&app, &o, "涉企检查清单", "2026-11-30", Some(p1)).await;
        history(&app, s3, start, None).await;
        let next = annual(&app, &o, "明年的任务", "2027-03-01", None).await;
        history(&app, next, start, None).await;
        let (_, other) = create(&app, &o.supervisor, task_body(&o, "交办事项", "2026-05-01")).await;
        let other = other["id"].as_i64().unwrap();
        let p3 = annual(&app, &o, "老旧小区改造", "2026-04-30", None).await;
        history(&app, p3, start, Some(ms(2026, 4, 30))).await;
        let conn = app.state.db.conn();
        for _ in 0..2 {
            conn.execute_unprepared(&format!(
                "INSERT INTO sup_feedback (task_id, text, evidence_count, by_id, by_name, at) \
                 VALUES ({s1}, '已完成', 1, {}, '综合科员', {})",
                o.staff_a.id,
                ms(2026, 6, 1)
            ))
            .await
            .unwrap();
        }
        conn.execute_unprepared(&format!(
            "UPDATE sup_tasks SET returned_count = 1 WHERE id = {s1}"
        ))
        .await
        .unwrap();

        let r = service::year_at(conn, 2026, ms(2026, 12, 20))
            .await
            .unwrap();
        let rows: Vec<_> = r
            .lines
            .iter()
            .map(|l| {
                (
                    l.title.as_str(),
                    l.due_text.as_str(),
                    l.closed_text.as_str(),
                    l.timing_label,
                    l.feedback_count,
                    l.returned_count,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("优化营商环境", "2026年12月31日", "", "未到期", 0, 0),
                (
                    "压减审批时限",
                    "2026年6月30日",
                    "2026年6月28日",
                    "按时",
                    2,
                    1
                ),
                ("一网通办", "2026年9月30日", "2026年10月8日", "超期", 0, 0),
                ("涉企检查清单", "2026年11月30日", "", "超期", 0, 0),
                (
                    "老旧小区改造",
                    "2026年4月30日",
                    "2026年4月30日",
                    "按时",
                    0,
                    0
                ),
            ]
        );
        assert_eq!(r.lines[1].parent_id, Some(p1));
        assert_eq!((r.on_time, r.late, r.pending), (2, 2, 1));

        let path = |id: i64| format!("/api/v1/supervision/tasks/{id}/retrospect");
        let put = |who: &crate::office::P, id: i64, remark: &str| {
            who.c
                .put(app.url(&path(id)))
                .header("x-csrf-token", &who.csrf)
                .json(&json!({ "remark": remark }))
                .send()
        };
        let audits = count(&app, "audit_log").await;
        let res = put(&o.head_a, s1, "写复盘").await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = put(&o.supervisor, other, "不是年度任务").await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = put(&o.supervisor, s1, "  ").await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = put(&o.supervisor, 999_999, "没有这件").await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(count(&app, "audit_log").await, audits);
        assert_eq!(count(&app, "sup_retrospects").await, 0);

        let res = put(&o.supervisor, s1, "提前两天完成，经验可推广。")
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let res = put(&o.supervisor, s1, "提前两天完成，审批经验可在全市推广。")
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(count(&app, "sup_retrospects").await, 1);
        assert_eq!(count(&app, "audit_log").await, audits + 2);

        let (s, v) = get(&app, &o.leader, "/api/v1/supervision/retrospect?year=2026").await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(
            v["lines"][1]["remark"],
            "提前两天完成，审批经验可在全市推广。"
        );
        assert_eq!(v["lines"][1]["remark_by"], "督查专员");
        let (s, _) = get(&app, &o.staff_a, "/api/v1/supervision/retrospect?year=2026").await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        let html = o
            .leader
            .c
            .get(app.url("/supervision/retrospect?year=2026"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("2026年度重点工作任务回头望") && html.contains("审批经验可在全市推广"),
            "{html}"
        );
        assert!(
            !html.contains("写复盘意见"),
            "leaders read, the office writes"
        );
    }
);
