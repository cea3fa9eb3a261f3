//! 出席 and 列席: who sits in is told so, shown so on the list, the 签到表 and the 座签,
//! counted apart at 签到, and named on its own line in the 纪要.

use reqwest::StatusCode;
use sanban_platform::notify;
use serde_json::json;

use crate::{
    db_test,
    office::{P, actor, form, meeting, office, page, post_json},
    support::TestApp,
};

async fn notice(app: &TestApp, p: &P) -> String {
    notify::list(&app.state.db, &actor(app, p).await)
        .await
        .unwrap()[0]
        .body
        .clone()
}

db_test!(
    sitting_in_is_kept_apart_from_attending,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (s, v) = post_json(
            &app,
            &o.clerk,
            "/api/v1/meetings",
            json!({"kind": "党委会", "title": "党委会", "starts_at": "2026-01-05T09:00", "ends_at": "2026-01-05T10:00", "place": "党委会议室", "attendee_ids": [o.head_a.id], "sit_in_ids": [o.head_a.id]}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "同一人不能既出席又列席，请只选其一");

        let m = meeting(
            &app,
            &o.clerk,
            json!({"kind": "党委会", "title": "2026年第1次党委会", "starts_at": "2026-01-05T09:00", "ends_at": "2026-01-05T10:00", "place": "党委会议室", "host_id": o.leader.id, "attendee_ids": [o.head_a.id, o.leader.id], "sit_in_ids": [o.staff_a.id]}),
        )
        .await;
        let id = m["id"].as_i64().unwrap();
        let roles: Vec<(String, String, bool)> = m["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["name"].as_str().unwrap().to_string(),
                    a["role_label"].as_str().unwrap().to_string(),
                    a["sits_in"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            roles,
            vec![
                ("分管领导乙".into(), "出席".into(), false),
                ("综合处长丁".into(), "出席".into(), false),
                ("综合科员戊".into(), "列席".into(), true),
            ]
        );

        // The notice asks the one who sits in to sit in.
        let res = form(&app, &o.clerk, &format!("/meetings/{id}/notify"), &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            notice(&app, &o.staff_a).await,
            "定于2026年1月5日 09:00—10:00在党委会议室召开党委会，请列席会议（请提前15分钟到场签到）。"
        );
        assert!(notice(&app, &o.head_a).await.contains("，请准时参加（"));

        // 签到 counted for each.
        for p in [&o.head_a, &o.staff_a] {
            let res = form(
                &app,
                &o.clerk,
                &format!("/meetings/{id}/checkin"),
                &[("user_id", &p.id.to_string())],
            )
            .await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{id}")).await;
        assert!(html.contains("参会人员（出席2人、列席1人）"));
        assert!(html.contains("已签到：出席 1/2 人，列席 1/1 人"));
        assert!(html.contains("<td>综合科员戊</td><td>列席</td>"));
        let (_, sheet) = page(&app, &o.clerk, &format!("/meetings/{id}/sheet")).await;
        assert!(sheet.contains("<td>3</td><td>综合科员戊</td><td>列席</td>"));
        let (_, cards) = page(&app, &o.clerk, &format!("/meetings/{id}/cards")).await;
        assert!(cards.contains("综合科员戊<small>列席</small>"));
        assert!(!cards.contains("综合处长丁<small>"));

        // The 纪要: who came to attend, who sat in, who was away.
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/state"),
            &[("action", "held")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let db = &app.state.db;
        let clerk = actor(&app, &o.clerk).await;
        let held = sanban_meetings::meetings::service::get(db, &clerk, id)
            .await
            .unwrap();
        let text = sanban_meetings::minutes::output::text(&held, &[]);
        assert!(text.contains("　　出席：综合处长丁\n"), "{text}");
        assert!(text.contains("　　列席：综合科员戊\n"), "{text}");
        assert!(text.contains("　　请假：分管领导乙\n"), "{text}");
    }
);

db_test!(
    a_change_moves_people_between_attending_and_sitting_in,
    |app: TestApp| async move {
        let o = office(&app).await;
        let m = meeting(
            &app,
            &o.clerk,
            json!({"kind": "专题会", "title": "预算专题会", "starts_at": "2099-03-02T09:00", "ends_at": "2099-03-02T10:00", "place": "二楼会议室", "attendee_ids": [o.head_a.id], "sit_in_ids": [o.staff_a.id]}),
        )
        .await;
        let id = m["id"].as_i64().unwrap();
        let (h, s, x) = (
            o.head_a.id.to_string(),
            o.staff_a.id.to_string(),
            o.outsider.id.to_string(),
        );
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/edit"),
            &[
                ("kind", "专题会"),
                ("title", "预算专题会"),
                ("starts_at", "2099-03-02T09:00"),
                ("ends_at", "2099-03-02T10:00"),
                ("place", "二楼会议室"),
                ("attendee_ids", &h),
                ("attendee_ids", &s),
                ("sit_in_ids", &x),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, v) = app
            .api_get(&o.clerk.c, &format!("/api/v1/meetings/{id}"))
            .await;
        let sits: Vec<(i64, bool)> = v["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["user_id"].as_i64().unwrap(),
                    a["sits_in"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            sits,
            vec![
                (o.head_a.id, false),
                (o.staff_a.id, false),
                (o.outsider.id, true)
            ]
        );
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{id}/edit")).await;
        assert!(html.contains("列席人员（不参加表决）"));
    }
);
