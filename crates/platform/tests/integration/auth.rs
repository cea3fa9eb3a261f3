use reqwest::StatusCode;
use sea_orm::ConnectionTrait;

use crate::{db_test, support::TestApp};

db_test!(sign_in_home_and_sign_out, |app: TestApp| async move {
    let anon = app.browser();
    let res = anon.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=%2F");

    let c = app.admin().await;
    let home = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("您好，系统管理员"), "{home}");
    assert!(home.contains("组织机构") && home.contains("审计日志"));
    let (_, rows) = app.api_get(&c, "/api/v1/audit?entity=users").await;
    let login = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "user.login")
        .expect("sign-in is audited");
    assert_eq!(login["summary"], "系统管理员 登录");
    assert_eq!(login["ip"], "127.0.0.1");

    let token = app.csrf(&c, "/").await;
    let res = c
        .post(app.url("/logout"))
        .form(&[("_csrf", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "signed out, so sent to the login page"
    );
});

db_test!(
    wrong_passwords_lock_the_account,
    |app: TestApp| async move {
        let c = app.browser();
        for _ in 0..5 {
            let res = app.try_login(&c, "admin", "wrong-password-1").await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
            assert!(res.text().await.unwrap().contains("登录名或密码不正确"));
        }
        // The right password no longer helps for the lock-out period.
        let res = app.try_login(&c, "admin", &app.admin_password).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let body = res.text().await.unwrap();
        assert!(body.contains("已被暂时锁定 15 分钟"), "{body}");
    }
);

db_test!(
    unknown_accounts_are_throttled_per_address,
    |app: TestApp| async move {
        let c = app.browser();
        for i in 0..5 {
            let res = app
                .try_login(&c, &format!("nobody{i}"), "wrong-password-1")
                .await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        }
        let res = app.try_login(&c, "admin", &app.admin_password).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.text().await.unwrap().contains("您所在的地址"));
    }
);

