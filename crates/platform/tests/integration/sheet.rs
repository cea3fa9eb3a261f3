use reqwest::{StatusCode, multipart};
use rust_xlsxwriter::Workbook;
use serde_json::json;

use crate::{db_test, support::TestApp};

fn sheet(rows: &[[&str; 7]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["登录名", "姓名", "部门", "职务", "电话", "电子邮箱", "角色"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn upload(app: &TestApp, c: &reqwest::Client, bytes: Vec<u8>) -> reqwest::Response {
    let t = app.csrf(c, "/org/import").await;
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(bytes).file_name("people.xlsx"),
    );
    c.post(app.url(&format!("/org/import?_csrf={t}")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

db_test!(a_bad_sheet_imports_nothing, |app: TestApp| async move {
    let c = app.admin().await;
    let t = app.csrf(&c, "/").await;
    c.post(app.url("/api/v1/departments"))
        .header("x-csrf-token", t)
        .json(&json!({"name": "办公室", "kind": "office"}))
        .send()
        .await
        .unwrap();
    let bad = sheet(&[
        [
            "sunli",
            "孙丽",
            "办公室",
            "文秘",
            "0551-62601234",
            "",
            "文秘",
        ],
        ["zhouqi", "周琦", "后勤处", "科员", "", "", ""],
        ["3bad", "", "办公室", "", "12ab", "x@y", "皇帝"],
        ["sunli", "孙丽二", "办公室", "", "", "", ""],
    ]);
    let res = upload(&app, &c, bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    for expect in [
        "第 3 行",
        "没有名为「后勤处」的部门",
        "第 4 行",
        "登录名须为",
        "姓名不能为空",
        "电话号码「12ab」格式不正确",
        "电子邮箱「x@y」格式不正确",
        "没有名为「皇帝」的角色",
        "第 5 行",
        "与第 2 行的登录名重复",
        "未导入任何数据",
    ] {
        assert!(html.contains(expect), "missing {expect}");
    }
    let (_, people) = app.api_get(&c, "/api/v1/people").await;
    assert_eq!(
        people.as_array().unwrap().len(),
        1,
        "only admin: nothing imported"
    );
    let (_, posts) = app.api_get(&c, "/api/v1/posts").await;
    assert!(
        posts.as_array().unwrap().is_empty(),
        "no post created either"
    );

    let res = upload(&app, &c, b"not a workbook".to_vec()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains(".xlsx"));
});

db_test!(
    a_good_sheet_imports_and_exports_back,
    |app: TestApp| async move {
        let c = app.admin().await;
        let t = app.csrf(&c, "/").await;
        c.post(app.url("/api/v1/departments"))
            .header("x-csrf-token", t)
            .json(&json!({"name": "办公室", "kind": "office"}))
            .send()
            .await
            .unwrap();
        let good = sheet(&[
            [
                "sunli",
                "孙丽",
                "办公室",
                "文秘",
                "0551-62601234",
                "sunli@example.cn",
                "文秘、督查专员",
            ],
            ["zhouqi", "周琦", "办公室", "科员", "", "", "工作人员"],
        ]);
        let res = upload(&app, &c, good).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("新增 2 人，更新 0 人，新增职务 2 个")
        );
        let (_, people) = app.api_get(&c, "/api/v1/people?q=孙丽").await;
        assert_eq!(people[0]["roles"], json!(["clerk", "supervisor"]));
        assert_eq!(people[0]["post"], "文秘");
        assert_eq!(people[0]["has_account"], false);

        let bytes = c
            .get(app.url("/org/export.xlsx"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        use calamine::{Reader, Xlsx, open_workbook_from_rs};
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let range = wb.worksheet_range("人员").unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(rows[0][0], "登录名");
        let sunli = rows.iter().find(|r| r[0] == "sunli").expect("exported");
        assert_eq!(
            sunli[1..],
            [
                "孙丽",
                "办公室",
                "文秘",
                "0551-62601234",
                "sunli@example.cn",
                "文秘（收发员）、督查专员"
            ]
            .map(String::from)
        );

        // Two sections of one name are told apart by their parents.
        let t = app.csrf(&c, "/").await;
        let office: serde_json::Value = app.api_get(&c, "/api/v1/departments").await.1[0].clone();
        let legal: serde_json::Value = c
            .post(app.url("/api/v1/departments"))
            .header("x-csrf-token", t.clone())
            .json(&json!({"name": "法规处", "kind": "department"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for parent in [&office, &legal] {
            c.post(app.url("/api/v1/departments"))
                .header("x-csrf-token", t.clone())
                .json(&json!({"name": "综合科", "kind": "department", "parent_id": parent["id"]}))
                .send()
                .await
                .unwrap();
        }
        let ambiguous = sheet(&[["liqiang", "李强", "综合科", "", "", "", ""]]);
        let html = upload(&app, &c, ambiguous).await.text().await.unwrap();
        assert!(
            html.contains("有多个名为「综合科」的部门，请写成「上级部门/综合科」"),
            "{html}"
        );
        let res = upload(
            &app,
            &c,
            sheet(&[["liqiang", "李强", "法规处/综合科", "", "", "", ""]]),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        let (_, p) = app.api_get(&c, "/api/v1/people?q=李强").await;
        let (_, d) = app
            .api_get(
                &c,
                &format!("/api/v1/departments/{}", p[0]["department_id"]),
            )
            .await;
        assert_eq!(d["parent_id"], legal["id"]);

        // The same sheet again updates rather than duplicates.
        let again = sheet(&[["zhouqi", "周琦", "办公室", "文秘", "13800000000", "", ""]]);
        let res = upload(&app, &c, again).await;
        assert!(res.text().await.unwrap().contains("新增 0 人，更新 1 人"));
    }
);
