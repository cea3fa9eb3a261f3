//! 督办周报: one ISO week's figures by department, for all tasks and for one 专项, drafted,
//! numbered in its own gap-free series and delivered.

use chrono::NaiveDate;
use reqwest::StatusCode;
use sanban_platform::web::format::day_start_ms;
use sanban_supervision::issue::week;
use serde_json::{Value, json};

use crate::{
    db_test,
    issues::history,
    office::{Office, actor, create, get, office, post_json, task_body},
    support::TestApp,
};

fn ms(m: u32, d: u32) -> i64 {
    day_start_ms(NaiveDate::from_ymd_opt(2026, m, d).unwrap())
}

async fn task(app: &TestApp, o: &Office, title: &str, dept: i64, source: &str, due: &str) -> i64 {
    let mut body = task_body(o, title, due);
    body["department_id"] = json!(dept);
    body["partner_ids"] = json!([]);
    body["source"] = json!(source);
    let (s, v) = create(app, &o.supervisor, body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["id"].as_i64().unwrap()
}

/// Week 12 of 2026 runs from Monday 16 to Sunday 22 March.
async fn fixture(app: &TestApp, o: &Office) {
    let (a, b) = (o.dept_a, o.dept_b);
    let t = task(app, o, "周内办结", a, "assigned", "2026-03-20").await;
    history(app, t, ms(3, 2), Some(ms(3, 18))).await;
    let t = task(app, o, "本周新交办", a, "meeting", "2026-04-30").await;
    history(app, t, ms(3, 17), None).await;
    let t = task(app, o, "超期未办", a, "meeting", "2026-03-10").await;
    history(app, t, ms(2, 1), None).await;
    let t = task(app, o, "下周才办结", a, "meeting", "2026-03-19").await;
    history(app, t, ms(2, 1), Some(ms(3, 25))).await;
    let t = task(app, o, "上周办结", b, "meeting", "2026-03-15").await;
    history(app, t, ms(2, 1), Some(ms(3, 12))).await;
    // Due on the Sunday: its whole last day has passed when the week ends.
    let t = task(app, o, "周日到期", b, "assigned", "2026-03-22").await;
    history(app, t, ms(3, 1), None).await;
    let t = task(app, o, "下周一到期", b, "assigned", "2026-03-23").await;
    history(app, t, ms(3, 1), None).await;
    let t = task(app, o, "下周新任务", b, "assigned", "2026-04-30").await;
    history(app, t, ms(3, 24), None).await;
}

fn counts(v: &Value) -> Vec<(String, i64, i64, i64, i64)> {
    v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["department"].as_str().unwrap().to_string(),
                l["assigned"].as_i64().unwrap(),
                l["completed"].as_i64().unwrap(),
                l["in_progress"].as_i64().unwrap(),
                l["overdue"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn worst(v: &Value) -> Vec<(String, i64)> {
    v["worst"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["title"].as_str().unwrap().to_string(),
                w["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect()
}

db_test!(the_week_counts_each_department, |app: TestApp| async move {
    let o = office(&app).await;
    fixture(&app, &o).await;

    let (s, w) = get(&app, &o.supervisor, "/api/v1/supervision/weeks/2026-W12").await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert_eq!(
        counts(&w),
        vec![("综合处".into(), 1, 1, 1, 2), ("财务处".into(), 0, 0, 1, 1)]
    );
    assert_eq!(
        (
            &w["assigned"],
            &w["completed"],
            &w["in_progress"],
            &w["overdue"]
        ),
        (&json!(1), &json!(1), &json!(2), &json!(3))
    );
    assert_eq!(
        worst(&w),
        vec![
            ("超期未办".into(), 12),
            ("下周才办结".into(), 3),
            ("周日到期".into(), 1)
        ]
    );
    assert_eq!(w["from_text"], "2026年3月16日");
    assert_eq!(w["to_text"], "2026年3月22日");

    let (s, m) = get(
        &app,
        &o.supervisor,
        "/api/v1/supervision/weeks/2026-W12?special=meeting",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(counts(&m), vec![("综合处".into(), 1, 0, 1, 2)]);
    assert_eq!(
        worst(&m),
        vec![("超期未办".into(), 12), ("下周才办结".into(), 3)]
    );

    // Read on the Thursday, the week stands as it is then: 「下周才办结」 is not yet late.
    let thursday = week::week(app.state.db.conn(), "2026-W12", None, ms(3, 19))
        .await
        .unwrap();
    let lines: Vec<_> = thursday
        .lines
        .iter()
        .map(|l| (l.assigned, l.completed, l.in_progress, l.overdue))
        .collect();
    assert_eq!(lines, vec![(1, 1, 2, 1), (0, 0, 2, 0)]);
    assert_eq!(thursday.worst[0].days_overdue, 8);

    let (s, _) = get(&app, &o.head_a, "/api/v1/supervision/weeks/2026-W12").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = get(&app, &o.supervisor, "/api/v1/supervision/weeks/2026-12").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = get(
        &app,
        &o.supervisor,
        "/api/v1/supervision/weeks/2026-W12?special=nothing",
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
});

db_test!(
    weekly_reports_are_drafted_and_numbered_in_their_own_series,
    |app: TestApp| async move {
        let o = office(&app).await;
        fixture(&app, &o).await;
        let (s, v) = post_json(
            &app,
            &o.head_a,
            "/api/v1/supervision/weeklies",
            json!({"week": "2026-W12"}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = post_json(
            &app,
            &o.supervisor,
            "/api/v1/supervision/weeklies",
            json!({"week": "2026-W01"}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["message"], "该周没有可报告的督办事项");

        let (s, d) = post_json(
            &app,
            &o.supervisor,
            "/api/v1/supervision/weeklies",
            json!({"week": "2026-W12", "special": "meeting"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{d}");
        assert_eq!(d["kind"], "weekly");
        assert_eq!(d["week"], "2026-W12");
        assert_eq!(d["special"], "meeting");
        assert_eq!(d["title"], "会议决定事项专项督办周报（2026年第12周）");
        assert_eq!(
            d["body"],
            "2026年3月16日至2026年3月22日，会议决定事项专项督办事项新交办 1 件，已办结 0 件，\
             正在办理 1 件，超期未办结 2 件。\n各部门情况如下：\n\
             综合处：新交办 1 件，已办结 0 件，正在办理 1 件，超期未办结 2 件。\n\
             超期时间较长的事项：\n1. 综合处「超期未办」，超期 12 天。\n\
             2. 综合处「下周才办结」，超期 3 天。\n\
             请有关部门高度重视，抓紧办理，并于下周督办前报送落实情况。"
        );
        assert_eq!(d["recipients"], json!(["分管领导", "综合处长"]));

        // A monthly 通报 issued in between takes its own series' number.
        let (_, b) = post_json(
            &app,
            &o.supervisor,
            "/api/v1/supervision/bulletins",
            json!({"month": "2026-03"}),
        )
        .await;
        let issue = |id: &Value| format!("/api/v1/supervision/issues/{id}/issue");
        let (_, bi) = post_json(&app, &o.supervisor, &issue(&b["id"]), json!({})).await;
        assert_eq!(bi["number_text"], "督报〔2026〕1号");

        let (s, all) = post_json(
            &app,
            &o.supervisor,
            "/api/v1/supervision/weeklies",
            json!({"week": "2026-W12"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{all}");
        assert_eq!(all["title"], "督办周报（2026年第12周）");
        assert!(
            all["body"]
                .as_str()
                .unwrap()
                .starts_with("2026年3月16日至2026年3月22日，督办事项新交办 1 件，已办结 1 件，正在办理 2 件，超期未办结 3 件。"),
            "{all}"
        );
        let (s, first) = post_json(&app, &o.supervisor, &issue(&d["id"]), json!({})).await;
        assert_eq!(s, StatusCode::OK, "{first}");
        let (_, second) = post_json(&app, &o.supervisor, &issue(&all["id"]), json!({})).await;
        assert_eq!(
            (&first["number_text"], &second["number_text"]),
            (&json!("督周〔2026〕1号"), &json!("督周〔2026〕2号"))
        );
        let (s, again) = post_json(&app, &o.supervisor, &issue(&all["id"]), json!({})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{again}");

        let head = actor(&app, &o.head_a).await;
        let notices = sanban_platform::notify::list(&app.state.db, &head)
            .await
            .unwrap();
        assert!(
            notices
                .iter()
                .any(|n| n.title == "督办周报：督周〔2026〕2号"),
            "{notices:?}"
        );
        let (s, v) = get(
            &app,
            &o.head_a,
            &format!("/api/v1/supervision/issues/{}", all["id"]),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");

        // The 统计 page counts the issued ones by kind, drafts left out.
        let sup = actor(&app, &o.supervisor).await;
        let year = sanban_platform::web::format::today()
            .format("%Y")
            .to_string()
            .parse()
            .unwrap();
        let table =
            sanban_platform::figures::year_table(&app.state.db, &sup, &app.state.figures, year)
                .await
                .unwrap();
        let value = |key: &str| table.iter().find(|f| f.key == key).unwrap().value;
        assert_eq!(value("supervision.weeklies"), 2);
        assert_eq!(value("supervision.bulletins"), 1);
    }
);