db_test!(
    forms_without_the_csrf_token_are_refused,
    |app: TestApp| async move {
        let c = app.admin().await;
        let res = c
            .post(app.url("/org/departments"))
            .form(&[("name", "无令牌处"), ("kind", "department")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(res.text().await.unwrap().contains("CSRF"));
        let res = c
            .post(app.url("/org/departments"))
            .form(&[
                ("name", "错令牌处"),
                ("kind", "department"),
                ("_csrf", "0000"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = c
            .post(app.url("/api/v1/departments"))
            .json(&serde_json::json!({"name": "接口无令牌处", "kind": "department"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let (_, list) = app.api_get(&c, "/api/v1/departments").await;
        assert_eq!(list.as_array().unwrap().len(), 0, "nothing was created");

        let token = app.csrf(&c, "/").await;
        let res = c
            .post(app.url("/org/departments"))
            .form(&[
                ("name", "有令牌处"),
                ("kind", "department"),
                ("_csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, list) = app.api_get(&c, "/api/v1/departments").await;
        assert_eq!(list[0]["name"], "有令牌处");
    }
);

db_test!(
    password_change_ends_every_session,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, phone, pw) = app
            .user_session(&admin, "liuyang", "刘洋", &["staff"])
            .await;
        let desk = app.login("liuyang", &pw).await;
        assert_eq!(
            desk.get(app.url("/")).send().await.unwrap().status(),
            StatusCode::OK
        );

        let token = app.csrf(&phone, "/account/password").await;
        let res = phone
            .post(app.url("/account/password"))
            .form(&[
                ("current", pw.as_str()),
                ("new", "换过的密码-2025"),
                ("confirm", "换过的密码-2025"),
                ("_csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/login?changed=1");
        for c in [&phone, &desk] {
            let res = c.get(app.url("/")).send().await.unwrap();
            assert_eq!(
                res.status(),
                StatusCode::SEE_OTHER,
                "every old session is gone"
            );
        }
        let res = app.try_login(&app.browser(), "liuyang", &pw).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        app.login("liuyang", "换过的密码-2025").await;
    }
);

db_test!(password_policy_is_enforced, |app: TestApp| async move {
    let admin = app.admin().await;
    let (_, c, pw) = app
        .user_session(&admin, "zhangxiaoming", "张晓明", &["staff"])
        .await;
    for (new, msg) in [
        ("short1", "至少需要 8 个字符"),
        ("ZhangXiaoming", "不能与登录名相同"),
    ] {
        let token = app.csrf(&c, "/account/password").await;
        let res = c
            .post(app.url("/account/password"))
            .form(&[
                ("current", pw.as_str()),
                ("new", new),
                ("confirm", new),
                ("_csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{new} must be refused"
        );
        assert!(res.text().await.unwrap().contains(msg));
    }
    let token = app.csrf(&c, "/account/password").await;
    let res = c
        .post(app.url("/account/password"))
        .form(&[
            ("current", pw.as_str()),
            ("new", "zhangxiaoming1"),
            ("confirm", "zhangxiaoming1"),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "a password merely containing the name is fine"
    );
});

db_test!(
    first_sign_in_asks_for_a_new_password,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, initial) = app.create_user(&admin, "xinren", "新人", &["staff"]).await;
        let c = app.browser();
        let res = app.try_login(&c, "xinren", &initial).await;
        assert_eq!(res.headers()["location"], "/account/password");
    }
);

async fn token_last_used(app: &TestApp, id: i64) -> i64 {
    let conn = app.state.db.conn();
    conn.query_one_raw(sea_orm::Statement::from_string(
        conn.get_database_backend(),
        format!("SELECT last_used_at FROM api_tokens WHERE id = {id}"),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get_by_index::<i64>(0)
    .unwrap()
}

db_test!(api_tokens_work_until_revoked, |app: TestApp| async move {
    let c = app.admin().await;
    let created = app.create_api_token(&c, "档案系统对接").await;
    let secret = created["token"].as_str().unwrap().to_string();
    assert!(secret.starts_with("sbn_"));

    let api = reqwest::Client::new();
    let call_me = || api.get(app.url("/api/v1/me")).bearer_auth(&secret).send();
    let me: serde_json::Value = call_me().await.unwrap().json().await.unwrap();
    assert_eq!(me["username"], "admin");
    let first_use = token_last_used(&app, created["id"].as_i64().unwrap()).await;
    // Bearer requests need no CSRF token: browsers never attach one on their own.
    let res = api
        .post(app.url("/api/v1/departments"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"name": "令牌建的处", "kind": "department"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let listed: serde_json::Value = c
        .get(app.url("/api/v1/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        listed[0].get("token").unwrap().is_null(),
        "the secret is never shown again"
    );
    let id = created["id"].as_i64().unwrap();
    // 最近使用 is kept to the minute: the call within the minute left it, a call after it
    // has aged moves it on.
    assert_eq!(listed[0]["last_used_at"].as_i64(), Some(first_use));
    assert_eq!(token_last_used(&app, id).await, first_use);
    app.state
        .db
        .conn()
        .execute_unprepared(&format!(
            "UPDATE api_tokens SET last_used_at = last_used_at - 120000 WHERE id = {id}"
        ))
        .await
        .unwrap();
    let res = call_me().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(token_last_used(&app, id).await > first_use - 120000);
    let token = app.csrf(&c, "/").await;
    let res = c
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .header("x-csrf-token", token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = call_me().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "unauthorized");
    assert_eq!(body["message"], "请先登录");
});

db_test!(pages_forbid_inline_script, |app: TestApp| async move {
    let c = app.admin().await;
    for path in ["/", "/login", "/inbox", "/api/v1/me", "/no-such-page"] {
        let res = c.get(app.url(path)).send().await.unwrap();
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
    }
    // The page loads its behaviour from a file the policy allows.
    let home = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains(r#"<script src="/static/sanban.js" defer></script>"#));
    let js = c.get(app.url("/static/sanban.js")).send().await.unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert!(js.text().await.unwrap().contains("data-print"));
});
