//! The 闭环: 落实情况反馈 with 印证资料, 退回 with a reason, feedback again, 销号; and 催办,
//! automatic (by the clock given) and manual.

use reqwest::StatusCode;
use sanban_platform::{
    web::format::day_start_ms,
    workflow::{engine, remind},
};
use sanban_supervision::task::handling;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::{
    db_test,
    office::{P, actor, count, create, get, office, post_json, task_body, upload},
    support::TestApp,
};

const DAY: i64 = 86_400_000;

db_test!(
    feedback_is_reviewed_returned_and_closed,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (_, t) = create(
            &app,
            &o.supervisor,
            task_body(&o, "消防设施整改", "2026-03-10"),
        )
        .await;
        let id = t["id"].as_i64().unwrap();
        let fb = format!("/api/v1/supervision/tasks/{id}/feedback");
        let rv = format!("/api/v1/supervision/tasks/{id}/review");

        let (s, v) = post_json(&app, &o.staff_a, &fb, json!({"text": "已完成整改"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(v["message"].as_str().unwrap().contains("请先上传印证资料"));
        assert_eq!(upload(&app, &o.outsider, id).await, StatusCode::FORBIDDEN);
        assert_eq!(upload(&app, &o.staff_a, id).await, StatusCode::OK);
        let (s, _) = post_json(&app, &o.head_a, &fb, json!({"text": "已完成整改"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "only the 责任人 files feedback");
        let (s, _) = post_json(&app, &o.outsider, &fb, json!({"text": "已完成整改"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = post_json(&app, &o.staff_a, &fb, json!({"text": "  "})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

        let (s, v) = post_json(
            &app,
            &o.staff_a,
            &fb,
            json!({"text": "已完成排查，整改 3 处"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "reviewing");
        assert_eq!(v["state_label"], "待审核");
        let (s, _) = post_json(&app, &o.staff_a, &fb, json!({"text": "再报一次"})).await;
        assert_eq!(
            s,
            StatusCode::UNPROCESSABLE_ENTITY,
            "one feedback waits at a time"
        );
        assert_eq!(
            upload(&app, &o.staff_a, id).await,
            StatusCode::FORBIDDEN,
            "the evidence is fixed while it is reviewed"
        );

        let (s, _) = post_json(&app, &o.staff_a, &rv, json!({"decision": "close"})).await;
        assert_eq!(
            s,
            StatusCode::FORBIDDEN,
            "the 责任人 cannot close their own task"
        );
        let audits = count(&app, "audit_log").await;
        let (s, v) = post_json(&app, &o.supervisor, &rv, json!({"decision": "return"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "退回须写明理由");
        assert_eq!(count(&app, "audit_log").await, audits, "nothing written");
        let (s, v) = post_json(
            &app,
            &o.supervisor,
            &rv,
            json!({"decision": "return", "reason": "缺少整改前后照片"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "handling");
        assert_eq!(v["returned_count"], 1);

        assert_eq!(upload(&app, &o.staff_a, id).await, StatusCode::OK);
        let (s, v) = post_json(&app, &o.staff_a, &fb, json!({"text": "补充整改前后照片"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, v) = post_json(&app, &o.supervisor, &rv, json!({"decision": "close"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "closed");
        assert_eq!(v["state_label"], "已销号");
        assert_eq!(v["overdue"], false);

        let sup = actor(&app, &o.supervisor).await;
        let list = handling::feedback_of(&app.state.db, &sup, id)
            .await
            .unwrap();
        let seen: Vec<_> = list
            .iter()
            .map(|f| (f.evidence_count, f.outcome_label, f.reason.as_str()))
            .collect();
        assert_eq!(
            seen,
            vec![(1, "已退回", "缺少整改前后照片"), (2, "已销号", "")]
        );
        let inst =
            engine::instance_of_record(app.state.db.conn(), "supervision", &format!("task:{id}"))
                .await
                .unwrap()
                .unwrap();
        assert_eq!(
            inst.status, "completed",
            "the workflow closed with the task"
        );
        let v = engine::detail(&app.state.db, &sup, inst.id).await.unwrap();
        let steps: Vec<_> = v
            .opinions
            .iter()
            .map(|o| (o.step_name.as_str(), o.action.as_str()))
            .collect();
        assert_eq!(
            steps,
            vec![
                ("立项", "submit"),
                ("落实反馈", "approve"),
                ("审核销号", "return"),
                ("落实反馈", "approve"),
                ("审核销号", "approve"),
            ]
        );
        let (s, _) = post_json(&app, &o.staff_a, &fb, json!({"text": "销号后再反馈"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
);

db_test!(
    the_generic_workflow_actions_leave_a_task_alone,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (_, t) = create(
            &app,
            &o.supervisor,
            task_body(&o, "消防设施整改", "2026-03-10"),
        )
        .await;
        let id = t["id"].as_i64().unwrap();
        let staff = actor(&app, &o.staff_a).await;
        let inst =
            engine::instance_of_record(app.state.db.conn(), "supervision", &format!("task:{id}"))
                .await
                .unwrap()
                .unwrap();
        let v = engine::detail(&app.state.db, &staff, inst.id)
            .await
            .unwrap();
        let task = &v.my_tasks[0];
        let actions = format!("/api/v1/workflow/tasks/{}/actions", task.id);
        let tries: Vec<(&P, String, Value)> = vec![
            (
                &o.staff_a,
                actions.clone(),
                json!({"action": "approve", "version": task.version, "opinion": "办完了"}),
            ),
            (
                &o.staff_a,
                actions.clone(),
                json!({"action": "transfer", "version": task.version, "to_user": o.head_a.id}),
            ),
            (
                &o.staff_a,
                actions.clone(),
                json!({"action": "add_sign", "version": task.version, "to_user": o.head_a.id}),
            ),
            (
                &o.supervisor,
                format!("/api/v1/workflow/{}/terminate", inst.id),
                json!({"reason": "不再督办"}),
            ),
            (
                &o.supervisor,
                format!("/api/v1/workflow/{}/withdraw", inst.id),
                json!({}),
            ),
            (
                &o.supervisor,
                format!("/api/v1/workflow/{}/circulate", inst.id),
                json!({"readers": [o.head_a.id], "note": "请阅"}),
            ),
        ];
        for (who, path, body) in tries {
            let (status, err) = post_json(&app, who, &path, body).await;
            assert_eq!(status, 422, "{path}: {err}");
            let msg = err["message"].as_str().unwrap_or_default();
            assert!(
                msg.contains("只能在其所属业务的页面上办理"),
                "{path}: {err}"
            );
        }
        // Nothing moved: the task still waits for the same person's feedback, at the same
        // version, and the instance is running.
        let after = engine::detail(&app.state.db, &staff, inst.id)
            .await
            .unwrap();
        assert_eq!(after.my_tasks.len(), 1);
        assert_eq!(after.my_tasks[0].id, task.id);
        assert_eq!(after.my_tasks[0].version, task.version);
        assert_eq!(after.status, "running");
        let (_, v) = get(&app, &o.staff_a, &format!("/api/v1/supervision/tasks/{id}")).await;
        assert_eq!(v["state"], "handling");
    }
);

async fn reminders(app: &TestApp, instance: i64) -> Vec<(i64, String)> {
    let conn = app.state.db.conn();
    let backend = conn.get_database_backend();
    let sql = sanban_platform::db::for_backend(
        backend,
        "SELECT to_user, kind FROM reminders WHERE instance_id = $1 ORDER BY id",
    );
    conn.query_all_raw(sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        [instance.into()],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("", "to_user").unwrap(),
            r.try_get("", "kind").unwrap(),
        )
    })
    .collect()
}

db_test!(
    reminders_escalate_to_the_head_and_then_the_leader,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (_, t) = create(
            &app,
            &o.supervisor,
            task_body(&o, "消防设施整改", "2026-03-10"),
        )
        .await;
        let inst = t["instance_id"].as_i64().unwrap();
        let due = day_start_ms(chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
        let db = &app.state.db;
        assert_eq!(remind::run_automatic(db, due - 5 * DAY).await.unwrap(), 0);
        assert_eq!(remind::run_automatic(db, due - 2 * DAY).await.unwrap(), 1);
        assert_eq!(
            remind::run_automatic(db, due - DAY).await.unwrap(),
            0,
            "once"
        );
        assert_eq!(remind::run_automatic(db, due + 3_600_000).await.unwrap(), 1);
        // Overdue by three days: the 责任人 again and the department head.
        assert_eq!(remind::run_automatic(db, due + 3 * DAY).await.unwrap(), 2);
        // A week late: the 责任人 once more, and the 分管领导 hears of it too.
        assert_eq!(remind::run_automatic(db, due + 7 * DAY).await.unwrap(), 2);
        let (s, _) = post_json(
            &app,
            &o.staff_a,
            &format!("/api/v1/supervision/tasks/{}/press", t["id"]),
            json!({"message": "请抓紧"}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = post_json(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks/{}/press", t["id"]),
            json!({"message": "请本周内报送整改情况"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["pressed"], 1);
        let got = reminders(&app, inst).await;
        let s = o.staff_a.id;
        assert_eq!(
            got,
            vec![
                (s, "before_due".into()),
                (s, "on_due".into()),
                (s, "overdue".into()),
                (o.head_a.id, "escalation".into()),
                (s, "overdue".into()),
                (o.leader.id, "escalation".into()),
                (s, "manual".into()),
            ]
        );
        let (_, v) = get(
            &app,
            &o.supervisor,
            "/api/v1/supervision/tasks?state=overdue",
        )
        .await;
        assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
        assert_eq!(v[0]["overdue"], Value::Bool(true));
    }
);

db_test!(
    a_transferred_task_is_fed_back_by_its_new_holder_and_may_be_ended,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (_, t) = create(
            &app,
            &o.supervisor,
            task_body(&o, "消防设施整改", "2027-03-10"),
        )
        .await;
        let id = t["id"].as_i64().unwrap();
        let over = format!("/api/v1/supervision/tasks/{id}/hand-over");
        let (s, _) = post_json(&app, &o.head_a, &over, json!({"to_user": o.head_a.id})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "only the holder passes it on");
        let (s, v) = post_json(&app, &o.staff_a, &over, json!({"to_user": 999_999})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (s, v) = post_json(
            &app,
            &o.staff_a,
            &over,
            json!({"to_user": o.head_a.id, "note": "请处长牵头"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["owner_id"], o.staff_a.id, "the 责任人 on record stays");
        assert_eq!(upload(&app, &o.staff_a, id).await, StatusCode::FORBIDDEN);
        assert_eq!(upload(&app, &o.head_a, id).await, StatusCode::OK);
        let fb = format!("/api/v1/supervision/tasks/{id}/feedback");
        let (s, _) = post_json(&app, &o.staff_a, &fb, json!({"text": "已整改"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = post_json(&app, &o.head_a, &fb, json!({"text": "已整改"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");

        let end = format!("/api/v1/supervision/tasks/{id}/terminate");
        let (s, _) = post_json(&app, &o.head_a, &end, json!({"reason": "不再需要"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = post_json(&app, &o.supervisor, &end, json!({"reason": ""})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "请填写终止理由");
        let (s, v) = post_json(
            &app,
            &o.supervisor,
            &end,
            json!({"reason": "已由新的会议决定取代"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state_label"], "已终止");
        let inst =
            engine::instance_of_record(app.state.db.conn(), "supervision", &format!("task:{id}"))
                .await
                .unwrap()
                .unwrap();
        assert_eq!(inst.status, "terminated");
    }
);
