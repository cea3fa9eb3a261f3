//! Meetings: the office arranges them; attendees see their own; others see nothing; bad
//! input changes nothing; cancelled and postponed meetings are kept and shown as such.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    db_test,
    office::{form, meeting, office, page, post_json, room},
    support::TestApp,
};

db_test!(
    office_arranges_meetings_and_others_see_only_their_own,
    |app: TestApp| async move {
        let o = office(&app).await;
        let r = room(&app, &o.clerk, "三楼第一会议室").await;
        let m = meeting(
            &app,
            &o.clerk,
            json!({
                "kind": "总办会", "title": "2026年第1次总经理办公会",
                "starts_at": "2026-01-05T09:00", "ends_at": "2026-01-05T11:30",
                "room_id": r, "host_id": o.leader.id,
                "attendee_ids": [o.head_a.id, o.staff_a.id, o.head_a.id],
                "in_stats": true, "budget": "1,200.5"
            }),
        )
        .await;
        assert_eq!(m["kind"], "总经理办公会");
        assert_eq!(m["state"], "planned");
        assert_eq!(m["state_label"], "计划中");
        assert_eq!(m["time_text"], "2026年1月5日 09:00—11:30");
        assert_eq!(m["room_name"], "三楼第一会议室");
        assert_eq!(m["host_name"], "分管领导乙");
        assert_eq!(m["budget_cents"], 120050);
        assert_eq!(m["budget_text"], "1200.50");
        assert_eq!(m["in_stats"], true);
        let names: Vec<&str> = m["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["综合处长丁", "综合科员戊"]);
        let id = m["id"].as_i64().unwrap();

        // The page form, with repeated 参会人员 and an empty room (a place instead).
        let res = form(
            &app,
            &o.clerk,
            "/meetings",
            &[
                ("kind", "专题会"),
                ("title", "防汛专题会"),
                ("starts_at", "2026-06-01T15:00"),
                ("ends_at", "2026-06-01T16:00"),
                ("room_id", ""),
                ("place", "现场指挥部"),
                ("host_id", ""),
                ("attendee_ids", &o.staff_a.id.to_string()),
                ("budget", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // An attendee sees the meeting and the list holds only theirs.
        let (s, v) = app
            .api_get(&o.head_a.c, &format!("/api/v1/meetings/{id}"))
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["title"], "2026年第1次总经理办公会");
        let (_, mine) = app.api_get(&o.head_a.c, "/api/v1/meetings").await;
        assert_eq!(mine.as_array().unwrap().len(), 1);
        let (_, mine) = app.api_get(&o.staff_a.c, "/api/v1/meetings").await;
        assert_eq!(mine.as_array().unwrap().len(), 2);

        // Someone else: 403 on the meeting, an empty list, and no right to arrange one.
        let (s, _) = app
            .api_get(&o.outsider.c, &format!("/api/v1/meetings/{id}"))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = page(&app, &o.outsider, &format!("/meetings/{id}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, none) = app.api_get(&o.outsider.c, "/api/v1/meetings").await;
        assert_eq!(none, json!([]));
        let (_, html) = page(&app, &o.outsider, "/meetings").await;
        assert!(!html.contains("2026年第1次") && html.contains("没有会议"));
        let (s, v) = post_json(
            &app,
            &o.outsider,
            "/api/v1/meetings",
            json!({"kind": "例会", "title": "x", "starts_at": "2026-01-06T09:00", "ends_at": "2026-01-06T10:00", "place": "x"}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(v["code"], "forbidden");
        let (s, _) = page(&app, &o.outsider, "/meetings/new").await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // A 督查专员 oversees all: sees every meeting, arranges none.
        let admin = app.admin().await;
        let (_, supervisor, _) = app
            .user_session(&admin, "ducha", "督查专员庚", &["supervisor"])
            .await;
        let (s, v) = app
            .api_get(&supervisor, &format!("/api/v1/meetings/{id}"))
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["title"], "2026年第1次总经理办公会");
        let (_, all) = app.api_get(&supervisor, "/api/v1/meetings").await;
        assert_eq!(all.as_array().unwrap().len(), 2);
        let (s, _) = app.api_get(&supervisor, "/api/v1/meetings/rooms").await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // The office's list, filtered.
        for (q, expect) in [
            ("", vec!["防汛专题会", "2026年第1次总经理办公会"]),
            ("?kind=专题会", vec!["防汛专题会"]),
            ("?q=总经理", vec!["2026年第1次总经理办公会"]),
            ("?year=2025", vec![]),
            (
                "?state=planned&year=2026",
                vec!["防汛专题会", "2026年第1次总经理办公会"],
            ),
        ] {
            let (s, v) = app
                .api_get(&o.clerk.c, &format!("/api/v1/meetings{q}"))
                .await;
            assert_eq!(s, StatusCode::OK);
            let got: Vec<&str> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["title"].as_str().unwrap())
                .collect();
            assert_eq!(got, expect, "{q}");
        }
        let (_, html) = page(&app, &o.clerk, "/meetings?kind=%E4%B8%93%E9%A2%98%E4%BC%9A").await;
        assert!(html.contains("防汛专题会") && html.contains("现场指挥部"));
        assert!(html.contains("2026年6月1日 15:00—16:00"));
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{id}")).await;
        assert!(html.contains("分管领导乙") && html.contains("1200.50 元"));
    }
);

db_test!(
    bad_input_is_refused_in_chinese_and_changes_nothing,
    |app: TestApp| async move {
        let o = office(&app).await;
        let base = json!({"kind": "例会", "title": "周例会", "starts_at": "2026-01-06T09:00", "ends_at": "2026-01-06T10:00", "place": "二楼小会议室"});
        for (field, value, message) in [
            ("kind", json!("茶话会"), "请选择会议类型"),
            ("title", json!("  "), "请填写会议名称"),
            ("starts_at", json!("明天上午"), "开始时间格式不正确"),
            (
                "ends_at",
                json!("2026-01-06T08:00"),
                "结束时间应晚于开始时间",
            ),
            ("ends_at", json!("2026-01-08T08:00"), "不能超过 24 小时"),
            ("place", json!(""), "请选择会议室或填写地点"),
            ("budget", json!("-5"), "会议经费应为"),
            ("budget", json!("12.345"), "会议经费应为"),
            ("attendee_ids", json!([999_999]), "所选参会人员不存在"),
            ("room_id", json!(999_999), "会议室不存在"),
        ] {
            let mut body = base.clone();
            body[field] = value;
            let (s, v) = post_json(&app, &o.clerk, "/api/v1/meetings", body).await;
            assert!(
                s == StatusCode::UNPROCESSABLE_ENTITY || s == StatusCode::NOT_FOUND,
                "{field}: {s} {v}"
            );
            assert!(
                v["message"].as_str().unwrap().contains(message),
                "{field}: {v}"
            );
        }
        let (s, v) = post_json(&app, &o.clerk, "/api/v1/meetings", json!({"kind": 3})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .starts_with("请求体不是有效的 JSON")
        );
        let (_, all) = app.api_get(&o.clerk.c, "/api/v1/meetings").await;
        assert_eq!(all, json!([]));
        let (_, rooms) = app.api_get(&o.clerk.c, "/api/v1/meetings/rooms").await;
        assert_eq!(rooms, json!([]));
    }
);

async fn state(app: &TestApp, o: &crate::office::Office, id: i64, action: &str) -> StatusCode {
    form(
        app,
        &o.clerk,
        &format!("/meetings/{id}/state"),
        &[("action", action)],
    )
    .await
    .status()
}

db_test!(
    cancelled_and_postponed_meetings_are_kept_and_give_their_room_back,
    |app: TestApp| async move {
        let o = office(&app).await;
        let r = room(&app, &o.clerk, "一号会议室").await;
        let body = json!({"kind": "协调会", "title": "项目协调会", "starts_at": "2026-03-02T14:00", "ends_at": "2026-03-02T15:00", "room_id": r});
        let a = meeting(&app, &o.clerk, body.clone()).await["id"]
            .as_i64()
            .unwrap();
        assert_eq!(state(&app, &o, a, "cancel").await, StatusCode::SEE_OTHER);
        // The room is free again for another meeting at that time.
        let b = meeting(&app, &o.clerk, body.clone()).await["id"]
            .as_i64()
            .unwrap();
        assert_eq!(state(&app, &o, b, "postpone").await, StatusCode::SEE_OTHER);
        let c = meeting(&app, &o.clerk, body).await["id"].as_i64().unwrap();
        assert_eq!(state(&app, &o, c, "held").await, StatusCode::SEE_OTHER);
        // A meeting no longer open does not move again.
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{a}/state"),
            &[("action", "held")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("该会议已取消，不能再改为已召开")
        );
        // Nobody but the office moves a meeting.
        let res = form(
            &app,
            &o.head_a,
            &format!("/meetings/{c}/state"),
            &[("action", "cancel")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        let (_, v) = app.api_get(&o.clerk.c, "/api/v1/meetings").await;
        let states: Vec<(&str, &str)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["state"].as_str().unwrap(),
                    m["state_label"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            states,
            vec![
                ("held", "已召开"),
                ("postponed", "已延期"),
                ("cancelled", "已取消")
            ]
        );
        // The postponed one is held later as a new meeting with the same details.
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{b}")).await;
        assert!(html.contains(&format!("/meetings/new?from={b}")));
        let (s, html) = page(&app, &o.clerk, &format!("/meetings/new?from={b}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("value=\"项目协调会\""));
        assert!(html.contains(&format!("<option value=\"{r}\" selected>")));
        assert!(html.contains("name=\"starts_at\" required value=\"\""));
        let (s, _) = page(&app, &o.head_a, &format!("/meetings/new?from={b}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{a}")).await;
        assert!(html.contains("已取消") && !html.contains("id=\"meeting-actions\""));
        let (_, week) = app
            .api_get(
                &o.clerk.c,
                &format!("/api/v1/meetings/rooms/{r}/week?day=2026-03-04"),
            )
            .await;
        let monday: Vec<Value> = week["days"][0]["bookings"].as_array().unwrap().clone();
        assert_eq!(monday.len(), 1);
        assert_eq!(monday[0]["meeting_id"], c);
        assert_eq!(week["days"][0]["date_text"], "2026年3月2日");
        assert_eq!(week["monday"], "2026-03-02");
    }
);

async fn put(app: &TestApp, p: &crate::office::P, path: &str, body: Value) -> (StatusCode, Value) {
    let res =
        p.c.put(app.url(path))
            .header("x-csrf-token", &p.csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

db_test!(
    a_changed_meeting_books_its_room_anew_and_keeps_sign_ins,
    |app: TestApp| async move {
        let o = office(&app).await;
        let r = room(&app, &o.clerk, "一号会议室").await;
        let body = |from: &str, to: &str, people: Vec<i64>| json!({"kind": "协调会", "title": "征迁协调会", "starts_at": format!("2026-01-05T{from}"), "ends_at": format!("2026-01-05T{to}"), "room_id": r, "attendee_ids": people});
        let a = meeting(
            &app,
            &o.clerk,
            body("09:00", "10:00", vec![o.head_a.id, o.staff_a.id]),
        )
        .await;
        let id = a["id"].as_i64().unwrap();
        let (s, _) = post_json(
            &app,
            &o.clerk,
            &format!("/api/v1/meetings/{id}/checkin"),
            json!({"user_id": o.head_a.id}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let mut b = body("10:00", "11:00", vec![]);
        b["title"] = json!("财务例会");
        meeting(&app, &o.clerk, b).await;

        let path = format!("/api/v1/meetings/{id}");
        let (s, v) = put(
            &app,
            &o.clerk,
            &path,
            body("10:00", "10:30", vec![o.head_a.id]),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains("已被「财务例会」预订")
        );
        let (_, v) = app.api_get(&o.clerk.c, &path).await;
        assert_eq!(v["time_text"], "2026年1月5日 09:00—10:00");
        assert_eq!(v["attendees"].as_array().unwrap().len(), 2);
        let (s, _) = put(&app, &o.head_a, &path, body("14:00", "15:00", vec![])).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        let (s, v) = put(
            &app,
            &o.clerk,
            &path,
            body("14:00", "15:00", vec![o.head_a.id, o.outsider.id]),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["time_text"], "2026年1月5日 14:00—15:00");
        let people: Vec<(&str, bool)> = v["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["name"].as_str().unwrap(), a["checked_in_at"].is_i64()))
            .collect();
        assert_eq!(people, vec![("综合处长丁", true), ("人事科员己", false)]);
        // The morning is free again.
        let mut c = body("09:00", "10:00", vec![]);
        c["title"] = json!("晨会");
        meeting(&app, &o.clerk, c).await;
        let (s, html) = page(&app, &o.clerk, &format!("/meetings/{id}/edit")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            html.contains("value=\"2026-01-05T14:00\"") && html.contains("value=\"征迁协调会\"")
        );
        let (s, _) = page(&app, &o.staff_a, &format!("/meetings/{id}/edit")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);
