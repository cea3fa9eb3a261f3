//! 议题 for the 三会: submitted by a department, approved by its 分管领导 and the office
//! through the workflow, then put on an agenda; a 三重一大 议题 reaches a 董事会 or
//! 总经理办公会 only after a held 党委会 took it (前置研究).

use reqwest::StatusCode;
use sanban_platform::workflow::engine;
use serde_json::{Value, json};

use crate::{
    db_test,
    office::{Office, P, actor, form, meeting, office, page, post_json},
    support::TestApp,
};

/// Acts 同意 on the person's pending task at `step` of the 议题's approval.
async fn approve(app: &TestApp, who: &P, topic: i64, step: &str) -> StatusCode {
    let a = actor(app, who).await;
    let inst =
        engine::instance_of_record(app.state.db.conn(), "meetings", &format!("topic:{topic}"))
            .await
            .unwrap()
            .unwrap();
    let v = engine::detail(&app.state.db, &a, inst.id).await.unwrap();
    let t = v
        .my_tasks
        .iter()
        .find(|t| t.step_name == step)
        .unwrap_or_else(|| panic!("no {step} task"));
    form(
        app,
        who,
        &format!("/workflow/tasks/{}/act", t.id),
        &[
            ("version", &t.version.to_string()),
            ("action", "approve"),
            ("opinion", "同意"),
        ],
    )
    .await
    .status()
}

async fn upload(app: &TestApp, who: &P, topic: i64) -> StatusCode {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes("股权收购方案（草案）\n".as_bytes().to_vec())
            .file_name("收购方案.txt"),
    );
    who.c
        .post(app.url(&format!(
            "/api/v1/attachments?module=meetings&record_id=topic:{topic}&slot=file"
        )))
        .header("x-csrf-token", &who.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .status()
}

async fn add(app: &TestApp, o: &Office, meeting: i64, topic: i64) -> (StatusCode, Value) {
    post_json(
        app,
        &o.clerk,
        &format!("/api/v1/meetings/{meeting}/agenda"),
        json!({"topic_id": topic}),
    )
    .await
}

