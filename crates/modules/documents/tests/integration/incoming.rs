//! 收文 end to end over HTTP: registration, 初审, 拟办, 批办, 协办, 承办, 办结, 退文, 退回,
//! duplicates, numbering, who may see a record, and 密件.

use reqwest::{Client, StatusCode, multipart};
use sanban_platform::{
    auth::{Actor, service},
    org::departments::{self, DepartmentInput, DepartmentKind},
    workflow::engine,
};
use serde_json::{Value, json};

use crate::{db_test, support::TestApp};

struct P {
    id: i64,
    c: Client,
    csrf: String,
}

struct Office {
    clerk: P,
    leader: P,
    head_a: P,
    head_b: P,
    staff_a: P,
    outsider: P,
    secrecy: P,
    dept_a: i64,
    dept_b: i64,
}

async fn dept(app: &TestApp, name: &str) -> i64 {
    departments::create(
        &app.state.db,
        &Actor::system("测试"),
        DepartmentInput {
            name: name.into(),
            parent_id: None,
            kind: DepartmentKind::Department,
            sort_order: 0,
        },
    )
    .await
    .unwrap()
    .id
}

async fn person(app: &TestApp, admin: &Client, u: &str, n: &str, role: &str, d: Option<i64>) -> P {
    let (id, c, _) = app.user_session(admin, u, n, &[role]).await;
    if let Some(d) = d {
        let t = app.csrf(admin, "/").await;
        let p: Value = admin
            .get(app.url(&format!("/api/v1/people/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let res = admin
            .put(app.url(&format!("/api/v1/people/{id}")))
            .header("x-csrf-token", t)
            .json(&json!({"username": p["username"], "name": p["name"], "roles": p["roles"], "department_id": d}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    }
    let csrf = app.csrf(&c, "/").await;
    P { id, c, csrf }
}

async fn office(app: &TestApp) -> Office {
    let admin = app.admin().await;
    let a = dept(app, "综合处").await;
    let b = dept(app, "财务处").await;
    let other = dept(app, "人事处").await;
    Office {
        clerk: person(app, &admin, "shoufa", "收发员", "clerk", None).await,
        leader: person(app, &admin, "fenguan", "分管领导", "deputy_leader", None).await,
        head_a: person(
            app,
            &admin,
            "zonghe",
            "综合处长",
            "department_head",
            Some(a),
        )
        .await,
        head_b: person(app, &admin, "caiwu", "财务处长", "department_head", Some(b)).await,
        staff_a: person(app, &admin, "keyuan", "综合科员", "staff", Some(a)).await,
        outsider: person(app, &admin, "renshi", "人事科员", "staff", Some(other)).await,
        secrecy: person(app, &admin, "baomi", "保密员", "secrecy_officer", None).await,
        dept_a: a,
        dept_b: b,
    }
}

fn input(title: &str, number: &str) -> Value {
    json!({
        "source_unit": "市人民政府办公室",
        "source_number": number,
        "title": title,
        "kind": "通知",
        "copies": 2,
        "received_on": "2022-03-01",
        "due_on": "2022-03-10",
        "channel": "paper",
        "source_class": "government",
    })
}

async fn register(app: &TestApp, p: &P, body: Value) -> (StatusCode, Value) {
    let res =
        p.c.post(app.url("/api/v1/documents/incoming"))
            .header("x-csrf-token", &p.csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

/// The viewer's pending task at `step` on record `id`: (task, version).
async fn task(app: &TestApp, who: &P, id: i64, step: &str) -> (i64, i32) {
    let actor = service::load_actor(&app.state.db, who.id, None, None)
        .await
        .unwrap()
        .unwrap();
    let inst =
        engine::instance_of_record(app.state.db.conn(), "documents", &format!("incoming:{id}"))
            .await
            .unwrap()
            .unwrap();
    let v = engine::detail(&app.state.db, &actor, inst.id)
        .await
        .unwrap();
    let t = v
        .my_tasks
        .iter()
        .find(|t| t.step_name == step && t.kind == "approve")
        .unwrap_or_else(|| panic!("no {step} task for {}", who.id));
    (t.id, t.version)
}

async fn post(app: &TestApp, who: &P, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    let mut f: Vec<(&str, String)> = vec![("_csrf", who.csrf.clone())];
    f.extend(form.iter().cloned());
    who.c.post(app.url(path)).form(&f).send().await.unwrap()
}

async fn act(app: &TestApp, who: &P, id: i64, step: &str, form: &[(&str, String)]) -> StatusCode {
    let (t, v) = task(app, who, id, step).await;
    let mut f = vec![("version", v.to_string())];
    f.extend(form.iter().cloned());
    post(app, who, &format!("/workflow/tasks/{t}/act"), &f)
        .await
        .status()
}

async fn page(app: &TestApp, who: &P, path: &str) -> (StatusCode, String) {
    let res = who.c.get(app.url(path)).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// Saves a page with its style sheet for looking at, when SANBAN_SHEET_DUMP names a folder.
async fn dump(app: &TestApp, who: &P, path: &str, name: &str) {
    let Ok(dir) = std::env::var("SANBAN_SHEET_DUMP") else {
        return;
    };
    let (_, html) = page(app, who, path).await;
    let css = who
        .c
        .get(app.url("/static/sanban.css"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    std::fs::write(format!("{dir}/sanban.css"), css).unwrap();
    std::fs::write(
        format!("{dir}/{name}.html"),
        html.replace("/static/sanban.css", "sanban.css"),
    )
    .unwrap();
}

async fn state(app: &TestApp, who: &P, id: i64) -> Value {
    let (s, v) = app
        .api_get(&who.c, &format!("/api/v1/documents/incoming/{id}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn propose(app: &TestApp, o: &Office, id: i64) {
    let (t, v) = task(app, &o.clerk, id, "拟办").await;
    let res = post(
        app,
        &o.clerk,
        &format!("/documents/incoming/{id}/propose"),
        &[
            ("task", t.to_string()),
            ("version", v.to_string()),
            ("host_department_id", o.dept_a.to_string()),
            ("co_departments", o.dept_b.to_string()),
            ("instruct_leaders", o.leader.id.to_string()),
            (
                "opinion",
                "拟请分管领导阅示，由综合处主办，财务处协办。".into(),
            ),
        ],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
}

db_test!(
    incoming_runs_from_registration_to_done,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (s, body) = register(
            &app,
            &o.clerk,
            input("关于做好防汛工作的通知", "市政办〔2022〕15号"),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        let id = body["id"].as_i64().unwrap();
        assert_eq!(body["number"], "收〔2022〕0001");
        assert_eq!(body["step"], "初审");
        assert_eq!(body["channel"], "paper");

        assert_eq!(
            act(
                &app,
                &o.clerk,
                id,
                "初审",
                &[
                    ("action", "approve".into()),
                    ("opinion", "审核无误。".into())
                ]
            )
            .await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(state(&app, &o.clerk, id).await["step"], "拟办");
        // The generic 同意 cannot stand in for the 拟办 form: nobody would be named to act next.
        assert_eq!(
            act(
                &app,
                &o.clerk,
                id,
                "拟办",
                &[("action", "approve".into()), ("opinion", "同意。".into())]
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(state(&app, &o.clerk, id).await["step"], "拟办");
        let (_, html) = page(&app, &o.clerk, &format!("/documents/incoming/{id}")).await;
        assert!(
            html.contains("id=\"propose-form\""),
            "the 拟办 form is offered"
        );
        dump(
            &app,
            &o.clerk,
            &format!("/documents/incoming/{id}"),
            "propose",
        )
        .await;
        propose(&app, &o, id).await;
        let v = state(&app, &o.clerk, id).await;
        assert_eq!(v["step"], "批办");
        assert_eq!(v["host_department_id"], o.dept_a);
        assert_eq!(v["co_departments"], json!([o.dept_b]));

        // The leader's 批示, then turned into a 督办 task waiting for the supervision module.
        assert_eq!(
            act(
                &app,
                &o.leader,
                id,
                "批办",
                &[
                    ("action", "approve".into()),
                    ("opinion", "请综合处抓紧落实，月底前报结果。".into())
                ]
            )
            .await,
            StatusCode::SEE_OTHER
        );
        let res = post(
            &app,
            &o.leader,
            &format!("/documents/incoming/{id}/handoff"),
            &[("instruction", "请综合处抓紧落实，月底前报结果。".into())],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&app, &o.leader, &format!("/documents/incoming/{id}")).await;
        assert!(html.contains("已转督办，待督办模块受理"));
        // Someone who wrote no 批示 cannot.
        let res = post(
            &app,
            &o.head_a,
            &format!("/documents/incoming/{id}/handoff"),
            &[("instruction", "x".into())],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        assert_eq!(state(&app, &o.clerk, id).await["step"], "协办");
        assert_eq!(
            act(
                &app,
                &o.head_b,
                id,
                "协办",
                &[
                    ("action", "approve".into()),
                    ("opinion", "财务处已核对经费。".into())
                ]
            )
            .await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(state(&app, &o.clerk, id).await["step"], "承办");
        // A staff member of the 主办 department sees it without taking part.
        let (s, _) = page(&app, &o.staff_a, &format!("/documents/incoming/{id}")).await;
        assert_eq!(s, StatusCode::OK);

        dump(
            &app,
            &o.head_a,
            &format!("/documents/incoming/{id}"),
            "handle",
        )
        .await;
        let (t, v) = task(&app, &o.head_a, id, "承办").await;
        let res = post(
            &app,
            &o.head_a,
            &format!("/documents/incoming/{id}/finish"),
            &[
                ("task", t.to_string()),
                ("version", v.to_string()),
                ("result", "已部署全区防汛检查。".into()),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let v = state(&app, &o.head_a, id).await;
        assert_eq!(v["status"], "done");
        assert_eq!(v["step"], "已办结");
        assert_eq!(v["result"], "已部署全区防汛检查。");
        assert!(v["finished_at"].as_i64().is_some());

        // The 处理笺 has every 意见 and 批示 in order.
        let (s, sheet) = page(&app, &o.clerk, &format!("/documents/incoming/{id}/sheet")).await;
        assert_eq!(s, StatusCode::OK);
        let order = [
            "审核无误。",
            "拟请分管领导阅示",
            "请综合处抓紧落实",
            "财务处已核对经费。",
            "已部署全区防汛检查。",
        ];
        let mut at = 0;
        for t in order {
            let pos = sheet[at..]
                .find(t)
                .unwrap_or_else(|| panic!("{t} missing or out of order"));
            at += pos;
        }
        assert!(sheet.contains("分管领导"));
        let res = o
            .clerk
            .c
            .get(app.url(&format!("/documents/incoming/{id}/sheet.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let pdf = res.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let doc = lopdf::Document::load_mem(&pdf).expect("a valid PDF");
        assert_eq!(doc.get_pages().len(), 1);
        if let Ok(dir) = std::env::var("SANBAN_SHEET_DUMP") {
            std::fs::write(format!("{dir}/sheet.pdf"), &pdf).unwrap();
        }
        // The text as typst lays it out (the PDF's CJK glyphs do not extract reliably).
        let clerk = service::load_actor(&app.state.db, o.clerk.id, None, None)
            .await
            .unwrap()
            .unwrap();
        let (number, form) = sanban_documents::incoming::sheet::form_of(&app.state, &clerk, id)
            .await
            .unwrap();
        assert_eq!(number, "收〔2022〕0001");
        if let Ok(r) = sanban_gongwen::PdfRenderer::new(None) {
            let src = r.form_source(&form);
            for t in [
                "收文处理笺",
                "审核无误",
                "请综合处抓紧落实",
                "财务处已核对经费",
                "已部署全区防汛检查",
                "2022年3月10日",
            ] {
                assert!(src.contains(t), "{t} in the 处理笺");
            }
        }
    }
);

db_test!(
    office_may_reject_at_check_and_return_to_propose,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (_, body) = register(
            &app,
            &o.clerk,
            input("关于征订报刊的函", "某公司函〔2022〕3号"),
        )
        .await;
        let id = body["id"].as_i64().unwrap();
        let (t, _) = task(&app, &o.clerk, id, "初审").await;
        // No reason, no 退文.
        let res = post(
            &app,
            &o.clerk,
            &format!("/documents/incoming/{id}/reject"),
            &[("task", t.to_string()), ("reason", " ".into())],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(state(&app, &o.clerk, id).await["status"], "processing");
        let res = post(
            &app,
            &o.clerk,
            &format!("/documents/incoming/{id}/reject"),
            &[
                ("task", t.to_string()),
                ("reason", "不属本机关职责范围".into()),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let v = state(&app, &o.clerk, id).await;
        assert_eq!(v["status"], "rejected");
        assert_eq!(v["reject_reason"], "不属本机关职责范围");
        assert_eq!(v["step"], "已退文");

        // 退回 from 批办 to 拟办: the office proposes again.
        let (_, body) = register(
            &app,
            &o.clerk,
            input("关于开展安全检查的通知", "市政办〔2022〕16号"),
        )
        .await;
        let id = body["id"].as_i64().unwrap();
        act(&app, &o.clerk, id, "初审", &[("action", "approve".into())]).await;
        propose(&app, &o, id).await;
        assert_eq!(
            act(
                &app,
                &o.leader,
                id,
                "批办",
                &[
                    ("action", "return".into()),
                    ("to_step", "1".into()),
                    ("reason", "请明确主办部门".into())
                ]
            )
            .await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(state(&app, &o.clerk, id).await["step"], "拟办");
        propose(&app, &o, id).await;
        assert_eq!(state(&app, &o.clerk, id).await["step"], "批办");
    }
);

db_test!(
    duplicates_are_flagged_and_numbers_run_per_year,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (s, first) = register(
            &app,
            &o.clerk,
            input("关于防汛的通知", "市政办〔2022〕15号"),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, dup) = register(
            &app,
            &o.clerk,
            input("关于防汛的通知", "市政办〔2022〕15号"),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert_eq!(dup["duplicates"][0]["id"], first["id"]);
        // The page shows the earlier one and asks to confirm.
        let form = [
            ("_csrf", o.clerk.csrf.clone()),
            ("source_unit", "市人民政府办公室".into()),
            ("source_number", "市政办〔2022〕15号".into()),
            ("title", "关于防汛的通知".into()),
            ("kind", "通知".into()),
            ("received_on", "2022-03-02".into()),
            ("channel", "oa".into()),
            ("source_class", "government".into()),
        ];
        let res = o
            .clerk
            .c
            .post(app.url("/documents/incoming/new"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        assert!(html.contains("duplicate-warning") && html.contains("收〔2022〕0001"));
        let mut confirmed = form.to_vec();
        confirmed.push(("confirm_duplicate", "1".into()));
        let res = o
            .clerk
            .c
            .post(app.url("/documents/incoming/new"))
            .form(&confirmed)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let mut body = input("关于防汛的通知", "市政办〔2022〕15号");
        body["confirm_duplicate"] = json!(true);
        let (s, third) = register(&app, &o.clerk, body).await;
        assert_eq!(s, StatusCode::CREATED);
        assert_eq!(third["number"], "收〔2022〕0003");
        // A new year starts again at 0001.
        let mut next = input("关于春节值班的通知", "市政办〔2023〕1号");
        next["received_on"] = json!("2023-01-04");
        next["due_on"] = json!("2023-01-10");
        let (_, v) = register(&app, &o.clerk, next).await;
        assert_eq!(v["number"], "收〔2023〕0001");
        // Bad input changes nothing and does not take a number.
        let mut bad = input("x", "y");
        bad["kind"] = json!("便条");
        let (s, _) = register(&app, &o.clerk, bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, v) = register(
            &app,
            &o.clerk,
            input("关于报送材料的通知", "市政办〔2022〕20号"),
        )
        .await;
        assert_eq!(v["number"], "收〔2022〕0004");
        // Only the 收发 may register.
        let (s, _) = register(&app, &o.staff_a, input("a", "b")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

async fn upload(app: &TestApp, who: &P, id: i64) -> (StatusCode, Value) {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes("来文原件\n".as_bytes().to_vec()).file_name("原件.txt"),
    );
    let res = who
        .c
        .post(app.url(&format!(
            "/api/v1/attachments?module=documents&record_id=incoming:{id}&slot=file"
        )))
        .header("x-csrf-token", &who.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

db_test!(other_departments_get_403, |app: TestApp| async move {
    let o = office(&app).await;
    let (_, body) = register(
        &app,
        &o.clerk,
        input("关于机构编制的通知", "市编办〔2022〕9号"),
    )
    .await;
    let id = body["id"].as_i64().unwrap();
    let (s, att) = upload(&app, &o.clerk, id).await;
    assert!(s.is_success(), "{att}");
    let att_id = att["id"].as_i64().unwrap();
    act(&app, &o.clerk, id, "初审", &[("action", "approve".into())]).await;
    // Someone else's 拟办 task cannot be used from outside.
    let (t, v) = task(&app, &o.clerk, id, "拟办").await;
    let res = post(
        &app,
        &o.outsider,
        &format!("/documents/incoming/{id}/propose"),
        &[
            ("task", t.to_string()),
            ("version", v.to_string()),
            ("host_department_id", o.dept_b.to_string()),
            ("opinion", "冒名拟办".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(state(&app, &o.clerk, id).await["proposal"], "");
    propose(&app, &o, id).await;

    for path in [
        format!("/documents/incoming/{id}"),
        format!("/documents/incoming/{id}/sheet"),
    ] {
        let (s, html) = page(&app, &o.outsider, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        assert!(
            !html.contains("机构编制"),
            "{path} shows nothing of the record"
        );
    }
    let (s, v) = app
        .api_get(&o.outsider.c, &format!("/api/v1/documents/incoming/{id}"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(!v.to_string().contains("机构编制"));
    let res = o
        .outsider
        .c
        .get(app.url(&format!("/attachments/{att_id}/download")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = o
        .staff_a
        .c
        .get(app.url(&format!("/attachments/{att_id}/download")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the 主办 department may read the original"
    );
    // 查询下载人次: the clerk's upload and the refused download do not count; the one that
    // was served does, and its line leads to the record for those who may see it.
    let year = sanban_platform::figures::current_year();
    let (s, v) = app
        .api_get(
            &o.leader.c,
            &format!("/api/v1/figures/documents.downloads/records?year={year}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["records"][0]["title"], "原件.txt");
    let link = v["records"][0]["link"].as_str().unwrap().to_string();
    assert_eq!(link, format!("/documents/attachments/{att_id}"));
    let res = o.staff_a.c.get(app.url(&link)).send().await.unwrap();
    assert_eq!(
        res.headers()["location"],
        format!("/documents/incoming/{id}").as_str()
    );
    let res = o.outsider.c.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The list leaves it out for the outsider, and shows it to the 主办 department.
    let (_, html) = page(&app, &o.outsider, "/documents/incoming").await;
    assert!(!html.contains("机构编制"));
    let (_, html) = page(&app, &o.staff_a, "/documents/incoming").await;
    assert!(html.contains("机构编制"), "{html}");
    let (_, html) = page(
        &app,
        &o.clerk,
        "/documents/incoming?source_class=government",
    )
    .await;
    assert!(html.contains("机构编制"));
});

db_test!(
    classified_paper_records_are_kept_apart,
    |app: TestApp| async move {
        let o = office(&app).await;
        let mut body = input("关于某专项工作的通知", "市委办〔2022〕1号");
        body["classification"] = json!("秘密");
        body["classified"] = json!(true);
        body["need_to_know"] = json!([o.head_a.id]);
        // The 收发员 does not register 密件.
        let (s, _) = register(&app, &o.clerk, body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, v) = register(&app, &o.secrecy, body).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let id = v["id"].as_i64().unwrap();
        assert_eq!(v["classified"], true);

        let (s, _) = upload(&app, &o.secrecy, id).await;
        assert_eq!(
            s,
            StatusCode::FORBIDDEN,
            "no electronic file on a paper 密件"
        );
        for who in [&o.clerk, &o.staff_a, &o.outsider] {
            let (s, html) = page(&app, who, &format!("/documents/incoming/{id}")).await;
            assert_eq!(s, StatusCode::FORBIDDEN);
            assert!(!html.contains("专项工作"));
        }
        for who in [&o.clerk, &o.staff_a, &o.outsider] {
            let (_, html) = page(&app, who, "/documents/incoming").await;
            assert!(!html.contains("专项工作"), "the list leaves a 密件 out");
        }
        for who in [&o.head_a, &o.secrecy] {
            let (_, html) = page(&app, who, "/documents/incoming").await;
            assert!(
                html.contains("专项工作"),
                "the 知悉范围 and 保密 handlers list it"
            );
        }
        let (s, html) = page(&app, &o.head_a, &format!("/documents/incoming/{id}")).await;
        assert_eq!(s, StatusCode::OK, "named in the 知悉范围");
        assert!(html.contains("纸质密件"));
        state(&app, &o.secrecy, id).await;
        let conn = app.state.db.conn();
        use sea_orm::{ConnectionTrait, Statement};
        let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'documents.incoming.view_classified'",
        ))
        .await
        .unwrap()
        .unwrap();
        let n: i64 = row.try_get_by_index(0).unwrap();
        assert_eq!(n, 2, "each view audited");
        // Its handler records the outcome; the figures count it without its title.
        let res = post(
            &app,
            &o.secrecy,
            &format!("/documents/incoming/{id}/finish"),
            &[("result", "已按规定传达。".into())],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(state(&app, &o.secrecy, id).await["status"], "done");
        let admin = app.admin().await;
        let director = person(
            &app,
            &admin,
            "zhuren",
            "办公室主任",
            "office_director",
            None,
        )
        .await;
        let year = sanban_platform::figures::current_year();
        let (_, v) = app
            .api_get(
                &director.c,
                &format!("/api/v1/figures/documents.incoming.classified/records?year={year}"),
            )
            .await;
        assert_eq!(v["total"], 1);
        assert_eq!(v["records"][0]["title"], "收〔2022〕0001（密件）");
        let (s, _) = page(&app, &director, &format!("/documents/incoming/{id}")).await;
        assert_eq!(
            s,
            StatusCode::FORBIDDEN,
            "the office does not see 密件 either"
        );
    }
);

db_test!(leaders_read_and_figures_count, |app: TestApp| async move {
    let o = office(&app).await;
    let admin = app.admin().await;
    let chief = person(&app, &admin, "zhuyao", "主要领导", "chief_leader", None).await;
    let director = person(
        &app,
        &admin,
        "zhuren",
        "办公室主任",
        "office_director",
        None,
    )
    .await;
    let (_, body) = register(
        &app,
        &o.clerk,
        input("关于防汛的通知", "市政办〔2022〕15号"),
    )
    .await;
    let id = body["id"].as_i64().unwrap();
    // 办理时限 is the instance's deadline, so 催办 works on it.
    let inst =
        engine::instance_of_record(app.state.db.conn(), "documents", &format!("incoming:{id}"))
            .await
            .unwrap()
            .unwrap();
    assert!(inst.due_at.is_some_and(|d| d > 0));
    act(&app, &o.clerk, id, "初审", &[("action", "approve".into())]).await;
    // 拟办 without 批示 leaders and with 传阅 to the 主要领导: 批办 is skipped.
    let (t, v) = task(&app, &director, id, "拟办").await;
    let res = post(
        &app,
        &director,
        &format!("/documents/incoming/{id}/propose"),
        &[
            ("task", t.to_string()),
            ("version", v.to_string()),
            ("host_department_id", o.dept_a.to_string()),
            ("read_leaders", chief.id.to_string()),
            ("opinion", "送主要领导阅知，由综合处办理。".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(state(&app, &o.clerk, id).await["step"], "承办");
    let (s, html) = page(&app, &chief, &format!("/documents/incoming/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("传阅：请阅知"));
    let chief_actor = service::load_actor(&app.state.db, chief.id, None, None)
        .await
        .unwrap()
        .unwrap();
    let read = engine::detail(&app.state.db, &chief_actor, inst.id)
        .await
        .unwrap()
        .my_tasks[0]
        .clone();
    assert_eq!(read.kind, "read");
    let res = post(
        &app,
        &chief,
        &format!("/workflow/tasks/{}/act", read.id),
        &[
            ("version", read.version.to_string()),
            ("action", "read".into()),
            ("comment", "已阅，同意。".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &o.clerk, &format!("/documents/incoming/{id}")).await;
    assert!(
        html.contains("已阅，同意。"),
        "the read receipt shows on the page"
    );

    // A second one is 退文.
    let (_, body) = register(&app, &o.clerk, input("关于征订的函", "某公司函〔2022〕3号")).await;
    let id2 = body["id"].as_i64().unwrap();
    let (t, _) = task(&app, &o.clerk, id2, "初审").await;
    post(
        &app,
        &o.clerk,
        &format!("/documents/incoming/{id2}/reject"),
        &[("task", t.to_string()), ("reason", "不属本机关办理".into())],
    )
    .await;

    let year = sanban_platform::figures::current_year();
    let count = |key: &'static str| {
        let (c, url) = (
            &director.c,
            app.url(&format!("/api/v1/figures/{key}/records?year={year}")),
        );
        async move {
            let v: Value = c.get(url).send().await.unwrap().json().await.unwrap();
            (v["total"].as_i64().unwrap(), v)
        }
    };
    assert_eq!(count("documents.incoming.total").await.0, 2);
    assert_eq!(count("documents.incoming.source.government").await.0, 2);
    assert_eq!(count("documents.incoming.source.peer").await.0, 0);
    assert_eq!(count("documents.incoming.channel.paper").await.0, 2);
    assert_eq!(count("documents.incoming.rejected").await.0, 1);
    assert_eq!(count("documents.incoming.classified").await.0, 0);
    let (n, v) = count("documents.incoming.overdue").await;
    assert_eq!(n, 1, "open past its 2022 time limit");
    assert_eq!(v["records"][0]["link"], format!("/documents/incoming/{id}"));

    // The 收文登记簿 comes out as a workbook.
    let res = o
        .clerk
        .c
        .get(app.url("/documents/incoming/register.xlsx?year=2022"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));
});

db_test!(
    distribution_creates_the_recipients_incoming,
    |app: TestApp| async move {
        use sanban_documents::incoming::distributed::{Distributed, receive};
        let o = office(&app).await;
        let clerk = service::load_actor(&app.state.db, o.clerk.id, None, None)
            .await
            .unwrap()
            .unwrap();
        let d = Distributed {
            outgoing_id: 7,
            source_unit: "本机关".into(),
            source_number: "办〔2022〕12号".into(),
            title: "关于印发年度工作要点的通知".into(),
            kind: "通知".into(),
            classification: String::new(),
            urgency: String::new(),
            copies: 1,
            department_id: Some(o.dept_a),
            user_id: None,
        };
        let tx = app.state.db.begin_write().await.unwrap();
        let to_dept = receive(&tx, &clerk, &d).await.unwrap();
        let to_person = receive(
            &tx,
            &clerk,
            &Distributed {
                department_id: None,
                user_id: Some(o.staff_a.id),
                ..d.clone()
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let v = state(&app, &o.clerk, to_dept).await;
        assert_eq!(v["channel"], "oa");
        assert_eq!(v["outgoing_id"], 7);
        assert_eq!(v["step"], "初审");
        assert_eq!(v["host_department_id"], o.dept_a);
        // The person finds it to read, and may open it.
        let staff = service::load_actor(&app.state.db, o.staff_a.id, None, None)
            .await
            .unwrap()
            .unwrap();
        let inst = engine::instance_of_record(
            app.state.db.conn(),
            "documents",
            &format!("incoming:{to_person}"),
        )
        .await
        .unwrap()
        .unwrap();
        let mine = engine::detail(&app.state.db, &staff, inst.id)
            .await
            .unwrap()
            .my_tasks;
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].kind, "read");
        let (s, _) = page(
            &app,
            &o.staff_a,
            &format!("/documents/incoming/{to_person}"),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = page(
            &app,
            &o.outsider,
            &format!("/documents/incoming/{to_person}"),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

/// Stands in for the supervision module: takes every hand-off as its task 1.
struct Sink;

#[async_trait::async_trait]
impl sanban_platform::handoff::TaskSink for Sink {
    fn module(&self) -> &'static str {
        "supervision"
    }
    async fn take(
        &self,
        _tx: &sanban_platform::db::WriteTx,
        _actor: &Actor,
        _h: &sanban_platform::handoff::Handoff,
    ) -> sanban_platform::AppResult<String> {
        Ok("task:1".into())
    }
    async fn status(
        &self,
        _conn: &sea_orm::DatabaseConnection,
        record: &str,
    ) -> sanban_platform::AppResult<Option<sanban_platform::handoff::TaskStatus>> {
        Ok(Some(sanban_platform::handoff::TaskStatus {
            label: "已超期".into(),
            closed: false,
            overdue: true,
            url: format!("/supervision/{record}"),
        }))
    }
}

fn no_migrations(
    _db: sanban_platform::Db,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sea_orm::DbErr>> + Send>> {
    Box::pin(async { Ok(()) })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervision_module_takes_the_handoff() {
    let mut supervision = sanban_platform::Module::new("supervision", "督查督办", no_migrations);
    supervision.task_sink = Some(std::sync::Arc::new(Sink));
    let app = TestApp::start_modules(
        crate::support::Backend::Sqlite,
        vec![sanban_documents::module(), supervision],
    )
    .await;
    let o = office(&app).await;
    let (_, body) = register(
        &app,
        &o.clerk,
        input("关于防汛的通知", "市政办〔2022〕15号"),
    )
    .await;
    let id = body["id"].as_i64().unwrap();
    act(&app, &o.clerk, id, "初审", &[("action", "approve".into())]).await;
    propose(&app, &o, id).await;
    act(
        &app,
        &o.leader,
        id,
        "批办",
        &[
            ("action", "approve".into()),
            ("opinion", "请抓紧办理。".into()),
        ],
    )
    .await;
    let res = post(
        &app,
        &o.leader,
        &format!("/documents/incoming/{id}/handoff"),
        &[("instruction", "请抓紧办理。".into())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &o.leader, &format!("/documents/incoming/{id}")).await;
    assert!(
        html.contains(
            r#"<a href="/supervision/task:1">督办任务</a>：<span class="badge off">已超期</span>"#
        ),
        "the 收文 shows where the task stands"
    );
    assert!(!html.contains("待督办模块受理"));
}

/// On a classified network (`classified_network = true`) a paper 密件 may carry its files;
/// still only its handlers and 知悉范围 see them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_classified_network_lets_classified_records_carry_files() {
    let app = TestApp::start_modules(
        crate::support::Backend::Sqlite,
        vec![sanban_documents::module_for(true)],
    )
    .await;
    let o = office(&app).await;
    let mut body = input("关于某专项工作的通知", "市委办〔2022〕2号");
    body["classification"] = json!("秘密");
    body["classified"] = json!(true);
    body["need_to_know"] = json!([o.head_a.id]);
    let (s, v) = register(&app, &o.secrecy, body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (s, att) = upload(&app, &o.secrecy, id).await;
    assert!(s.is_success(), "{att}");
    let att_id = att["id"].as_i64().unwrap();
    for (who, expected) in [
        (&o.head_a, StatusCode::OK),
        (&o.clerk, StatusCode::FORBIDDEN),
        (&o.outsider, StatusCode::FORBIDDEN),
    ] {
        let res = who
            .c
            .get(app.url(&format!("/attachments/{att_id}/download")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), expected);
    }
}
