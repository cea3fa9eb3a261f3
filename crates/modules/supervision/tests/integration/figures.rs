//! The 统计 page's 督查督办 figures, counted from the records.

use reqwest::StatusCode;
use sanban_platform::{db::now_ms, figures};
use serde_json::json;

use crate::{
    db_test,
    issues::history,
    office::{actor, create, office, post_json, task_body},
    support::TestApp,
};

db_test!(
    the_year_figures_count_tasks_closures_and_notices,
    |app: TestApp| async move {
        let o = office(&app).await;
        let mut ids = Vec::new();
        for (title, due) in [
            ("按时办结", "2027-03-10"),
            ("超期办结", "2026-03-10"),
            ("在办", "2027-06-30"),
        ] {
            let (_, t) = create(&app, &o.supervisor, task_body(&o, title, due)).await;
            ids.push(t["id"].as_i64().unwrap());
        }
        let (s, d) = post_json(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/tasks/{}/notice", ids[2]),
            json!({}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        post_json(
            &app,
            &o.supervisor,
            &format!("/api/v1/supervision/issues/{}/issue", d["id"]),
            json!({}),
        )
        .await;
        let now = now_ms();
        history(&app, ids[0], now, Some(now)).await;
        history(&app, ids[1], now, Some(now)).await;

        let sup = actor(&app, &o.supervisor).await;
        let year = sanban_platform::web::format::today()
            .format("%Y")
            .to_string()
            .parse()
            .unwrap();
        let table = figures::year_table(&app.state.db, &sup, &app.state.figures, year)
            .await
            .unwrap();
        let value = |key: &str| {
            table
                .iter()
                .find(|f| f.key == key)
                .unwrap_or_else(|| panic!("{key}"))
                .value
        };
        assert_eq!(value("supervision.tasks"), 3);
        assert_eq!(value("supervision.source.assigned"), 3);
        assert_eq!(value("supervision.source.meeting"), 0);
        assert_eq!(value("supervision.closed"), 2);
        assert_eq!(value("supervision.closed_late"), 1);
        assert_eq!(value("supervision.notices"), 1);
        assert_eq!(value("supervision.bulletins"), 0);
        let closed = table
            .iter()
            .find(|f| f.key == "supervision.closed")
            .unwrap();
        let rate = closed.average.as_ref().unwrap();
        assert_eq!(rate.label, "按时办结率");
        assert_eq!(rate.value, Some(50.0));
        // Only the open task past its date is overdue now; the one closed late is not.
        let overdue = table
            .iter()
            .find(|f| f.key == "supervision.overdue_now")
            .unwrap();
        assert_eq!(overdue.value + overdue.previous, 0);
        let ten_days_ago = (sanban_platform::web::format::today() - chrono::Days::new(10))
            .format("%Y-%m-%d")
            .to_string();
        create(
            &app,
            &o.supervisor,
            task_body(&o, "超期在办", &ten_days_ago),
        )
        .await;
        let overdue = figures::count::one(
            &app.state.db,
            &sup,
            &app.state.figures,
            "supervision.overdue_now",
            year,
        )
        .await
        .unwrap();
        assert_eq!(overdue.value + overdue.previous, 1);
        let staff = actor(&app, &o.staff_a).await;
        assert!(
            figures::year_table(&app.state.db, &staff, &app.state.figures, year)
                .await
                .is_err()
        );
    }
);