async fn held(app: &TestApp, o: &Office, id: i64) {
    let res = form(
        app,
        &o.clerk,
        &format!("/meetings/{id}/state"),
        &[("action", "held")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

fn at(kind: &str, title: &str, day: &str) -> Value {
    json!({"kind": kind, "title": title, "starts_at": format!("{day}T09:00"), "ends_at": format!("{day}T11:00"), "place": "党委会议室"})
}

db_test!(
    topics_are_approved_then_go_on_agendas_party_committee_first,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (s, t) = post_json(
            &app,
            &o.staff_a,
            "/api/v1/meetings/topics",
            json!({"title": "关于收购某公司股权的议题", "background": "为完善产业链布局。", "proposal": "建议以不超过1.2亿元收购其51%股权。", "major": true}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["department_name"], "综合处");
        assert_eq!(t["status_label"], "审批中（分管领导审核）");
        assert_eq!(t["approved"], false);
        let major = t["id"].as_i64().unwrap();
        let (s, v) = post_json(
            &app,
            &o.clerk,
            "/api/v1/meetings/topics",
            json!({"title": "x", "background": "x", "proposal": "x"}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(v["message"].as_str().unwrap().contains("议题由部门提交"));
        let (s, v) = post_json(
            &app,
            &o.head_a,
            "/api/v1/meetings/topics",
            json!({"title": "关于修订差旅费管理办法的议题", "background": "", "proposal": "x"}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "请填写背景情况");

        // Another department sees nothing of it.
        let (s, _) = app
            .api_get(&o.outsider.c, &format!("/api/v1/meetings/topics/{major}"))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, none) = app.api_get(&o.outsider.c, "/api/v1/meetings/topics").await;
        assert_eq!(none, json!([]));
        // The 分管领导, who approves, does.
        let (s, _) = app
            .api_get(&o.leader.c, &format!("/api/v1/meetings/topics/{major}"))
            .await;
        assert_eq!(s, StatusCode::OK);

        let party = meeting(
            &app,
            &o.clerk,
            at("党委会", "党委会第5次会议", "2026-02-02"),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let board = meeting(
            &app,
            &o.clerk,
            at("董事会", "董事会第2次会议", "2026-02-09"),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let gm = meeting(
            &app,
            &o.clerk,
            at("总经理办公会", "总经理办公会第6次会议", "2026-02-03"),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let topical = meeting(&app, &o.clerk, at("专题会", "投资专题会", "2026-02-04")).await["id"]
            .as_i64()
            .unwrap();

        let (s, v) = add(&app, &o, party, major).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            v["message"],
            "议题「关于收购某公司股权的议题」尚未审批通过（审批中（分管领导审核）），不能列入议程"
        );
        // The department attaches its materials while the 议题 is under review.
        assert!(upload(&app, &o.staff_a, major).await.is_success());
        assert_eq!(
            upload(&app, &o.outsider, major).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            approve(&app, &o.leader, major, "分管领导审核").await,
            StatusCode::SEE_OTHER
        );
        let (_, t) = app
            .api_get(&o.staff_a.c, &format!("/api/v1/meetings/topics/{major}"))
            .await;
        assert_eq!(t["status_label"], "审批中（办公室审核）");
        assert_eq!(
            approve(&app, &o.director, major, "办公室审核").await,
            StatusCode::SEE_OTHER
        );
        let (_, t) = app
            .api_get(&o.staff_a.c, &format!("/api/v1/meetings/topics/{major}"))
            .await;
        assert_eq!(t["status_label"], "已通过");
        assert_eq!(t["approved"], true);
        assert_eq!(upload(&app, &o.staff_a, major).await, StatusCode::FORBIDDEN);

        // 前置研究: not on the 总经理办公会 or 董事会 before a held 党委会 took it.
        let (s, v) = add(&app, &o, gm, major).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            v["message"],
            "议题「关于收购某公司股权的议题」属“三重一大”事项，须先经党委会前置研究（党委会召开后）才能提交总经理办公会"
        );
        let (s, v) = add(&app, &o, topical, major).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(v["message"].as_str().unwrap().starts_with("只有党委会"));
        let (s, v) = add(&app, &o, party, major).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v[0]["title"], "关于收购某公司股权的议题");
        assert_eq!(v[0]["position"], 1);
        let (s, _) = add(&app, &o, party, major).await;
        assert_eq!(s, StatusCode::CONFLICT);
        // On the 党委会's agenda, but the 党委会 has not met yet.
        let (s, _) = add(&app, &o, board, major).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        held(&app, &o, party).await;
        let (s, v) = add(&app, &o, board, major).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, _) = add(&app, &o, gm, major).await;
        assert_eq!(s, StatusCode::OK);
        // Only the office sets agendas.
        let (s, _) = post_json(
            &app,
            &o.staff_a,
            &format!("/api/v1/meetings/{board}/agenda"),
            json!({"topic_id": major}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Taken off the 总经理办公会's agenda again; the 董事会 keeps it.
        let res = form(
            &app,
            &o.staff_a,
            &format!("/meetings/{gm}/agenda/{major}/remove"),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{gm}/agenda/{major}/remove"),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{gm}")).await;
        assert!(html.contains("尚无议题"));
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{party}/agenda/{major}/remove"),
            &[],
        )
        .await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "the 党委会 was held"
        );
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{board}")).await;
        assert!(html.contains("id=\"agenda\"") && html.contains("关于收购某公司股权的议题"));
        assert!(html.contains("三重一大"));
        let (_, html) = page(&app, &o.staff_a, &format!("/meetings/topics/{major}")).await;
        assert!(html.contains("已通过") && html.contains("建议以不超过1.2亿元收购其51%股权。"));
        assert!(html.contains("收购方案.txt"));
        let (_, html) = page(&app, &o.leader, &format!("/meetings/topics/{major}")).await;
        assert!(html.contains("收购方案.txt"));
        let (_, html) = page(&app, &o.staff_a, "/meetings/topics").await;
        assert!(html.contains("关于收购某公司股权的议题") && html.contains("id=\"topic-new\""));
    }
);

db_test!(
    a_topic_sent_back_shows_so_and_its_approvers_act_on_its_page,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (s, t) = post_json(
            &app,
            &o.head_a,
            "/api/v1/meetings/topics",
            json!({"title": "关于修订差旅费管理办法的议题", "background": "现行办法不适应新标准。", "proposal": "按新标准修订。"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let id = t["id"].as_i64().unwrap();
        // The 分管领导 finds the task on the 议题's own page.
        let (_, html) = page(&app, &o.leader, &format!("/meetings/topics/{id}")).await;
        assert!(html.contains("待我办理：分管领导审核") && html.contains("处理过程"));
        // The department's other people see the 议题, not the approval forms.
        let (s, html) = page(&app, &o.staff_a, &format!("/meetings/topics/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(!html.contains("待我办理"));

        let a = actor(&app, &o.leader).await;
        let inst =
            engine::instance_of_record(app.state.db.conn(), "meetings", &format!("topic:{id}"))
                .await
                .unwrap()
                .unwrap();
        let task = engine::detail(&app.state.db, &a, inst.id)
            .await
            .unwrap()
            .my_tasks[0]
            .clone();
        let res = form(
            &app,
            &o.leader,
            &format!("/workflow/tasks/{}/act", task.id),
            &[
                ("version", &task.version.to_string()),
                ("action", "return"),
                ("to_step", "-1"),
                ("reason", "请补充费用测算。"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, t) = app
            .api_get(&o.head_a.c, &format!("/api/v1/meetings/topics/{id}"))
            .await;
        assert_eq!(t["status_label"], "已退回修改");
        assert_eq!(t["approved"], false);
        let (_, html) = page(&app, &o.head_a, "/meetings/topics").await;
        assert!(html.contains("已退回修改"));

        // The department revises it and submits it again through its own task.
        let (_, html) = page(&app, &o.head_a, &format!("/meetings/topics/{id}")).await;
        assert!(html.contains("id=\"topic-revise\""));
        let revised = [
            ("title", "关于修订差旅费管理办法的议题"),
            ("background", "现行办法不适应新标准。"),
            ("proposal", "按新标准修订，年增支约12万元。"),
        ];
        let res = form(
            &app,
            &o.outsider,
            &format!("/meetings/topics/{id}"),
            &revised,
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = form(&app, &o.head_a, &format!("/meetings/topics/{id}"), &revised).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let a = actor(&app, &o.head_a).await;
        let task = engine::detail(&app.state.db, &a, inst.id)
            .await
            .unwrap()
            .my_tasks[0]
            .clone();
        let res = form(
            &app,
            &o.head_a,
            &format!("/workflow/tasks/{}/act", task.id),
            &[
                ("version", &task.version.to_string()),
                ("action", "approve"),
                ("opinion", "已补充测算"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, t) = app
            .api_get(&o.head_a.c, &format!("/api/v1/meetings/topics/{id}"))
            .await;
        assert_eq!(t["status_label"], "审批中（分管领导审核）");
        assert_eq!(t["proposal"], "按新标准修订，年增支约12万元。");
        let res = form(&app, &o.head_a, &format!("/meetings/topics/{id}"), &revised).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
);
