//! Room booking: no two meetings get one room at once, also when both requests arrive at the
//! same moment; the loser is told in Chinese (409) and nothing of its meeting is kept.

use reqwest::StatusCode;
use sanban_meetings::meetings::{model::MeetingInput, service};
use sanban_platform::{AppError, Db};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::{
    db_test,
    office::{actor, meeting, office, page, post_json, room},
    support::TestApp,
};

db_test!(
    a_room_is_never_booked_twice_for_one_time,
    |app: TestApp| async move {
        let o = office(&app).await;
        let r = room(&app, &o.clerk, "党委会议室").await;
        let other = room(&app, &o.clerk, "二号会议室").await;
        meeting(
            &app,
            &o.clerk,
            json!({"kind": "党委会", "title": "党委会第3次会议", "starts_at": "2026-01-05T09:00", "ends_at": "2026-01-05T10:00", "room_id": r}),
        )
        .await;
        // Overlapping by a quarter of an hour: refused, naming the holder.
        let (s, v) = post_json(
            &app,
            &o.clerk,
            "/api/v1/meetings",
            json!({"kind": "专题会", "title": "安全生产专题会", "starts_at": "2026-01-05T09:45", "ends_at": "2026-01-05T11:00", "room_id": r}),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert_eq!(
            v["message"],
            "会议室「党委会议室」在 2026年1月5日 09:00—10:00 已被「党委会第3次会议」预订，请另选时间或会议室"
        );
        // Right after, or in another room: fine.
        meeting(
            &app,
            &o.clerk,
            json!({"kind": "专题会", "title": "安全生产专题会", "starts_at": "2026-01-05T10:00", "ends_at": "2026-01-05T11:00", "room_id": r}),
        )
        .await;
        let moved = meeting(
            &app,
            &o.clerk,
            json!({"kind": "例会", "title": "周例会", "starts_at": "2026-01-05T09:00", "ends_at": "2026-01-05T09:30", "room_id": other}),
        )
        .await;
        // Moving it into the taken room is refused too and leaves it where it was.
        let id = moved["id"].as_i64().unwrap();
        let res = o
            .clerk
            .c
            .put(app.url(&format!("/api/v1/meetings/{id}/room")))
            .header("x-csrf-token", &o.clerk.csrf)
            .json(&json!({"room_id": r}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let (_, v) = app
            .api_get(&o.clerk.c, &format!("/api/v1/meetings/{id}"))
            .await;
        assert_eq!(v["room_name"], "二号会议室");

        // Two requests for one free slot at the same moment: exactly one wins.
        let body = |t: &str| json!({"kind": "调度会", "title": t, "starts_at": "2026-01-07T14:00", "ends_at": "2026-01-07T15:00", "room_id": r});
        let (a, b) = tokio::join!(
            post_json(&app, &o.clerk, "/api/v1/meetings", body("调度会甲")),
            post_json(&app, &o.director, "/api/v1/meetings", body("调度会乙")),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{a:?} {b:?}"
        );
        let loser = if a.0 == StatusCode::CONFLICT {
            &a.1
        } else {
            &b.1
        };
        let msg = loser["message"].as_str().unwrap();
        assert!(
            msg.starts_with("会议室「党委会议室」") && msg.contains("已被"),
            "{msg}"
        );
        let (_, all) = app.api_get(&o.clerk.c, "/api/v1/meetings?q=调度会").await;
        assert_eq!(all.as_array().unwrap().len(), 1);

        let (_, week) = app
            .api_get(
                &o.clerk.c,
                &format!("/api/v1/meetings/rooms/{r}/week?day=2026-01-05"),
            )
            .await;
        let titles: Vec<Vec<&str>> = week["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                d["bookings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b["title"].as_str().unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(titles[0], vec!["党委会第3次会议", "安全生产专题会"]);
        assert_eq!(titles[2].len(), 1);
        let (s, html) = page(
            &app,
            &o.clerk,
            &format!("/meetings/rooms/{r}?day=2026-01-05"),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("09:00—10:00") && html.contains("星期三"));
        let (s, _) = page(&app, &o.staff_a, &format!("/meetings/rooms/{r}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

db_test!(
    two_nodes_booking_one_room_at_once_give_it_to_one,
    |app: TestApp| async move {
        let o = office(&app).await;
        let r = room(&app, &o.clerk, "党委会议室").await;
        // A second node: its own pool on the same database, with its own in-process locks.
        let other = Db::connect(&app.state.config.effective_database_url())
            .await
            .unwrap();
        let clerk = actor(&app, &o.clerk).await;
        let input = |title: &str| MeetingInput {
            kind: "调度会".into(),
            title: title.into(),
            starts_at: "2026-01-07T14:00".into(),
            ends_at: "2026-01-07T15:30".into(),
            room_id: Some(r),
            ..Default::default()
        };
        let (first, second) = (input("调度会甲"), input("调度会乙"));
        let (a, b) = tokio::join!(
            service::create(&app.state.db, &clerk, &first),
            service::create(&other, &clerk, &second),
        );
        let (won, lost) = match (a, b) {
            (Ok(m), Err(e)) | (Err(e), Ok(m)) => (m, e),
            (a, b) => panic!("exactly one must win: {a:?} {b:?}"),
        };
        assert!(won.title.starts_with("调度会"));
        match lost {
            AppError::Conflict(msg) => {
                assert!(
                    msg.starts_with("会议室「党委会议室」") && msg.contains("已被"),
                    "{msg}"
                )
            }
            e => panic!("expected a conflict, got {e:?}"),
        }
        let conn = app.state.db.conn();
        let n: i64 = conn
            .query_one_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) FROM mtg_room_slots",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index(0)
            .unwrap();
        assert_eq!(n, 3, "three half hours, booked once");
        // The database itself refuses a second row for a booked half hour.
        let dup = conn
            .execute_unprepared(
                "INSERT INTO mtg_room_slots (room_id, slot, meeting_id) \
                 SELECT room_id, slot, meeting_id FROM mtg_room_slots",
            )
            .await;
        assert!(dup.is_err());

        // A room holds only so many.
        let mut crowded = input("全体大会");
        crowded.starts_at = "2026-01-08T09:00".into();
        crowded.ends_at = "2026-01-08T10:00".into();
        crowded.attendee_ids = vec![o.head_a.id, o.staff_a.id];
        let small = room(&app, &o.clerk, "小会议室").await;
        let res = o
            .clerk
            .c
            .post(app.url("/api/v1/meetings/rooms"))
            .header("x-csrf-token", &o.clerk.csrf)
            .json(&json!({"name": "洽谈室", "capacity": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let tiny = res.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        crowded.room_id = Some(tiny);
        match service::create(&app.state.db, &clerk, &crowded).await {
            Err(AppError::BadRequest(msg)) => assert_eq!(
                msg,
                "会议室「洽谈室」只能容纳 1 人，参会人员有 2 人，请另选会议室"
            ),
            other => panic!("{other:?}"),
        }
        crowded.room_id = Some(small);
        assert!(
            service::create(&app.state.db, &clerk, &crowded)
                .await
                .is_ok()
        );
    }
);
