use reqwest::StatusCode;
use serde_json::json;

use crate::{db_test, support::TestApp};

db_test!(health_request_ids_and_openapi, |app: TestApp| async move {
    let c = reqwest::Client::new();
    let res = c.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-request-id"].to_str().unwrap().len(), 36);
    let res = c
        .get(app.url("/readyz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["x-request-id"],
        "abc-123",
        "a caller's id is kept"
    );
    let doc: serde_json::Value = c
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/departments",
        "/api/v1/people/{id}",
        "/api/v1/audit/verify",
        "/api/v1/people/import",
        "/api/v1/tokens",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let ui = c.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
});

db_test!(
    malformed_input_gets_a_chinese_4xx,
    |app: TestApp| async move {
        let c = app.admin().await;
        let t = app.csrf(&c, "/").await;
        let send = |body: &'static str| {
            c.post(app.url("/api/v1/departments"))
                .header("x-csrf-token", t.clone())
                .header("content-type", "application/json")
                .body(body)
                .send()
        };
        for (body, expect) in [
            ("{not json", "请求体不是有效的 JSON"),
            ("{\"kind\": \"department\"}", "缺少必填项「name」"),
            (
                "{\"name\": \"x\", \"kind\": \"castle\"}",
                "取值「castle」不在允许的范围内",
            ),
            (
                "{\"name\": \"x\", \"kind\": \"department\", \"parent_id\": \"one\"}",
                "格式不正确",
            ),
            (
                "{\"name\": \"x\", \"kind\": \"department\", \"parent_id\": 999}",
                "所选的上级部门不存在",
            ),
            (
                "{\"name\": \"\", \"kind\": \"department\"}",
                "部门名称不能为空",
            ),
        ] {
            let res = send(body).await.unwrap();
            assert!(res.status().is_client_error(), "{body}: {}", res.status());
            let err: serde_json::Value = res.json().await.unwrap();
            assert!(
                err["message"].as_str().unwrap().contains(expect),
                "{body}: {err}"
            );
            assert_eq!(err["code"], "invalid_input");
        }
        let res = c
            .get(app.url("/api/v1/departments/abc"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::BAD_REQUEST
                .max(res.status())
                .min(StatusCode::UNPROCESSABLE_ENTITY)
        );
        assert!(res.status().is_client_error());
        let (status, body) = app.api_get(&c, "/api/v1/departments/99999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["message"], "部门不存在或已被删除");
        let (status, body) = app.api_get(&c, "/api/v1/no-such-thing").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "not_found");
        let (status, _) = app.api_get(&c, "/api/v1/audit?before_id=xyz").await;
        assert!(status.is_client_error());
        let res = c.get(app.url("/org/people/abc")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let res = c
            .get(app.url("/audit?from=2022-13-45"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("不是有效日期"));
        let res = c
            .post(app.url("/org/people"))
            .header("x-csrf-token", t.clone())
            .body(vec![0xff, 0xfe, 0x00])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
        let res = c
            .post(app.url("/org/people"))
            .header("x-csrf-token", t.clone())
            .form(&[
                ("username", "合法吗"),
                ("name", "甲"),
                ("department_id", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (_, people) = app.api_get(&c, "/api/v1/people").await;
        assert_eq!(
            people.as_array().unwrap().len(),
            1,
            "only admin exists: nothing was written"
        );
        let res = c.get(app.url("/no/such/page")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert!(res.text().await.unwrap().contains("页面不存在"));
    }
);

db_test!(people_api_validates_fields, |app: TestApp| async move {
    let c = app.admin().await;
    let t = app.csrf(&c, "/").await;
    for (body, expect) in [
        (json!({"username": "张三", "name": "张三"}), "登录名须为"),
        (
            json!({"username": "zhangsan", "name": "张三", "phone": "abc"}),
            "电话号码「abc」格式不正确",
        ),
        (
            json!({"username": "zhangsan", "name": "张三", "email": "a@b"}),
            "电子邮箱「a@b」格式不正确",
        ),
        (
            json!({"username": "zhangsan", "name": "张三", "roles": ["emperor"]}),
            "没有名为「emperor」的角色",
        ),
        (
            json!({"username": "admin", "name": "重名"}),
            "该登录名已被使用",
        ),
    ] {
        let res = c
            .post(app.url("/api/v1/people"))
            .header("x-csrf-token", t.clone())
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error());
        let err: serde_json::Value = res.json().await.unwrap();
        assert!(err["message"].as_str().unwrap().contains(expect), "{err}");
    }
});
