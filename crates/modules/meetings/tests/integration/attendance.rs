//! Before and during the meeting: the notice reaches every attendee, the 准备清单 is ticked
//! off, attendees sign in (late after the start), and the 座签 print.

use reqwest::StatusCode;
use sanban_platform::notify;
use serde_json::json;

use crate::{
    db_test,
    office::{actor, form, meeting, office, page, post_json},
    support::TestApp,
};

/// The meeting's self sign-in link, as the office's page shows it.
async fn link_of(app: &TestApp, o: &crate::office::Office, id: i64) -> String {
    let (_, html) = page(app, &o.clerk, &format!("/meetings/{id}")).await;
    let token: String = html
        .split("href=\"/meetings/checkin/")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    assert_eq!(token.len(), 32);
    format!("/meetings/checkin/{token}")
}

db_test!(
    notices_checklist_sign_in_and_place_cards,
    |app: TestApp| async move {
        let o = office(&app).await;
        // Next year's meeting has not started; last January's has.
        let future = meeting(
            &app,
            &o.clerk,
            json!({"kind": "推进会", "title": "重点项目推进会", "starts_at": "2099-06-01T09:00", "ends_at": "2099-06-01T10:00", "place": "一楼大会议室", "host_id": o.leader.id, "attendee_ids": [o.head_a.id, o.staff_a.id]}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let past = meeting(
            &app,
            &o.clerk,
            json!({"kind": "调度会", "title": "月度调度会", "starts_at": "2026-01-05T09:00", "ends_at": "2026-01-05T10:00", "place": "一楼大会议室", "attendee_ids": [o.head_a.id]}),
        )
        .await["id"]
            .as_i64()
            .unwrap();

        // The notice.
        let res = form(&app, &o.staff_a, &format!("/meetings/{future}/notify"), &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = form(&app, &o.clerk, &format!("/meetings/{future}/notify"), &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        for p in [&o.head_a, &o.staff_a, &o.leader] {
            let notes = notify::list(&app.state.db, &actor(&app, p).await)
                .await
                .unwrap();
            assert_eq!(notes.len(), 1);
            assert_eq!(notes[0].title, "会议通知：重点项目推进会");
            assert_eq!(
                notes[0].body,
                "定于2099年6月1日 09:00—10:00在一楼大会议室召开推进会，请准时参加（请提前15分钟到场签到）。"
            );
            assert_eq!(
                notes[0].link.as_deref(),
                Some(format!("/meetings/{future}").as_str())
            );
        }
        let outsider = notify::list(&app.state.db, &actor(&app, &o.outsider).await)
            .await
            .unwrap();
        assert!(outsider.is_empty());
        let (_, v) = app
            .api_get(&o.clerk.c, &format!("/api/v1/meetings/{future}"))
            .await;
        assert_eq!(v["state_label"], "已通知");

        // The 准备清单.
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{future}/checklist"),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{future}/checklist"),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{future}")).await;
        assert!(html.contains("调试音响、投影和视频会议设备"));
        let first = html
            .split(&format!("/meetings/{future}/checklist/"))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_string();
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{future}/checklist/{first}"),
            &[("done", "on")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let items = sanban_meetings::attendance::checklist::of_meeting(app.state.db.conn(), future)
            .await
            .unwrap();
        assert_eq!(items.len(), 10);
        assert!(items[0].done && items[0].done_text.starts_with("文秘甲 "));
        assert!(items[1..].iter().all(|i| !i.done));
        let res = form(
            &app,
            &o.staff_a,
            &format!("/meetings/{future}/checklist/{first}"),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{future}/checklist/{first}"),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let items = sanban_meetings::attendance::checklist::of_meeting(app.state.db.conn(), future)
            .await
            .unwrap();
        assert!(!items[0].done);

        // 签到 by staff: on time before the start, 迟到 after it.
        let (s, a) = post_json(
            &app,
            &o.clerk,
            &format!("/api/v1/meetings/{future}/checkin"),
            json!({"user_id": o.head_a.id}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{a}");
        assert_eq!(a["late"], false);
        let (s, a) = post_json(
            &app,
            &o.clerk,
            &format!("/api/v1/meetings/{past}/checkin"),
            json!({"user_id": o.head_a.id}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(a["late"], true);
        let first_time = a["checked_in_at"].clone();
        let (_, a) = post_json(
            &app,
            &o.clerk,
            &format!("/api/v1/meetings/{past}/checkin"),
            json!({"user_id": o.head_a.id}),
        )
        .await;
        assert_eq!(
            a["checked_in_at"], first_time,
            "signing in twice keeps the first"
        );
        let (s, v) = post_json(
            &app,
            &o.clerk,
            &format!("/api/v1/meetings/{past}/checkin"),
            json!({"user_id": o.outsider.id}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "不在本次会议的参会人员名单中");
        let (s, _) = post_json(
            &app,
            &o.staff_a,
            &format!("/api/v1/meetings/{future}/checkin"),
            json!({"user_id": o.staff_a.id}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{past}")).await;
        assert!(html.contains("迟到"));

        // 签到 by link, by the attendee themself: it opens two hours before the start.
        let link = link_of(&app, &o, future).await;
        let (s, html) = page(&app, &o.staff_a, &link).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("重点项目推进会") && html.contains("id=\"self-checkin\""));
        let res = form(&app, &o.staff_a, &link, &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("签到于会议开始前两小时（2099年6月1日 07:00）开放")
        );
        let china = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
        let at = |h: i64| {
            (chrono::Utc::now() + chrono::Duration::hours(h))
                .with_timezone(&china)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let soon = meeting(
            &app,
            &o.clerk,
            json!({"kind": "例会", "title": "处务会", "starts_at": at(1), "ends_at": at(2), "place": "综合处", "attendee_ids": [o.staff_a.id]}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let link = link_of(&app, &o, soon).await;
        let res = form(&app, &o.staff_a, &link, &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&app, &o.staff_a, &link).await;
        assert!(html.contains("id=\"checked-in\""));
        let (_, v) = app
            .api_get(&o.clerk.c, &format!("/api/v1/meetings/{soon}"))
            .await;
        assert!(v["attendees"][0]["checked_in_at"].is_i64());
        assert_eq!(v["attendees"][0]["late"], false);
        let (s, _) = page(&app, &o.outsider, &link).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let res = form(&app, &o.outsider, &link, &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (s, _) = page(&app, &o.staff_a, "/meetings/checkin/nonsense").await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // 座签: one A4 sheet per attendee.
        let (s, html) = page(&app, &o.clerk, &format!("/meetings/{future}/cards")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("size: A4 landscape"));
        assert_eq!(html.matches("<section class=\"card\">").count(), 2);
        assert!(html.contains("<div class=\"half\">综合处长丁</div>"));
        let (s, _) = page(&app, &o.staff_a, &format!("/meetings/{future}/cards")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Once told, attendees hear of a change of time and of a cancellation.
        let changed = json!({"kind": "推进会", "title": "重点项目推进会", "starts_at": "2099-06-02T09:00", "ends_at": "2099-06-02T10:00", "place": "一楼大会议室", "host_id": o.leader.id, "attendee_ids": [o.head_a.id, o.staff_a.id]});
        let res = o
            .clerk
            .c
            .put(app.url(&format!("/api/v1/meetings/{future}")))
            .header("x-csrf-token", &o.clerk.csrf)
            .json(&changed)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let notes = notify::list(&app.state.db, &actor(&app, &o.staff_a).await)
            .await
            .unwrap();
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].title, "会议变更：重点项目推进会");
        assert_eq!(
            notes[0].body,
            "会议时间地点调整为：2099年6月2日 09:00—10:00，一楼大会议室。"
        );
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{future}/state"),
            &[("action", "cancel")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let notes = notify::list(&app.state.db, &actor(&app, &o.leader).await)
            .await
            .unwrap();
        assert_eq!(notes.len(), 3);
        assert_eq!(notes[0].title, "会议取消：重点项目推进会");
        assert_eq!(
            notes[0].body,
            "原定于2099年6月2日 09:00—10:00召开的推进会取消，请相互转告。"
        );

        // A cancelled meeting takes no notice and no sign-in.
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{past}/state"),
            &[("action", "cancel")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = form(&app, &o.clerk, &format!("/meetings/{past}/notify"), &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (s, v) = post_json(
            &app,
            &o.clerk,
            &format!("/api/v1/meetings/{past}/checkin"),
            json!({"user_id": o.head_a.id}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "该会议已取消，无需签到");
        // A meeting never announced is cancelled quietly.
        let notes = notify::list(&app.state.db, &actor(&app, &o.head_a).await)
            .await
            .unwrap();
        assert_eq!(notes.len(), 3);
    }
);
