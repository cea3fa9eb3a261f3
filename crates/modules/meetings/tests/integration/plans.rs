//! 会议计划 and the figures: planned against held per type, 经费 against the year before,
//! and the 统计 page's counts; cancelled and postponed meetings count for nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    db_test,
    office::{form, meeting, office, page},
    support::TestApp,
};

fn at(kind: &str, title: &str, day: &str, budget: &str, in_stats: bool) -> Value {
    json!({"kind": kind, "title": title, "starts_at": format!("{day}T09:00"), "ends_at": format!("{day}T10:00"), "place": "会议室", "budget": budget, "in_stats": in_stats})
}

fn row<'a>(r: &'a Value, kind: &str) -> &'a Value {
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == kind)
        .unwrap()
}

db_test!(
    plans_and_figures_count_only_meetings_that_stand,
    |app: TestApp| async move {
        let o = office(&app).await;
        let res = form(
            &app,
            &o.clerk,
            "/meetings/plans",
            &[
                ("year", "2026"),
                ("kind", "党委会"),
                ("planned", "2"),
                ("kind", "专题会"),
                ("planned", "1"),
                ("kind", "例会"),
                ("planned", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = form(
            &app,
            &o.clerk,
            "/meetings/plans",
            &[("year", "2026"), ("kind", "党委会"), ("planned", "两次")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("党委会的计划次数应为 0 至 10000 的整数")
        );
        let res = form(
            &app,
            &o.staff_a,
            "/meetings/plans",
            &[("year", "2026"), ("kind", "党委会"), ("planned", "9")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        for (i, day) in ["2026-01-06", "2026-02-03", "2026-03-03"]
            .iter()
            .enumerate()
        {
            meeting(
                &app,
                &o.clerk,
                at(
                    "党委会",
                    &format!("党委会第{}次会议", i + 1),
                    day,
                    "",
                    false,
                ),
            )
            .await;
        }
        let cancelled = meeting(
            &app,
            &o.clerk,
            at("党委会", "党委会（取消）", "2026-04-07", "900", true),
        )
        .await;
        let postponed = meeting(
            &app,
            &o.clerk,
            at("专题会", "专题会（延期）", "2026-04-08", "800", true),
        )
        .await;
        for (m, action) in [(&cancelled, "cancel"), (&postponed, "postpone")] {
            let res = form(
                &app,
                &o.clerk,
                &format!("/meetings/{}/state", m["id"]),
                &[("action", action)],
            )
            .await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
        let routine = meeting(
            &app,
            &o.clerk,
            at("例会", "周例会", "2026-05-11", "300", true),
        )
        .await;
        // The real cost is recorded once the meeting has been held.
        let path = format!("/meetings/{}", routine["id"]);
        let res = form(
            &app,
            &o.clerk,
            &format!("{path}/state"),
            &[("action", "held")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = form(
            &app,
            &o.clerk,
            &format!("{path}/budget"),
            &[("budget", "五百")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = form(
            &app,
            &o.staff_a,
            &format!("{path}/budget"),
            &[("budget", "1")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = form(
            &app,
            &o.clerk,
            &format!("{path}/budget"),
            &[("budget", "500")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{}/budget", cancelled["id"]),
            &[("budget", "1")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        meeting(
            &app,
            &o.clerk,
            at("党委会", "2025年党委会", "2025-06-03", "1000", false),
        )
        .await;

        let (s, r) = app
            .api_get(&o.clerk.c, "/api/v1/meetings/plans?year=2026")
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        let party = row(&r, "党委会");
        assert_eq!(
            (
                party["planned"].clone(),
                party["actual"].clone(),
                party["previous"].clone()
            ),
            (json!(2), json!(3), json!(1))
        );
        assert_eq!(party["previous_budget_text"], "1000.00");
        let special = row(&r, "专题会");
        assert_eq!(
            (special["planned"].clone(), special["actual"].clone()),
            (json!(1), json!(0))
        );
        let routine = row(&r, "例会");
        assert_eq!(
            (routine["planned"].clone(), routine["actual"].clone()),
            (Value::Null, json!(1))
        );
        assert_eq!(routine["budget_text"], "500.00");
        assert_eq!(r["total"]["planned"], 3);
        assert_eq!(r["total"]["actual"], 4);
        assert_eq!(r["total"]["budget_text"], "500.00");
        assert_eq!(r["total"]["previous_budget_text"], "1000.00");
        let (_, html) = page(&app, &o.clerk, "/meetings/plans?year=2026").await;
        assert!(html.contains("2026年会议计划") && html.contains("超计划"));
        // One month's plan stands apart from the year's.
        let res = form(
            &app,
            &o.clerk,
            "/meetings/plans",
            &[
                ("year", "2026"),
                ("month", "1"),
                ("kind", "党委会"),
                ("planned", "1"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, jan) = app
            .api_get(&o.clerk.c, "/api/v1/meetings/plans?year=2026&month=1")
            .await;
        assert_eq!(jan["period_text"], "2026年1月");
        let party = row(&jan, "党委会");
        assert_eq!(
            (party["planned"].clone(), party["actual"].clone()),
            (json!(1), json!(1))
        );
        assert_eq!(jan["total"]["actual"], 1);
        let (_, june) = app
            .api_get(&o.clerk.c, "/api/v1/meetings/plans?year=2025&month=6")
            .await;
        assert_eq!(row(&june, "党委会")["actual"], 1);
        assert_eq!(row(&june, "党委会")["budget_text"], "1000.00");
        let (_, r) = app
            .api_get(&o.clerk.c, "/api/v1/meetings/plans?year=2026")
            .await;
        assert_eq!(row(&r, "党委会")["planned"], 2);
        let (s, _) = app
            .api_get(&o.clerk.c, "/api/v1/meetings/plans?year=2026&month=13")
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, html) = page(&app, &o.clerk, "/meetings/plans?year=2026&month=1").await;
        assert!(html.contains("2026年1月会议计划"));
        let (s, _) = app
            .api_get(&o.staff_a.c, "/api/v1/meetings/plans?year=2026")
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        let (s, figures) = app
            .api_get(&o.director.c, "/api/v1/figures?year=2026")
            .await;
        assert_eq!(s, StatusCode::OK, "{figures}");
        let fig = |key: &str| {
            figures
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["key"] == key)
                .unwrap_or_else(|| panic!("no figure {key}"))
                .clone()
        };
        assert_eq!(fig("meetings.all")["value"], 4);
        assert_eq!(fig("meetings.all")["previous"], 1);
        assert_eq!(fig("meetings.all")["group"], "办会");
        assert_eq!(fig("meetings.all")["average"]["value"], 125.0);
        assert_eq!(fig("meetings.in_stats")["value"], 1);
        assert_eq!(fig("meetings.kind.dangwei")["value"], 3);
        assert_eq!(fig("meetings.kind.dangwei")["months"][0], 1);
        assert_eq!(fig("meetings.kind.special")["value"], 0);
        assert_eq!(fig("meetings.kind.routine")["value"], 1);
        let (_, recs) = app
            .api_get(
                &o.director.c,
                "/api/v1/figures/meetings.kind.dangwei/records?year=2026",
            )
            .await;
        assert_eq!(recs["total"], 3);
        assert!(
            recs["records"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["title"].as_str().unwrap().starts_with("党委会第"))
        );
    }
);
