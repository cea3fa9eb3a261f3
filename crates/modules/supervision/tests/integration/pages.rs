//! The pages as people use them: the list and its views, one task with the forms its viewer
//! may use, and the 通报 drafted, edited and issued from its page.

use reqwest::StatusCode;

use crate::{
    db_test,
    office::{P, create, office, page, task_body, upload},
    support::TestApp,
};

async fn form(app: &TestApp, who: &P, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut body: Vec<(&str, &str)> = vec![("_csrf", who.csrf.as_str())];
    body.extend_from_slice(fields);
    who.c.post(app.url(path)).form(&body).send().await.unwrap()
}

db_test!(
    a_task_goes_round_the_loop_through_its_page,
    |app: TestApp| async move {
        let o = office(&app).await;
        let dept = o.dept_a.to_string();
        let partner = o.dept_b.to_string();
        let owner = o.staff_a.id.to_string();
        let res = form(
            &app,
            &o.supervisor,
            "/supervision/tasks",
            &[
                ("source", "superior"),
                ("title", "安全生产大检查"),
                ("content", "落实上级安全生产大检查部署。"),
                ("due_on", "2027-01-05"),
                ("department_id", &dept),
                ("partner_ids", &partner),
                ("owner_id", &owner),
                ("milestone_title", "完成自查"),
                ("milestone_due", "2026-12-20"),
                ("milestone_title", ""),
                ("milestone_due", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let at = res.headers()["location"].to_str().unwrap().to_string();
        let (s, html) = page(&app, &o.staff_a, &at).await;
        assert_eq!(s, StatusCode::OK);
        for text in [
            "上级督查事项",
            "2027年1月5日",
            "财务处",
            "完成自查：2026年12月20日",
            "id=\"feedback-form\"",
            "id=\"evidence\"",
            "id=\"hand-over-form\"",
        ] {
            assert!(html.contains(text), "{text} missing");
        }
        assert!(!html.contains("id=\"review-form\""));
        let (s, _) = page(&app, &o.outsider, &at).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, list) = page(&app, &o.outsider, "/supervision/tasks").await;
        assert!(list.contains("没有督办事项") && !list.contains("安全生产大检查"));
        let (_, list) = page(&app, &o.leader, "/supervision/tasks?view=led").await;
        assert!(list.contains("安全生产大检查"));
        let mut other = crate::office::task_body(&o, "财务检查", "2026-01-05");
        other["department_id"] = serde_json::json!(o.dept_b);
        crate::office::create(&app, &o.supervisor, other).await;
        let (_, list) = page(&app, &o.supervisor, "/supervision/tasks").await;
        let summary = list
            .split("id=\"by-department\"")
            .nth(1)
            .expect("按部门汇总");
        assert!(
            summary.contains(&format!(
                r#"department_id={}">财务处</a></td><td>1</td><td>0</td><td><strong>1</strong></td><td>0</td>"#,
                o.dept_b
            )),
            "{summary}"
        );

        let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
        let res = form(
            &app,
            &o.staff_a,
            &format!("{at}/feedback"),
            &[("text", "已完成自查")],
        )
        .await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no evidence yet"
        );
        assert_eq!(upload(&app, &o.staff_a, id).await, StatusCode::OK);
        let res = form(
            &app,
            &o.staff_a,
            &format!("{at}/feedback"),
            &[("text", "已完成自查，整改隐患 5 处")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&app, &o.supervisor, &at).await;
        assert!(html.contains("id=\"review-form\""));
        assert!(html.contains("已完成自查，整改隐患 5 处"));
        assert!(html.contains("整改说明.txt"), "the evidence is listed");
        let res = form(
            &app,
            &o.supervisor,
            &format!("{at}/review"),
            &[("decision", "close"), ("reason", "")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&app, &o.staff_a, &at).await;
        assert!(html.contains("已销号"));
        assert!(html.contains("处理过程"));
        assert!(!html.contains("id=\"feedback-form\""));
    }
);

db_test!(
    a_bulletin_is_drafted_edited_and_issued_from_its_page,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (_, t) = create(
            &app,
            &o.supervisor,
            task_body(&o, "消防设施整改", "2026-10-10"),
        )
        .await;
        assert!(t["id"].is_i64());
        let res = form(
            &app,
            &o.supervisor,
            "/supervision/bulletins",
            &[("month", "2026-11")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let at = res.headers()["location"].to_str().unwrap().to_string();
        let (_, html) = page(&app, &o.supervisor, &at).await;
        assert!(html.contains("2026年11月督办工作通报"));
        assert!(html.contains("超期未办结 1 件"));
        let res = form(
            &app,
            &o.supervisor,
            &at,
            &[
                ("title", "2026年11月督办工作通报"),
                ("body", "本月督办事项超期 1 件，请综合处抓紧办理。"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = form(&app, &o.supervisor, &format!("{at}/issue"), &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (s, html) = page(&app, &o.head_a, &at).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("督报〔2026〕1号"));
        assert!(html.contains("本月督办事项超期 1 件，请综合处抓紧办理。"));
        assert!(!html.contains("id=\"issue-edit\""));
        let (_, list) = page(&app, &o.head_a, "/supervision/issues").await;
        assert!(list.contains("2026年11月督办工作通报"));
        let (s, _) = page(&app, &o.outsider, &at).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);
