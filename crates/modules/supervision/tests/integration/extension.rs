//! 延期: asked by the 责任人, applied only once the 督查 staff approve.

use reqwest::StatusCode;
use sanban_platform::{
    web::format::day_start_ms,
    workflow::{engine, remind},
};
use serde_json::json;

use crate::{
    db_test,
    office::{actor, create, get, office, post_json, task_body},
    support::TestApp,
};

db_test!(
    a_new_deadline_applies_only_when_approved,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (_, t) = create(
            &app,
            &o.supervisor,
            task_body(&o, "消防设施整改", "2026-03-10"),
        )
        .await;
        let id = t["id"].as_i64().unwrap();
        let day = |y, m, d| day_start_ms(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        const DAY: i64 = 86_400_000;
        let db = &app.state.db;
        assert_eq!(
            remind::run_automatic(db, day(2026, 3, 10) - 2 * DAY)
                .await
                .unwrap(),
            1
        );
        let ask = format!("/api/v1/supervision/tasks/{id}/extensions");
        let (s, _) = post_json(
            &app,
            &o.head_a,
            &ask,
            json!({"due_on": "2026-04-10", "reason": "设备到货延迟"}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "only the 责任人 asks");
        let (s, v) = post_json(
            &app,
            &o.staff_a,
            &ask,
            json!({"due_on": "2026-03-01", "reason": "设备到货延迟"}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "延期后的完成时限应晚于现在的完成时限");
        let (s, v) = post_json(
            &app,
            &o.staff_a,
            &ask,
            json!({"due_on": "2026-04-10", "reason": ""}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "请填写延期理由");
        let (s, first) = post_json(
            &app,
            &o.staff_a,
            &ask,
            json!({"due_on": "2026-04-10", "reason": "设备到货延迟"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{first}");
        assert_eq!(first["state_label"], "待审批");
        let (s, v) = post_json(
            &app,
            &o.staff_a,
            &ask,
            json!({"due_on": "2026-05-10", "reason": "再延"}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "已有一份延期申请在等待审批");
        let (_, v) = get(&app, &o.staff_a, &format!("/api/v1/supervision/tasks/{id}")).await;
        assert_eq!(v["due_text"], "2026年3月10日", "not before approval");

        let decide = format!("/api/v1/supervision/extensions/{}/decision", first["id"]);
        let (s, _) = post_json(&app, &o.staff_a, &decide, json!({"decision": "approve"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = post_json(&app, &o.supervisor, &decide, json!({"decision": "reject"})).await;
        assert_eq!(
            s,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a refusal says why: {v}"
        );
        let (s, v) = post_json(
            &app,
            &o.supervisor,
            &decide,
            json!({"decision": "reject", "note": "理由不充分"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state_label"], "未同意");
        let (_, v) = get(&app, &o.staff_a, &format!("/api/v1/supervision/tasks/{id}")).await;
        assert_eq!(v["due_text"], "2026年3月10日");

        let (_, second) = post_json(
            &app,
            &o.staff_a,
            &ask,
            json!({"due_on": "2026-04-10", "reason": "设备到货延迟，附供货商说明"}),
        )
        .await;
        let decide = format!("/api/v1/supervision/extensions/{}/decision", second["id"]);
        let (s, v) = post_json(
            &app,
            &o.supervisor,
            &decide,
            json!({"decision": "approve", "note": "同意"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state_label"], "已同意");
        let (s, v) = post_json(&app, &o.supervisor, &decide, json!({"decision": "approve"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (_, v) = get(&app, &o.staff_a, &format!("/api/v1/supervision/tasks/{id}")).await;
        assert_eq!(v["due_text"], "2026年4月10日");
        let staff = actor(&app, &o.staff_a).await;
        let inst = engine::detail(&app.state.db, &staff, v["instance_id"].as_i64().unwrap())
            .await
            .unwrap();
        assert_eq!(
            inst.my_tasks[0].due_at,
            v["due_at"].as_i64(),
            "the 待办 moves too"
        );
        let (_, list) = get(&app, &o.staff_a, &ask).await;
        let states: Vec<_> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["state"].as_str().unwrap())
            .collect();
        assert_eq!(states, vec!["rejected", "approved"]);
    }
);
