//! 刊物: 期号 taken at 印发 per title and year, review with 退回, notices to the 分发 list,
//! the PDF, and who may read what.

use reqwest::{Client, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::{db_test, support::TestApp};

async fn post(app: &TestApp, c: &Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = app.csrf(c, "/documents/periodicals").await;
    let mut f: Vec<(&str, &str)> = fields.to_vec();
    f.push(("_csrf", &token));
    c.post(app.url(path)).form(&f).send().await.unwrap()
}

/// A new issue of a title with one article; returns its id.
async fn draft(app: &TestApp, c: &Client, periodical: i64, article: &str) -> i64 {
    let p = periodical.to_string();
    let res = post(
        app,
        c,
        "/documents/periodicals/issues",
        &[("periodical_id", &p)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let loc = res.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = loc
        .trim_start_matches("/documents/periodicals/issues/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let res = post(
        app,
        c,
        &format!("/documents/periodicals/issues/{id}/articles"),
        &[
            ("title", article),
            ("author", "张三"),
            ("department", "综合处"),
            ("body", "第一段。\n第二段。"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    id
}

async fn act(
    app: &TestApp,
    c: &Client,
    id: i64,
    action: &str,
    fields: &[(&str, &str)],
) -> StatusCode {
    post(
        app,
        c,
        &format!("/documents/periodicals/issues/{id}/do/{action}"),
        fields,
    )
    .await
    .status()
}

async fn issue_through(app: &TestApp, c: &Client, id: i64, date: &str) {
    for a in ["submit", "approve"] {
        assert_eq!(act(app, c, id, a, &[]).await, StatusCode::SEE_OTHER, "{a}");
    }
    assert_eq!(
        act(app, c, id, "issue", &[("date", date)]).await,
        StatusCode::SEE_OTHER
    );
}

async fn issue_json(app: &TestApp, c: &Client, id: i64) -> Value {
    let (s, v) = app
        .api_get(c, &format!("/api/v1/documents/periodicals/issues/{id}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn title_id(app: &TestApp, c: &Client, name: &str) -> i64 {
    let (s, v) = app.api_get(c, "/api/v1/documents/periodicals").await;
    assert_eq!(s, StatusCode::OK);
    v.as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no title {name}: {v}"))["id"]
        .as_i64()
        .unwrap()
}

db_test!(
    issue_numbers_run_per_title_and_year,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, clerk, _) = app
            .user_session(&admin, "wenmi", "文秘甲", &["clerk"])
            .await;
        let (_, director, _) = app
            .user_session(&admin, "zhuren", "办公室主任乙", &["office_director"])
            .await;
        let tongbao = title_id(&app, &clerk, "工作通报").await;
        let neican = title_id(&app, &clerk, "集团内参").await;

        let first = draft(&app, &clerk, tongbao, "一季度工作情况").await;
        // Before 印发 the issue holds no number.
        assert_eq!(issue_json(&app, &clerk, first).await["number"], Value::Null);
        issue_through(&app, &clerk, first, "2022-03-01").await;

        let abandoned = draft(&app, &clerk, tongbao, "作废的一期").await;
        assert_eq!(
            act(&app, &clerk, abandoned, "submit", &[]).await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            act(&app, &clerk, abandoned, "abandon", &[]).await,
            StatusCode::SEE_OTHER
        );
        // An abandoned issue can no longer be issued.
        assert_eq!(
            act(&app, &clerk, abandoned, "issue", &[]).await,
            StatusCode::CONFLICT
        );

        let second = draft(&app, &clerk, tongbao, "二季度工作情况").await;
        issue_through(&app, &clerk, second, "2022-06-30").await;
        let other = draft(&app, &clerk, neican, "内参第一篇").await;
        issue_through(&app, &clerk, other, "2022-07-01").await;
        let next_year = draft(&app, &clerk, tongbao, "新年工作安排").await;
        issue_through(&app, &clerk, next_year, "2023-01-05").await;

        let got = |v: Value| {
            (
                v["year"].as_i64(),
                v["number"].as_i64(),
                v["total"].as_i64(),
                v["status"].clone(),
            )
        };
        assert_eq!(
            got(issue_json(&app, &clerk, first).await),
            (Some(2022), Some(1), Some(1), json!("issued"))
        );
        assert_eq!(
            got(issue_json(&app, &clerk, second).await),
            (Some(2022), Some(2), Some(2), json!("issued"))
        );
        assert_eq!(
            got(issue_json(&app, &clerk, abandoned).await),
            (Some(app_year()), None, None, json!("abandoned"))
        );
        assert_eq!(
            got(issue_json(&app, &clerk, other).await),
            (Some(2022), Some(1), Some(1), json!("issued"))
        );
        assert_eq!(
            got(issue_json(&app, &clerk, next_year).await),
            (Some(2023), Some(1), Some(3), json!("issued"))
        );
        let v = issue_json(&app, &clerk, second).await;
        assert_eq!(v["label"], "工作通报 2022年第2期（总第2期）");
        assert_eq!(v["issue_date_text"], "2022年6月30日");

        let html = clerk
            .get(app.url(&format!(
                "/documents/periodicals?periodical={tongbao}&year=2022"
            )))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("2022年第2期（总第2期）"), "{html}");
        assert!(html.contains(&format!("issues/{second}\"")));
        assert!(!html.contains(&format!("issues/{other}\"")));
        assert!(!html.contains(&format!("issues/{next_year}\"")));

        // The figure counts issued issues by issue date and links each to its page.
        let (s, table) = app.api_get(&director, "/api/v1/figures?year=2022").await;
        assert_eq!(s, StatusCode::OK, "{table}");
        let fig = table
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == "documents.periodical.issues")
            .unwrap()
            .clone();
        assert_eq!(
            (fig["value"].as_i64(), fig["previous"].as_i64()),
            (Some(3), Some(0))
        );
        assert_eq!(fig["months"][2], 1);
        assert_eq!(fig["months"][5], 1);
        assert_eq!(fig["months"][6], 1);
        let (_, recs) = app
            .api_get(
                &director,
                "/api/v1/figures/documents.periodical.issues/records?year=2022&month=6",
            )
            .await;
        assert_eq!(recs["total"], 1);
        assert_eq!(recs["records"][0]["title"], "工作通报 2022年第2期");
        assert_eq!(
            recs["records"][0]["link"],
            format!("/documents/periodicals/issues/{second}")
        );
        // The editor page opens for the office.
        let res = clerk
            .get(app.url(&format!("/documents/periodicals/issues/{abandoned}/edit")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().contains("作废的一期"));
    }
);

fn app_year() -> i64 {
    use chrono::Datelike;
    i64::from(sanban_platform::web::format::today().year())
}

db_test!(review_returns_with_a_reason, |app: TestApp| async move {
    let admin = app.admin().await;
    let (clerk_id, clerk, _) = app
        .user_session(&admin, "wenmi", "文秘甲", &["clerk"])
        .await;
    let (_, director, _) = app
        .user_session(&admin, "zhuren", "办公室主任乙", &["office_director"])
        .await;
    let t = title_id(&app, &clerk, "舆情快报").await;
    let id = draft(&app, &clerk, t, "网络舆情摘报").await;
    // Nothing to review without articles: a fresh issue is refused.
    let empty = {
        let p = t.to_string();
        let res = post(
            &app,
            &clerk,
            "/documents/periodicals/issues",
            &[("periodical_id", &p)],
        )
        .await;
        let loc = res.headers()["location"].to_str().unwrap().to_string();
        loc.trim_start_matches("/documents/periodicals/issues/")
            .trim_end_matches("/edit")
            .parse::<i64>()
            .unwrap()
    };
    assert_eq!(
        act(&app, &clerk, empty, "submit", &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    assert_eq!(
        act(&app, &clerk, id, "submit", &[]).await,
        StatusCode::SEE_OTHER
    );
    // The director is told an issue waits for review.
    let told = {
        let conn = app.state.db.conn();
        let b = conn.get_database_backend();
        conn.query_all_raw(Statement::from_sql_and_values(
            b,
            sanban_platform::db::for_backend(b, "SELECT n.title FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = $1"),
            ["zhuren".into()],
        ))
        .await
        .unwrap()
        .len()
    };
    assert_eq!(told, 1);
    // Articles are frozen under review.
    let res = post(
        &app,
        &clerk,
        &format!("/documents/periodicals/issues/{id}/articles"),
        &[("title", "插入"), ("body", "x")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // A return without a reason changes nothing.
    assert_eq!(
        act(&app, &director, id, "return", &[("reason", "  ")]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(issue_json(&app, &director, id).await["status"], "submitted");
    assert_eq!(
        act(
            &app,
            &director,
            id,
            "return",
            &[("reason", "第二段数据需核实")]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let v = issue_json(&app, &clerk, id).await;
    assert_eq!(v["status"], "returned");
    assert_eq!(v["return_reason"], "第二段数据需核实");
    let html = clerk
        .get(app.url(&format!("/documents/periodicals/issues/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("退回理由：第二段数据需核实"), "{html}");
    // The editor who started the issue is told why.
    let conn = app.state.db.conn();
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            sanban_platform::db::for_backend(
                conn.get_database_backend(),
                "SELECT title, body FROM notifications WHERE user_id = $1",
            ),
            [clerk_id.into()],
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].try_get::<String>("", "body").unwrap(),
        "退回理由：第二段数据需核实"
    );

    // Editable again, then through review to 印发.
    let res = post(
        &app,
        &clerk,
        &format!("/documents/periodicals/issues/{id}/articles"),
        &[("title", "补充说明"), ("body", "数据已核实。")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    issue_through(&app, &director, id, "2022-05-06").await;
    let v = issue_json(&app, &clerk, id).await;
    assert_eq!(v["number"], 1);
    assert_eq!(v["articles"].as_array().unwrap().len(), 2);
});

async fn department(app: &TestApp, admin: &Client, name: &str) -> i64 {
    let t = app.csrf(admin, "/").await;
    let res = admin
        .post(app.url("/api/v1/departments"))
        .header("x-csrf-token", t)
        .json(&json!({"name": name, "kind": "department"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn place(app: &TestApp, user: i64, dept: i64) {
    let conn = app.state.db.conn();
    let b = conn.get_database_backend();
    conn.execute_raw(Statement::from_sql_and_values(
        b,
        sanban_platform::db::for_backend(b, "UPDATE users SET department_id = $1 WHERE id = $2"),
        [dept.into(), user.into()],
    ))
    .await
    .unwrap();
}

async fn notices(app: &TestApp, user: i64) -> Vec<(String, Option<String>)> {
    let conn = app.state.db.conn();
    let b = conn.get_database_backend();
    conn.query_all_raw(Statement::from_sql_and_values(
        b,
        sanban_platform::db::for_backend(
            b,
            "SELECT title, link FROM notifications WHERE user_id = $1",
        ),
        [user.into()],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("", "title").unwrap(),
            r.try_get("", "link").unwrap(),
        )
    })
    .collect()
}

db_test!(
    distribution_reaches_the_list_and_only_it,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, clerk, _) = app
            .user_session(&admin, "wenmi", "文秘甲", &["clerk"])
            .await;
        let dept = department(&app, &admin, "综合处").await;
        let (a_id, a, _) = app
            .user_session(&admin, "zhangsan", "张三", &["staff"])
            .await;
        let (b_id, _, _) = app.user_session(&admin, "lisi", "李四", &["staff"]).await;
        let (c_id, c, _) = app.user_session(&admin, "wangwu", "王五", &["staff"]).await;
        let (d_id, d, _) = app
            .user_session(&admin, "zhaoliu", "赵六", &["staff"])
            .await;
        place(&app, a_id, dept).await;
        place(&app, b_id, dept).await;

        let t = title_id(&app, &clerk, "工作动态").await;
        let id = draft(&app, &clerk, t, "重点工作推进情况").await;
        let (ds, cs) = (dept.to_string(), c_id.to_string());
        let res = post(
            &app,
            &clerk,
            &format!("/documents/periodicals/issues/{id}/head"),
            &[
                ("report_to", "市委办公室"),
                ("send_to", "各位领导"),
                ("distribute_to", "各处室"),
                ("department", &ds),
                ("user", &cs),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // Before 印发 the draft is the office's alone, even for those on the list.
        let page = format!("/documents/periodicals/issues/{id}");
        let res = c.get(app.url(&page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(!res.text().await.unwrap().contains("重点工作推进情况"));
        let (s, body) = app
            .api_get(&c, &format!("/api/v1/documents/periodicals/issues/{id}"))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert!(!body.to_string().contains("重点工作推进情况"));
        // Nor may a reader edit or move it.
        assert_eq!(
            c.get(app.url(&format!("{page}/edit")))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            act(&app, &c, id, "submit", &[]).await,
            StatusCode::FORBIDDEN
        );

        issue_through(&app, &clerk, id, "2022-08-08").await;
        for uid in [a_id, b_id, c_id] {
            let n = notices(&app, uid).await;
            assert_eq!(n.len(), 1, "user {uid}: {n:?}");
            assert_eq!(n[0].0, "刊物《工作动态 2022年第1期》已印发");
            assert_eq!(n[0].1.as_deref(), Some(page.as_str()));
        }
        assert!(notices(&app, d_id).await.is_empty());

        for reader in [&a, &c] {
            let html = reader
                .get(app.url(&page))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                html.contains("重点工作推进情况") && html.contains("报：市委办公室"),
                "{html}"
            );
            let (s, list) = app
                .api_get(reader, "/api/v1/documents/periodicals/issues")
                .await;
            assert_eq!(s, StatusCode::OK);
            assert_eq!(list.as_array().unwrap().len(), 1);
        }
        let res = d.get(app.url(&page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(!res.text().await.unwrap().contains("重点工作推进情况"));
        let (s, list) = app
            .api_get(&d, "/api/v1/documents/periodicals/issues")
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list, json!([]));
        assert_eq!(
            d.get(app.url(&format!("{page}/pdf")))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
    }
);

db_test!(issue_pdf_carries_the_masthead, |app: TestApp| async move {
    let admin = app.admin().await;
    let (_, clerk, _) = app
        .user_session(&admin, "wenmi", "文秘甲", &["clerk"])
        .await;
    let t = title_id(&app, &clerk, "集团内参").await;
    let id = draft(&app, &clerk, t, "关于安全生产的调研报告").await;
    post(
        &app,
        &clerk,
        &format!("/documents/periodicals/issues/{id}/head"),
        &[
            ("report_to", "市委、市政府主要领导"),
            ("send_to", "各位副市长"),
            ("distribute_to", "各局委办"),
        ],
    )
    .await;
    post(
        &app,
        &clerk,
        &format!("/documents/periodicals/issues/{id}/articles"),
        &[
            ("title", "第二篇：防汛工作情况"),
            ("author", "李四"),
            (
                "body",
                "今年以来，全市防汛工作总体平稳。\n各部门认真落实责任。",
            ),
        ],
    )
    .await;
    issue_through(&app, &clerk, id, "2022-01-05").await;
    let res = clerk
        .get(app.url(&format!("/documents/periodicals/issues/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // typst writes the document title (the 刊名) into the PDF's XMP metadata as UTF-8.
    let hay = String::from_utf8_lossy(&pdf);
    assert!(hay.contains("集团内参"), "title not in the PDF");
});

db_test!(
    pressing_issue_twice_at_once_takes_one_number,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, clerk, _) = app
            .user_session(&admin, "wenmi", "文秘甲", &["clerk"])
            .await;
        let t = title_id(&app, &clerk, "工作通报").await;
        let id = draft(&app, &clerk, t, "并发印发").await;
        for a in ["submit", "approve"] {
            assert_eq!(act(&app, &clerk, id, a, &[]).await, StatusCode::SEE_OTHER);
        }
        let token = app.csrf(&clerk, "/documents/periodicals").await;
        let url = app.url(&format!("/documents/periodicals/issues/{id}/do/issue"));
        let tries = (0..8).map(|_| {
            clerk
                .post(url.clone())
                .form(&[("date", "2022-04-01"), ("_csrf", token.as_str())])
                .send()
        });
        let statuses: Vec<StatusCode> = futures_util::future::join_all(tries)
            .await
            .into_iter()
            .map(|r| r.unwrap().status())
            .collect();
        let ok = statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count();
        assert_eq!(ok, 1, "{statuses:?}");
        assert!(
            statuses
                .iter()
                .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT)
        );
        assert_eq!(issue_json(&app, &clerk, id).await["number"], 1);
        let next = draft(&app, &clerk, t, "下一期").await;
        issue_through(&app, &clerk, next, "2022-04-02").await;
        assert_eq!(issue_json(&app, &clerk, next).await["number"], 2);
    }
);
