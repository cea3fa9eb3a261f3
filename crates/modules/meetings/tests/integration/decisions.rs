//! After the meeting: 决定事项 recorded by the office, handed to 督办 in one action, and
//! shown on the meeting with the state of each task; the 纪要 in the 纪要 format.

use reqwest::StatusCode;
use sanban_gongwen::DocKind;
use sanban_platform::handoff;
use serde_json::json;

use crate::{
    db_test,
    office::{form, meeting, office, page, post_json},
    support::{TestApp, start_with_supervision},
};

db_test!(
    decisions_become_supervision_tasks_and_show_their_state,
    start_with_supervision,
    |app: TestApp| async move {
        let o = office(&app).await;
        let m = meeting(
            &app,
            &o.clerk,
            json!({"kind": "总经理办公会", "title": "2026年第3次总经理办公会", "starts_at": "2026-03-02T09:00", "ends_at": "2026-03-02T11:00", "place": "十楼会议室", "host_id": o.leader.id, "attendee_ids": [o.head_a.id, o.staff_a.id]}),
        )
        .await;
        let id = m["id"].as_i64().unwrap();
        let path = format!("/api/v1/meetings/{id}/decisions");
        let good = json!({"content": "抓紧完成年度预算调整。", "department_id": o.dept_a, "due_on": "2026-03-31"});
        let (s, v) = post_json(&app, &o.clerk, &path, good.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "会议计划中：召开后才能记录纪要和决定事项");
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/state"),
            &[("action", "held")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        for (body, message) in [
            (
                json!({"content": "x", "due_on": "2026-03-31"}),
                "请选择责任部门",
            ),
            (
                json!({"content": "x", "department_id": o.dept_a, "due_on": "三月底"}),
                "完成时限格式不正确，应如 2026-01-05",
            ),
            (
                json!({"content": " ", "department_id": o.dept_a, "due_on": "2026-03-31"}),
                "请填写决定事项",
            ),
            (
                json!({"content": "x", "department_id": 999_999, "due_on": "2026-03-31"}),
                "所选责任部门不存在",
            ),
        ] {
            let (s, v) = post_json(&app, &o.clerk, &path, body).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
            assert_eq!(v["message"], message);
        }
        let (s, _) = post_json(&app, &o.staff_a, &path, good.clone()).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, d1) = post_json(&app, &o.clerk, &path, good).await;
        assert_eq!(s, StatusCode::OK, "{d1}");
        assert_eq!(d1["position"], 1);
        assert_eq!(d1["due_text"], "2026年3月31日");
        assert_eq!(d1["task_label"], "未转督办");
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/decisions"),
            &[
                ("content", "开展安全生产大检查"),
                ("department_id", &o.dept_a.to_string()),
                ("due_on", "2026-04-15"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // One recorded by mistake is struck out before the hand-off; the rest close up.
        let (_, wrong) = post_json(
            &app,
            &o.clerk,
            &path,
            json!({"content": "误录的事项", "department_id": o.dept_a, "due_on": "2026-05-01"}),
        )
        .await;
        let (_, listed) = app.api_get(&o.clerk.c, &path).await;
        assert_eq!(listed.as_array().unwrap().len(), 3);
        let remove = format!("/meetings/{id}/decisions/{}/remove", wrong["id"]);
        let res = form(&app, &o.staff_a, &remove, &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = form(&app, &o.clerk, &remove, &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, listed) = app.api_get(&o.clerk.c, &path).await;
        let positions: Vec<i64> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["position"].as_i64().unwrap())
            .collect();
        assert_eq!(positions, vec![1, 2]);

        // Only the office hands them over; then all at once.
        let (s, _) = post_json(
            &app,
            &o.staff_a,
            &format!("/api/v1/meetings/{id}/handoff"),
            json!({}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let res = form(&app, &o.clerk, &format!("/meetings/{id}/handoff"), &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (s, v) = post_json(
            &app,
            &o.clerk,
            &format!("/api/v1/meetings/{id}/handoff"),
            json!({}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "没有尚未转督办的决定事项");

        let handed = handoff::of_record(app.state.db.conn(), "meetings", &format!("meeting:{id}"))
            .await
            .unwrap();
        assert_eq!(handed.len(), 2);
        assert_eq!(handed[0].instruction, "抓紧完成年度预算调整。");
        assert_eq!(handed[0].title, "2026年第3次总经理办公会");
        assert_eq!(handed[0].department_id, Some(o.dept_a));
        assert_eq!(handed[0].leader_id, Some(o.leader.id));
        assert_eq!(
            handed[0].source_url.as_deref(),
            Some(format!("/meetings/{id}").as_str())
        );
        assert_eq!(handed[0].taken_module.as_deref(), Some("supervision"));
        assert_eq!(
            handed[1].due_at,
            d1["due_at"].as_i64().map(|d| d + 15 * 86_400_000)
        );

        // Each decision with its task's state: the attendee sees it too.
        let (s, v) = app.api_get(&o.staff_a.c, &path).await;
        assert_eq!(s, StatusCode::OK);
        let by_id = |h: &handoff::Handoff| {
            if h.id % 2 == 0 {
                "已销号"
            } else {
                "办理中"
            }
        };
        for (i, h) in handed.iter().enumerate() {
            assert_eq!(v[i]["handed"], true);
            assert_eq!(v[i]["task_label"], by_id(h));
            assert_eq!(v[i]["task"]["url"], format!("/supervision/tasks/{}", h.id));
            assert_eq!(v[i]["task"]["overdue"], h.id % 2 == 1);
        }
        let (s, _) = app.api_get(&o.outsider.c, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{id}")).await;
        assert!(html.contains("抓紧完成年度预算调整。") && html.contains("开展安全生产大检查"));
        assert!(html.contains("已销号") && html.contains("办理中") && html.contains("已超期"));
        assert!(!html.contains("id=\"handoff\""));
        let first = format!("/meetings/{id}/decisions/{}/remove", d1["id"]);
        let res = form(&app, &o.clerk, &first, &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // 会议材料: the office adds them; attendees read them; others see nothing.
        let upload = |who: &'static str| {
            let p = match who {
                "clerk" => &o.clerk,
                _ => &o.staff_a,
            };
            let form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes("预算调整方案\n".as_bytes().to_vec())
                    .file_name("预算调整方案.txt"),
            );
            p.c.post(app.url(&format!(
                "/api/v1/attachments?module=meetings&record_id=meeting:{id}&slot=file"
            )))
            .header("x-csrf-token", &p.csrf)
            .multipart(form)
            .send()
        };
        assert_eq!(upload("clerk").await.unwrap().status(), StatusCode::OK);
        assert_eq!(
            upload("staff").await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        let (_, html) = page(&app, &o.staff_a, &format!("/meetings/{id}")).await;
        assert!(html.contains("预算调整方案.txt"));

        // The 纪要.
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{id}/minutes"),
            &[
                ("record", "张三：预算调整须在月底前完成。"),
                ("minutes", "会议听取了财务部关于一季度预算执行情况的汇报。"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, v) = app
            .api_get(&o.clerk.c, &format!("/api/v1/meetings/{id}"))
            .await;
        assert_eq!(v["record"], "张三：预算调整须在月底前完成。");
        let db = &app.state.db;
        let actor = crate::office::actor(&app, &o.clerk).await;
        let meeting = sanban_meetings::meetings::service::get(db, &actor, id)
            .await
            .unwrap();
        let decisions = sanban_meetings::minutes::service::of_meeting(db.conn(), None, id)
            .await
            .unwrap();
        let text = sanban_meetings::minutes::output::text(&meeting, &decisions);
        assert!(text.starts_with("2026年第3次总经理办公会纪要\n\n"));
        assert!(text.contains("　　2026年3月2日，分管领导乙主持召开2026年第3次总经理办公会。"));
        assert!(text.contains(
            "　　一、抓紧完成年度预算调整（责任部门：综合处；完成时限：2026年3月31日）\n"
        ));
        assert!(text.contains("　　二、开展安全生产大检查"));
        assert!(text.contains("　　出席：综合处长丁、综合科员戊\n"));
        assert_eq!(
            sanban_gongwen::parse::parse(&text).kind,
            Some(DocKind::Minutes)
        );
        let res = o
            .clerk
            .c
            .get(app.url(&format!("/meetings/{id}/minutes.docx")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.bytes().await.unwrap().starts_with(b"PK"));
        let res = o
            .head_a
            .c
            .get(app.url(&format!("/meetings/{id}/minutes.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert!(res.bytes().await.unwrap().starts_with(b"%PDF"));
        let res = o
            .outsider
            .c
            .get(app.url(&format!("/meetings/{id}/minutes.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
);
