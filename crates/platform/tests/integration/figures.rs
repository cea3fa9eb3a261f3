//! 年度统计: counts by Beijing year and month, the records behind each number, the Excel export
//! and who may see them.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use reqwest::StatusCode;
use sanban_platform::{
    auth::service,
    workflow::{AssigneeRule, Definition, SignMode, StartRequest, StepDef, engine, remind},
};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::{db_test, support::TestApp};

/// 2025-12-31 23:59:59 and 2026-01-01 00:00:00 in Beijing.
const LAST_SECOND_OF_2025: i64 = 1_767_196_799_000;
const FIRST_SECOND_OF_2026: i64 = 1_767_196_800_000;
const DAY: i64 = 86_400_000;

async fn set_times(app: &TestApp, id: i64, started: i64, finished: Option<(i64, i64)>) {
    let db = &app.state.db;
    let sql = match finished {
        Some((done, due)) => format!(
            "UPDATE workflow_instances SET started_at = {started}, status = 'completed', finished_at = {done}, due_at = {due} WHERE id = {id}"
        ),
        None => format!("UPDATE workflow_instances SET started_at = {started} WHERE id = {id}"),
    };
    db.conn()
        .execute_raw(Statement::from_string(db.backend(), sql))
        .await
        .unwrap();
}

