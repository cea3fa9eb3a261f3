//! Registering 督办事项, who sees them, and refused input.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    db_test,
    office::{count, create, get, office, post_json, task_body},
    support::TestApp,
};

db_test!(
    the_office_registers_a_task_that_its_people_see,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (s, t) = create(
            &app,
            &o.supervisor,
            task_body(&o, "消防设施整改", "2026-03-10"),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["state"], "handling");
        assert_eq!(t["state_label"], "办理中");
        assert_eq!(t["source_label"], "交办事项");
        assert_eq!(t["due_text"], "2026年3月10日");
        assert_eq!(t["department_name"], "综合处");
        assert_eq!(t["owner_name"], "综合科员");
        assert_eq!(
            t["leader_id"], o.leader.id,
            "the department's 分管领导 by default"
        );
        assert_eq!(t["partners"][0]["name"], "财务处");
        let id = t["id"].as_i64().unwrap();
        let path = format!("/api/v1/supervision/tasks/{id}");
        for who in [&o.supervisor, &o.leader, &o.head_a, &o.staff_a] {
            let (s, v) = get(&app, who, &path).await;
            assert_eq!(s, StatusCode::OK);
            assert_eq!(v["title"], "消防设施整改");
        }
        let (s, _) = get(&app, &o.outsider, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, all) = get(&app, &o.outsider, "/api/v1/supervision/tasks").await;
        assert_eq!(all, json!([]), "a stranger sees nothing");
        let (_, mine) = get(&app, &o.staff_a, "/api/v1/supervision/tasks?view=mine").await;
        assert_eq!(mine.as_array().unwrap().len(), 1);
        let (_, led) = get(&app, &o.leader, "/api/v1/supervision/tasks?view=led").await;
        assert_eq!(led[0]["id"], id);
        let (_, mine) = get(&app, &o.head_a, "/api/v1/supervision/tasks?view=mine").await;
        assert_eq!(mine, json!([]), "the head is not the 责任人");
        let (_, by_partner) = get(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks?department_id={}", o.dept_b),
        )
        .await;
        assert_eq!(by_partner[0]["id"], id, "配合 departments find it too");
        let (_, none) = get(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks?department_id={}", o.dept_c),
        )
        .await;
        assert_eq!(none, json!([]));
    }
);

db_test!(
    only_the_office_registers_and_bad_input_changes_nothing,
    |app: TestApp| async move {
        let o = office(&app).await;
        let before = count(&app, "sup_tasks").await;
        let (s, _) = create(&app, &o.staff_a, task_body(&o, "越权立项", "2026-03-10")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = create(&app, &o.leader, task_body(&o, "越权立项", "2026-03-10")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let cases = [
            ("title", json!(""), "请填写标题"),
            ("due_on", json!("3月10日"), "完成时限格式不正确"),
            ("department_id", json!(999_999), "责任部门不存在"),
            ("owner_id", json!(999_999), "责任人不存在"),
            ("source", json!("小道消息"), "请选择任务来源"),
        ];
        for (field, value, message) in cases {
            let mut body = task_body(&o, "消防设施整改", "2026-03-10");
            body[field] = value;
            let (s, v) = create(&app, &o.supervisor, body).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {v}");
            assert!(
                v["message"].as_str().unwrap_or_default().contains(message),
                "{field}: {v}"
            );
        }
        let mut body = task_body(&o, "消防设施整改", "2026-03-10");
        body.as_object_mut().unwrap().remove("owner_id");
        let (s, v) = create(&app, &o.supervisor, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        let (s, v) = get(
            &app,
            &o.supervisor,
            "/api/v1/supervision/tasks?view=everything",
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "未知的视图");
        let mut body = task_body(&o, "消防设施整改", "2026-03-10");
        body["milestones"] = json!([{"title": "完成排查", "due_on": "2026-04-01"}]);
        let (s, v) = create(&app, &o.supervisor, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains("晚于任务的完成时限")
        );
        assert_eq!(count(&app, "sup_tasks").await, before);
        assert_eq!(count(&app, "workflow_instances").await, 0);
    }
);

db_test!(
    an_annual_task_splits_into_sub_tasks_with_their_own_owners,
    |app: TestApp| async move {
        let o = office(&app).await;
        let mut parent = task_body(&o, "优化营商环境", "2026-12-31");
        parent["source"] = json!("annual");
        parent["owner_id"] = json!(o.head_a.id);
        parent["milestones"] = json!([
            {"title": "制定方案", "due_on": "2026-03-31"},
            {"title": "中期评估", "due_on": "2026-06-30"}
        ]);
        let (s, p) = create(&app, &o.supervisor, parent).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        let pid = p["id"].as_i64().unwrap();
        let mut child = task_body(&o, "压缩审批时限", "2026-06-30");
        child["source"] = json!("annual");
        child["parent_id"] = json!(pid);
        let (s, c) = create(&app, &o.supervisor, child).await;
        assert_eq!(s, StatusCode::OK, "{c}");
        assert_eq!(c["parent_id"], pid);
        assert_eq!(c["owner_id"], o.staff_a.id);
        let (_, subs) = get(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks?parent_id={pid}"),
        )
        .await;
        assert_eq!(subs.as_array().unwrap().len(), 1);
        assert_eq!(subs[0]["title"], "压缩审批时限");
        let (_, m) = get(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks/{pid}/milestones"),
        )
        .await;
        assert_eq!(m[0]["title"], "制定方案");
        assert_eq!(m[1]["due_text"], "2026年6月30日");
        assert_eq!(m[0]["done"], false);
        let done = format!("/api/v1/supervision/milestones/{}/done", m[0]["id"]);
        let (s, _) = post_json(&app, &o.staff_a, &done, json!({})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "only the 责任人 or the office");
        let (s, v) = post_json(&app, &o.head_a, &done, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["done"], true);
        let (s, v) = post_json(&app, &o.head_a, &done, json!({})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["message"], "该节点已完成");
        let html = |path: String| {
            let c = o.supervisor.c.clone();
            let url = app.url(&path);
            async move { c.get(url).send().await.unwrap().text().await.unwrap() }
        };
        let page = html(format!("/supervision/tasks/{pid}")).await;
        assert!(page.contains(&format!("/supervision/tasks/new?parent_id={pid}")));
        let form = html(format!("/supervision/tasks/new?parent_id={pid}")).await;
        assert!(form.contains(&format!(
            r#"<option value="{pid}" selected>优化营商环境</option>"#
        )));
        let mut stray = task_body(&o, "挂错的子任务", "2026-06-30");
        stray["parent_id"] = json!(c["id"]);
        stray["source"] = json!("annual");
        let (s, _) = create(&app, &o.supervisor, stray.clone()).await;
        assert_eq!(s, StatusCode::OK, "a sub-task may split again");
        stray["source"] = json!("hotline");
        let (s, v) = create(&app, &o.supervisor, stray).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(v["message"].as_str().unwrap().contains("年度重点工作任务"));
    }
);
