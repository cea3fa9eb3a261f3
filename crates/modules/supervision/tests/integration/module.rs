//! The module as the platform sees it: its API described in the OpenAPI document and its
//! entries in the navigation.

use reqwest::StatusCode;

use crate::{
    db_test,
    office::{get, office},
    support::TestApp,
};

db_test!(
    the_api_is_described_and_the_nav_shows_the_module,
    |app: TestApp| async move {
        let o = office(&app).await;
        let (s, doc) = get(&app, &o.staff_a, "/api/v1/openapi.json").await;
        assert_eq!(s, StatusCode::OK);
        for path in [
            "/api/v1/supervision/tasks",
            "/api/v1/supervision/tasks/{id}",
            "/api/v1/supervision/tasks/{id}/feedback",
            "/api/v1/supervision/tasks/{id}/review",
            "/api/v1/supervision/issues/{id}/issue",
            "/api/v1/supervision/scores",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} not described");
        }
        let html = o
            .staff_a
            .c
            .get(app.url("/supervision/tasks"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("督查督办") && html.contains(r#"href="/supervision/tasks""#));
        assert!(
            !html.contains("新建督办事项"),
            "staff do not register tasks"
        );
        assert!(
            !html.contains(r#"href="/supervision/scores""#),
            "nor see the 考核"
        );
    }
);
