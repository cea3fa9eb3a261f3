//! 电话记录 and 传真: the office records, lists, filters and exports; nobody else sees any.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::{db_test, support::TestApp};

async fn record(app: &TestApp, c: &Client, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = app.csrf(c, "/documents/phone").await;
    let mut f: Vec<(&str, &str)> = fields.to_vec();
    f.push(("_csrf", &token));
    c.post(app.url("/documents/phone"))
        .form(&f)
        .send()
        .await
        .unwrap()
}

db_test!(
    phone_log_records_lists_filters_exports,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, clerk, _) = app
            .user_session(&admin, "wenmi", "文秘甲", &["clerk"])
            .await;
        let (_, director, _) = app
            .user_session(&admin, "zhuren", "办公室主任乙", &["office_director"])
            .await;
        let res = record(
            &app,
            &clerk,
            &[
                ("kind", "phone"),
                ("at", "2022-01-05T14:03"),
                ("from_unit", "市应急管理局"),
                ("from_person", "刘科长"),
                ("number", "0571-88880000"),
                ("to_whom", "王主任"),
                ("content", "通知明日上午召开防汛会议"),
                ("handling", "已报王主任，安排综合处参会"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        // Without content nothing is recorded.
        let res = record(
            &app,
            &clerk,
            &[
                ("kind", "phone"),
                ("at", "2022-01-05T15:00"),
                ("content", " "),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = record(
            &app,
            &clerk,
            &[
                ("kind", "telegram"),
                ("at", "2022-01-05T15:00"),
                ("content", "x"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let token = app.csrf(&clerk, "/documents/phone").await;
        let res = clerk
        .post(app.url("/api/v1/documents/phone"))
        .header("x-csrf-token", token.clone())
        .json(&json!({"kind": "传真", "at": "2023-02-01T09:30", "from_unit": "省政府办公厅", "content": "转发春耕生产通知", "to_whom": "收发室"}))
        .send()
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let fax: Value = res.json().await.unwrap();
        assert_eq!(fax["kind"], "fax");
        assert_eq!(fax["at_text"], "2023年2月1日 09:30");
        assert_eq!(fax["recorded_by_name"], "文秘甲");

        let (s, all) = app.api_get(&clerk, "/api/v1/documents/phone").await;
        assert_eq!(s, StatusCode::OK);
        let all = all.as_array().unwrap().clone();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0]["content"], "转发春耕生产通知");
        for (q, expect) in [
            ("?year=2022", vec!["通知明日上午召开防汛会议"]),
            ("?kind=fax", vec!["转发春耕生产通知"]),
            ("?q=防汛", vec!["通知明日上午召开防汛会议"]),
            ("?q=省政府", vec!["转发春耕生产通知"]),
            ("?year=2022&kind=fax", vec![]),
        ] {
            let (s, v) = app
                .api_get(&clerk, &format!("/api/v1/documents/phone{q}"))
                .await;
            assert_eq!(s, StatusCode::OK);
            let got: Vec<&str> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["content"].as_str().unwrap())
                .collect();
            assert_eq!(got, expect, "{q}");
        }
        let html = clerk
            .get(app.url("/documents/phone?kind=phone&q=%E9%98%B2%E6%B1%9B"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("市应急管理局") && !html.contains("省政府办公厅"));
        assert!(html.contains("2022年1月5日 14:03"));

        // Edit the call's 办理情况.
        let id = all[1]["id"].as_i64().unwrap();
        let res = clerk
            .post(app.url(&format!("/documents/phone/{id}")))
            .form(&[
                ("kind", "phone"),
                ("at", "2022-01-05T14:03"),
                ("from_unit", "市应急管理局"),
                ("content", "通知明日上午召开防汛会议"),
                ("handling", "综合处张三参会"),
                ("_csrf", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, v) = app
            .api_get(&clerk, &format!("/api/v1/documents/phone/{id}"))
            .await;
        assert_eq!(v["handling"], "综合处张三参会");

        let edit = clerk
            .get(app.url(&format!("/documents/phone/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(edit.contains("value=\"2022-01-05T14:03\"") && edit.contains("综合处张三参会"));

        for (year, key, n) in [
            (2022, "documents.phone", 1),
            (2022, "documents.fax", 0),
            (2023, "documents.fax", 1),
        ] {
            let (_, table) = app
                .api_get(&director, &format!("/api/v1/figures?year={year}"))
                .await;
            let fig = table
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["key"] == key)
                .unwrap()
                .clone();
            assert_eq!(fig["value"], n, "{key} {year}");
        }
        let (_, recs) = app
            .api_get(&director, "/api/v1/figures/documents.fax/records?year=2023")
            .await;
        assert_eq!(
            recs["records"][0]["link"],
            format!("/documents/phone/{}", fax["id"])
        );

        let res = clerk
            .get(app.url("/documents/phone/export.xlsx?year=2022"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let bytes = res.bytes().await.unwrap();
        assert!(bytes.starts_with(b"PK"));
        assert!(bytes.len() > 3000);
    }
);

db_test!(
    staff_get_403_on_phone_and_drafts,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, clerk, _) = app
            .user_session(&admin, "wenmi", "文秘甲", &["clerk"])
            .await;
        let (_, staff, _) = app
            .user_session(&admin, "zhangsan", "张三", &["staff"])
            .await;
        let token = app.csrf(&clerk, "/documents/phone").await;
        let res = clerk
            .post(app.url("/api/v1/documents/phone"))
            .header("x-csrf-token", token)
            .json(&json!({"kind": "phone", "at": "2022-01-05T14:03", "content": "机密来电内容"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

        for path in [
            "/documents/phone".to_string(),
            format!("/documents/phone/{id}"),
            "/documents/phone/export.xlsx".to_string(),
            "/api/v1/documents/phone".to_string(),
            format!("/api/v1/documents/phone/{id}"),
        ] {
            let res = staff.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
            assert!(
                !res.text().await.unwrap().contains("机密来电内容"),
                "{path}"
            );
        }
        let token = app.csrf(&staff, "/").await;
        let res = staff
            .post(app.url("/api/v1/documents/phone"))
            .header("x-csrf-token", token.clone())
            .json(&json!({"kind": "phone", "at": "2022-01-05T14:03", "content": "冒充"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = staff
            .post(app.url("/documents/phone"))
            .form(&[
                ("kind", "phone"),
                ("at", "2022-01-05T14:03"),
                ("content", "冒充"),
                ("_csrf", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let home = staff
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!home.contains("/documents/phone"));

        // 刊物: a staff member sees no drafts and may not start one.
        let res = staff
            .get(app.url("/documents/periodicals"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        assert!(!html.contains("编辑新一期"));
        let res = staff
            .post(app.url("/documents/periodicals/issues"))
            .form(&[("periodical_id", "1"), ("_csrf", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
);