db_test!(figures_count_by_beijing_year, |app: TestApp| async move {
    let admin = app.admin().await;
    let (director_id, director, _) = app
        .user_session(&admin, "zhuren", "办公室主任", &["office_director"])
        .await;
    let (staff_id, staff, _) = app.user_session(&admin, "keyuan", "科员", &["staff"]).await;
    let db = &app.state.db;
    engine::register(
        db,
        &Definition {
            key: "fig.test".into(),
            version: 1,
            name: "统计测试".into(),
            reminders: Default::default(),
            module_steps: Vec::new(),
            module_only: false,
            starter: None,
            steps: vec![StepDef {
                name: "审核".into(),
                assignee: AssigneeRule::Field { name: "a".into() },
                mode: SignMode::Any,
                when: None,
                due_days: None,
            }],
        },
    )
    .await
    .unwrap();
    let me = service::load_actor(db, staff_id, None, None)
        .await
        .unwrap()
        .unwrap();
    let mut ids = vec![];
    for title in [
        "二〇二五年最后一件",
        "二〇二六年第一件",
        "三月的第一件",
        "三月的第二件",
        "二〇二五年六月的一件",
    ] {
        let req = StartRequest {
            definition_key: "fig.test".into(),
            module: "test".into(),
            record_id: title.into(),
            title: title.into(),
            department_id: None,
            fields: json!({"a": [staff_id]}).as_object().cloned().unwrap(),
            urgent: false,
            due_at: None,
        };
        ids.push(engine::start(db, &me, req).await.unwrap().id);
    }
    let march = FIRST_SECOND_OF_2026 + (31 + 28 + 9) * DAY;
    set_times(&app, ids[0], LAST_SECOND_OF_2025, None).await;
    set_times(&app, ids[1], FIRST_SECOND_OF_2026, None).await;
    set_times(
        &app,
        ids[2],
        march,
        Some((march + 25 * DAY, march + 15 * DAY)),
    )
    .await;
    set_times(
        &app,
        ids[3],
        march + 10 * DAY,
        Some((march + 12 * DAY, march + 30 * DAY)),
    )
    .await;
    set_times(&app, ids[4], LAST_SECOND_OF_2025 - 200 * DAY, None).await;

    let table: Vec<Value> = director
        .get(app.url("/api/v1/figures?year=2026"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let figure = |key: &str| table.iter().find(|f| f["key"] == key).unwrap().clone();
    let started = figure("workflow.started");
    assert_eq!(started["value"], 3, "{started}");
    assert_eq!(started["previous"], 2);
    assert_eq!(
        started["months"][0], 1,
        "00:00 on 1 January in Beijing is 2026"
    );
    assert_eq!(started["months"][2], 2);
    assert_eq!(started["previous_months"][11], 1);
    assert_eq!(started["previous_months"][5], 1);
    assert_eq!(figure("workflow.completed")["value"], 2);
    assert_eq!(figure("workflow.completed_late")["value"], 1);
    assert_eq!(
        figure("workflow.completed")["months"][3],
        1,
        "finished in April"
    );
    // 25 days and 2 days: 13.5 on average; the year before finished nothing.
    let avg = &figure("workflow.completed")["average"];
    assert_eq!(avg["label"], "平均办理时长");
    assert_eq!(avg["value"], 13.5);
    assert!(avg["previous"].is_null());

    let page = director
        .get(app.url("/figures?year=2026"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("平均办理时长 13.5 天"),
        "the average shows beside the count"
    );
    let row = page
        .split("id=\"figure-workflow.started\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(row.contains(">3</a>") && row.contains(">2</a>"), "{row}");
    assert!(row.contains("+50.0%"), "{row}");

    let january: Value = director
        .get(app.url("/api/v1/figures/workflow.started/records?year=2026&month=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(january["total"], 1);
    assert_eq!(january["records"][0]["title"], "二〇二六年第一件");
    assert_eq!(
        january["records"][0]["link"],
        format!("/workflow/{}", ids[1])
    );
    let detail = director
        .get(app.url("/figures/workflow.started?year=2025"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(detail.contains("2025年共 2 件"), "{detail}");
    assert!(detail.contains("二〇二五年最后一件") && !detail.contains("三月的第一件"));

    let res = director
        .get(app.url("/figures/export.xlsx?year=2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''2026")
    );
    let bytes = res.bytes().await.unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("2026年统计").unwrap();
    let row = sheet
        .rows()
        .find(|r| r[1] == Data::String("发起流转事项".into()))
        .unwrap();
    assert_eq!(row[3], Data::Float(3.0));
    assert_eq!(row[4], Data::Float(2.0));
    assert_eq!(row[5], Data::Float(1.0));
    assert_eq!(row[7], Data::Float(1.0), "January");

    // 催办 and 传阅 are counted from their own rows; the record's title comes with the list.
    assert_eq!(
        remind::press(db, &me, ids[1], "请尽快办理").await.unwrap(),
        1
    );
    assert_eq!(
        engine::circulate(db, &me, ids[1], &[director_id], "请阅")
            .await
            .unwrap(),
        1
    );
    let this_year = (chrono::Utc::now() + chrono::Duration::hours(8)).year();
    for key in ["workflow.reminders", "workflow.circulated"] {
        let (status, table) = app
            .api_get(&director, &format!("/api/v1/figures?year={this_year}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        let f = table
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == key)
            .unwrap();
        assert_eq!(f["value"], 1, "{f}");
        let (_, listed) = app
            .api_get(
                &director,
                &format!("/api/v1/figures/{key}/records?year={this_year}"),
            )
            .await;
        assert_eq!(listed["total"], 1, "{listed}");
        assert_eq!(listed["records"][0]["title"], "二〇二六年第一件");
        assert_eq!(
            listed["records"][0]["link"],
            format!("/workflow/{}", ids[1])
        );
    }

    for path in [
        "/figures?year=2026",
        "/figures/export.xlsx",
        "/api/v1/figures",
        "/api/v1/figures/workflow.started/records",
        "/figures/workflow.started",
    ] {
        let res = staff.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        let body = res.text().await.unwrap();
        assert!(!body.contains("二〇二六年第一件"), "{path} leaks a title");
    }
    let res = director
        .get(app.url("/api/v1/figures?year=1990"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("年份须在"));
    let res = director
        .get(app.url("/figures/workflow.started?year=2026&month=13"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = director
        .get(app.url("/figures?year=abc"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    let res = director
        .get(app.url("/figures/no.such"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
});
