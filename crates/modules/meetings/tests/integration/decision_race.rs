//! 决定事项 added to one meeting at the same instant each get their own 序号, and striking one
//! out closes the gap.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::{
    db_test,
    office::{form, meeting, office, post_json},
    support::TestApp,
};

db_test!(
    decisions_added_at_once_get_distinct_numbers,
    |app: TestApp| async move {
        let o = office(&app).await;
        let id = meeting(
            &app,
            &o.clerk,
            json!({"kind": "总经理办公会", "title": "2026年第5次总经理办公会", "starts_at": "2026-05-06T09:00", "ends_at": "2026-05-06T11:00", "place": "十楼会议室", "attendee_ids": [o.head_a.id]}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/state"),
            &[("action", "held")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let path = format!("/api/v1/meetings/{id}/decisions");
        const N: usize = 8;
        let adds = (0..N).map(|i| {
            post_json(
                &app,
                &o.clerk,
                &path,
                json!({"content": format!("第{i}项决定"), "department_id": o.dept_a, "due_on": "2026-06-30"}),
            )
        });
        let mut positions: Vec<i64> = join_all(adds)
            .await
            .into_iter()
            .map(|(s, v)| {
                assert_eq!(s, StatusCode::OK, "{v}");
                v["position"].as_i64().unwrap()
            })
            .collect();
        positions.sort_unstable();
        assert_eq!(positions, (1..=N as i64).collect::<Vec<_>>());

        let (s, list) = app.api_get(&o.clerk.c, &path).await;
        assert_eq!(s, StatusCode::OK, "{list}");
        let list = list.as_array().unwrap().clone();
        assert_eq!(list.len(), N);
        // Striking out the third moves the later ones up by one, without a clash on the way.
        let third = list.iter().find(|d| d["position"] == 3).unwrap();
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/decisions/{}/remove", third["id"]),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, after) = app.api_get(&o.clerk.c, &path).await;
        let numbers: Vec<i64> = after
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["position"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, (1..N as i64).collect::<Vec<_>>());
        let (s, v) = post_json(
            &app,
            &o.clerk,
            &path,
            json!({"content": "补充决定", "department_id": o.dept_a, "due_on": "2026-06-30"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["position"], N as i64);
    }
);
