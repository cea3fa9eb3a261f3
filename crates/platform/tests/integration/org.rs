use reqwest::StatusCode;
use serde_json::json;

use crate::{db_test, support::TestApp};

db_test!(department_tree_through_the_api, |app: TestApp| async move {
    let c = app.admin().await;
    let t = app.csrf(&c, "/").await;
    let post = |body: serde_json::Value| {
        c.post(app.url("/api/v1/departments"))
            .header("x-csrf-token", t.clone())
            .json(&body)
            .send()
    };
    let office: serde_json::Value =
        post(json!({"name": "办公室", "kind": "office", "sort_order": 1}))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let oid = office["id"].as_i64().unwrap();
    let section: serde_json::Value =
        post(json!({"name": "督查科", "kind": "department", "parent_id": oid}))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let sid = section["id"].as_i64().unwrap();
    assert_eq!(section["parent_id"], oid);

    let dup = post(json!({"name": " 办公室 ", "kind": "office"}))
        .await
        .unwrap();
    assert_eq!(dup.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = dup.json().await.unwrap();
    assert_eq!(body["message"], "同一上级部门下已有同名的部门");
    let same_name_elsewhere =
        post(json!({"name": "办公室", "kind": "department", "parent_id": sid}))
            .await
            .unwrap();
    assert_eq!(
        same_name_elsewhere.status(),
        StatusCode::OK,
        "another parent may have one too"
    );
    let id = same_name_elsewhere
        .json::<serde_json::Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let res = c
        .delete(app.url(&format!("/api/v1/departments/{id}")))
        .header("x-csrf-token", t.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // A department cannot move under its own child.
    let res = c
        .put(app.url(&format!("/api/v1/departments/{oid}")))
        .header("x-csrf-token", t.clone())
        .json(&json!({"name": "办公室", "kind": "office", "parent_id": sid}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["message"], "上级部门不能是本部门或其下级部门");

    let res = c
        .delete(app.url(&format!("/api/v1/departments/{oid}")))
        .header("x-csrf-token", t.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "has a child");

    let page = c
        .get(app.url("/org"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (a, b) = (
        page.find("办公室</a>").unwrap(),
        page.find("督查科</a>").unwrap(),
    );
    assert!(a < b, "the child is drawn under its parent");

    let res = c
        .delete(app.url(&format!("/api/v1/departments/{sid}")))
        .header("x-csrf-token", t.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, list) = app.api_get(&c, "/api/v1/departments").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
});

db_test!(
    department_form_shows_errors_and_keeps_input,
    |app: TestApp| async move {
        let c = app.admin().await;
        let t = app.csrf(&c, "/org/departments/new").await;
        let res = c
            .post(app.url("/org/departments"))
            .form(&[
                ("name", "   "),
                ("kind", "department"),
                ("_csrf", t.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("部门名称不能为空"));
        let res = c
            .post(app.url("/org/departments"))
            .form(&[("name", "财务处"), ("kind", "bogus"), ("_csrf", t.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("请选择部门类别") && html.contains("value=\"财务处\""));
        let res = c
            .post(app.url("/org/departments"))
            .form(&[
                ("name", "财务处"),
                ("kind", "department"),
                ("parent_id", "abc"),
                ("_csrf", t.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = c
            .post(app.url("/org/departments"))
            .form(&[
                ("name", "财务处"),
                ("kind", "department"),
                ("_csrf", t.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let loc = res.headers()["location"].to_str().unwrap().to_string();
        let page = c
            .get(app.url(&loc))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("已保存部门「财务处」"));
    }
);

db_test!(staff_get_403_and_see_nothing, |app: TestApp| async move {
    let admin = app.admin().await;
    let (_, staff, _) = app.user_session(&admin, "putong", "普通", &["staff"]).await;
    for page in [
        "/org/departments/new",
        "/org/people/new",
        "/org/import",
        "/org/export.xlsx",
        "/audit",
    ] {
        let res = staff.get(app.url(page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{page}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("没有权限") && !html.contains("<form method=\"post\" action=\"/org"),
            "{page}"
        );
    }
    let t = app.csrf(&staff, "/").await;
    let res = staff
        .post(app.url("/api/v1/departments"))
        .header("x-csrf-token", t.clone())
        .json(&json!({"name": "越权处", "kind": "department"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({"code": "forbidden", "message": "您没有执行此操作的权限"})
    );
    let (status, body) = app.api_get(&staff, "/api/v1/audit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body.get("code").is_some() && body.as_object().unwrap().len() == 2,
        "no rows leak: {body}"
    );
    let res = staff
        .post(app.url("/org/departments"))
        .form(&[
            ("name", "越权处"),
            ("kind", "department"),
            ("_csrf", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, list) = app.api_get(&admin, "/api/v1/departments").await;
    assert!(list.as_array().unwrap().is_empty(), "nothing was created");
    // Viewing the directory is allowed.
    assert_eq!(
        staff.get(app.url("/org")).send().await.unwrap().status(),
        StatusCode::OK
    );
});

db_test!(
    office_director_manages_people_but_not_roles,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, dir, _) = app
            .user_session(&admin, "zhuren", "主任", &["office_director"])
            .await;
        let t = app.csrf(&dir, "/").await;
        let res = dir
            .post(app.url("/api/v1/people"))
            .header("x-csrf-token", t.clone())
            .json(&json!({"username": "kuaiji", "name": "会计"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let p: serde_json::Value = res.json().await.unwrap();
        assert!(p["initial_password"].is_null());
        let id = p["person"]["id"].as_i64().unwrap();
        let res = dir
            .put(app.url(&format!("/api/v1/people/{id}")))
            .header("x-csrf-token", t.clone())
            .json(&json!({"username": "kuaiji", "name": "会计", "roles": ["admin"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "only account managers grant roles"
        );
        let res = dir
            .post(app.url("/api/v1/people"))
            .header("x-csrf-token", t)
            .json(&json!({"username": "kuaiji2", "name": "会计二", "create_account": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
);

db_test!(stale_edits_are_refused, |app: TestApp| async move {
    let admin = app.admin().await;
    let (id, _) = app
        .create_user(&admin, "wangfang", "王芳", &["staff"])
        .await;
    let t = app.csrf(&admin, "/").await;
    let (_, p) = app.api_get(&admin, &format!("/api/v1/people/{id}")).await;
    let v = p["version"].as_i64().unwrap();
    let edit = |name: &str, version: i64| {
        admin.put(app.url(&format!("/api/v1/people/{id}"))).header("x-csrf-token", t.clone())
            .json(&json!({"username": "wangfang", "name": name, "roles": ["staff"], "version": version})).send()
    };
    assert_eq!(edit("王芳芳", v).await.unwrap().status(), StatusCode::OK);
    let res = edit("王方", v).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (_, p) = app.api_get(&admin, &format!("/api/v1/people/{id}")).await;
    assert_eq!(p["name"], "王芳芳");
    assert_eq!(p["version"].as_i64().unwrap(), v + 1);
});

db_test!(leaders_and_delegations, |app: TestApp| async move {
    let admin = app.admin().await;
    let t = app.csrf(&admin, "/").await;
    let d: serde_json::Value = admin
        .post(app.url("/api/v1/departments"))
        .header("x-csrf-token", t.clone())
        .json(&json!({"name": "人事处", "kind": "department"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let did = d["id"].as_i64().unwrap();
    let (leader, _) = app
        .create_user(&admin, "fuzeren", "副厅长甲", &["deputy_leader"])
        .await;
    let (other, _) = app
        .create_user(&admin, "daili", "代理人乙", &["staff"])
        .await;
    let res = admin
        .put(app.url(&format!("/api/v1/leaders/{leader}")))
        .header("x-csrf-token", t.clone())
        .json(&json!({"department_ids": [did, did]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, leaders) = app.api_get(&admin, "/api/v1/leaders").await;
    assert_eq!(
        leaders[0]["departments"],
        json!([{"id": did, "name": "人事处"}])
    );

    let delegate = |starts: &str, ends: &str| {
        admin.post(app.url("/api/v1/delegations")).header("x-csrf-token", t.clone())
            .json(&json!({"principal_id": leader, "acting_id": other, "starts_on": starts, "ends_on": ends, "reason": "赴京开会"})).send()
    };
    let res = delegate("2026年3月10日", "2026-03-01").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["message"],
        "结束日期不能早于开始日期"
    );
    let res = delegate("2026-03-01", "2026年3月10日").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let created: serde_json::Value = res.json().await.unwrap();
    assert_eq!(created["acting"], "代理人乙");
    assert_eq!(created["ends_on"], "2026-03-10");
    let res = delegate("2026-03-05", "2026-03-20").await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "overlapping period");
    let res = delegate("2026-02-30", "2026-03-20").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    let principals = sanban_platform::org::delegation::principals_of(&app.state.db, other, day)
        .await
        .unwrap();
    assert_eq!(principals, vec![leader]);
    let after = chrono::NaiveDate::from_ymd_opt(2026, 3, 11).unwrap();
    assert!(
        sanban_platform::org::delegation::principals_of(&app.state.db, other, after)
            .await
            .unwrap()
            .is_empty()
    );
});
