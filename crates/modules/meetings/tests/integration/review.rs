//! 复盘 after a held meeting: recorded by the office, replaced when recorded again, audited,
//! shown on the meeting page, over the API too; nobody else records or reads it.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    db_test,
    office::{form, meeting, office, page},
    support::TestApp,
};

db_test!(
    the_office_reviews_a_held_meeting,
    |app: TestApp| async move {
        let o = office(&app).await;
        let id = meeting(
            &app,
            &o.clerk,
            json!({"kind": "调度会", "title": "三月调度会", "starts_at": "2026-03-09T09:00", "ends_at": "2026-03-09T10:00", "place": "三楼会议室", "attendee_ids": [o.head_a.id, o.staff_a.id]}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let path = format!("/api/v1/meetings/{id}/review");
        let good = json!({"went_well": "材料提前一天发到参会人员手中。", "problems": "投影仪临时故障，耽误十分钟。", "improvements": "会前半小时试机。"});
        let put = |p: &crate::office::P, body: serde_json::Value| {
            p.c.put(app.url(&path))
                .header("x-csrf-token", &p.csrf)
                .json(&body)
                .send()
        };
        let res = put(&o.clerk, good.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["message"], "会议计划中：召开后才能复盘");
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/state"),
            &[("action", "held")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (s, _) = app.api_get(&o.clerk.c, &path).await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        let res = put(&o.clerk, json!({"went_well": " ", "problems": ""}))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["message"], "请至少填写一项复盘内容");
        let res = put(&o.clerk, json!({"problems": "长".repeat(2001)}))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = put(&o.staff_a, good.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        let res = put(&o.clerk, good).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["problems"], "投影仪临时故障，耽误十分钟。");
        assert_eq!(v["recorded_by_name"], "文秘甲");
        // Recorded again through the page: it replaces the first.
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/review"),
            &[
                ("went_well", "材料提前一天发到参会人员手中。"),
                ("problems", "投影仪临时故障。"),
                ("improvements", "会前半小时试机；备用笔记本电脑。"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (s, v) = app.api_get(&o.clerk.c, &path).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["improvements"], "会前半小时试机；备用笔记本电脑。");
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{id}")).await;
        assert!(html.contains("会后复盘") && html.contains("备用笔记本电脑"));

        // An attendee sees the meeting, not its 复盘.
        let (s, _) = app.api_get(&o.staff_a.c, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, html) = page(&app, &o.staff_a, &format!("/meetings/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(!html.contains("会后复盘"));
        let (s, _) = app.api_get(&o.outsider.c, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Both saves are in the audit log, the second with what it replaced.
        assert_eq!(audited(&app, id).await, (2, 1));
    }
);

/// (how many 复盘 audit rows the meeting has, how many of them keep what they replaced).
async fn audited(app: &TestApp, id: i64) -> (i64, i64) {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let row = db
        .conn()
        .query_one_raw(Statement::from_string(
            db.backend(),
            format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n, \
                 CAST(COALESCE(SUM(CASE WHEN before_json IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) AS b \
                 FROM audit_log WHERE action = 'meetings.review' AND entity_id = '{id}'"
            ),
        ))
        .await
        .unwrap()
        .unwrap();
    (row.try_get("", "n").unwrap(), row.try_get("", "b").unwrap())
}
