//! The 统计 page's 会议经费 in 元 and the planned count beside the meetings held: exact
//! numbers from known budgets and plans.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    db_test,
    office::{form, meeting, office},
    support::TestApp,
};

fn at(kind: &str, title: &str, day: &str, budget: &str) -> Value {
    json!({"kind": kind, "title": title, "starts_at": format!("{day}T09:00"), "ends_at": format!("{day}T10:00"), "place": "会议室", "budget": budget})
}

db_test!(
    budget_and_plan_figures_add_up_exactly,
    |app: TestApp| async move {
        let o = office(&app).await;
        meeting(
            &app,
            &o.clerk,
            at("党委会", "党委会", "2026-03-03", "1200.50"),
        )
        .await;
        meeting(
            &app,
            &o.clerk,
            at("专题会", "专题会", "2026-03-10", "300.25"),
        )
        .await;
        let cancelled = meeting(
            &app,
            &o.clerk,
            at("例会", "例会（取消）", "2026-04-06", "900"),
        )
        .await;
        let res = form(
            &app,
            &o.clerk,
            &format!("/meetings/{}/state", cancelled["id"]),
            &[("action", "cancel")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        meeting(
            &app,
            &o.clerk,
            at("党委会", "去年党委会", "2025-06-03", "1000"),
        )
        .await;

        let plan = |year: &'static str,
                    month: &'static str,
                    entries: Vec<(&'static str, &'static str)>| {
            let mut f = vec![("year", year), ("month", month)];
            for (k, n) in entries {
                f.push(("kind", k));
                f.push(("planned", n));
            }
            f
        };
        for f in [
            plan("2026", "", vec![("党委会", "4"), ("专题会", "2")]),
            // 党委会 has a year plan, so its March plan is not counted again; 例会 has none.
            plan("2026", "3", vec![("党委会", "1"), ("例会", "2")]),
            plan("2025", "6", vec![("党委会", "3")]),
        ] {
            let res = form(&app, &o.clerk, "/meetings/plans", &f).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }

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
        let budget = fig("meetings.budget");
        assert_eq!(budget["unit"], "元");
        // 1200.50 + 300.25 = 1500.75 元, shown as 1501; the cancelled 900 is left out.
        assert_eq!(budget["value"], 1501);
        assert_eq!(budget["previous"], 1000);
        assert_eq!(budget["months"][2], 1501);
        assert_eq!(budget["months"][3], 0);
        let planned = fig("meetings.planned");
        assert_eq!(planned["value"], 8);
        assert_eq!(planned["previous"], 3);
        assert_eq!(planned["months"][0], 6);
        assert_eq!(planned["months"][2], 2);
        assert_eq!(planned["previous_months"][5], 3);
        assert_eq!(fig("meetings.all")["value"], 2);
        assert_eq!(budget["summed"], true);
        assert_eq!(fig("meetings.all")["summed"], false);
        // The drill-down of a total counts its records, not 元.
        let page = o
            .director
            .c
            .get(app.url("/figures/meetings.budget?year=2026"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("2026年共 2 条记录"), "{page}");

        let (_, recs) = app
            .api_get(
                &o.director.c,
                "/api/v1/figures/meetings.planned/records?year=2026&month=3",
            )
            .await;
        assert_eq!(recs["total"], 1, "{recs}");
        assert_eq!(recs["records"][0]["title"], "例会");

        let (s, _) = app.api_get(&o.staff_a.c, "/api/v1/figures?year=2026").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);
