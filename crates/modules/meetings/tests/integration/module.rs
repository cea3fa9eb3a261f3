//! The module installs itself into the platform: its API is described, a second start
//! migrates nothing again, and a demo installation gets rooms, a week of meetings and a plan.

use reqwest::StatusCode;
use sanban_meetings::{meetings::service, rooms};
use sanban_platform::auth::{Actor, Role};

use crate::{
    db_test,
    support::{Backend, TestApp},
};

db_test!(
    the_api_document_lists_the_module,
    |app: TestApp| async move {
        (sanban_meetings::module().migrate)(app.state.db.clone())
            .await
            .unwrap();
        let c = app.admin().await;
        let (status, doc) = app.api_get(&c, "/api/v1/openapi.json").await;
        assert_eq!(status, StatusCode::OK);
        for path in [
            "/api/v1/meetings",
            "/api/v1/meetings/{id}",
            "/api/v1/meetings/rooms",
            "/api/v1/meetings/rooms/{id}/week",
            "/api/v1/meetings/{id}/room",
            "/api/v1/meetings/topics",
            "/api/v1/meetings/{id}/agenda",
            "/api/v1/meetings/{id}/decisions",
            "/api/v1/meetings/{id}/handoff",
            "/api/v1/meetings/{id}/checkin",
            "/api/v1/meetings/plans",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} is described");
        }
    }
);

async fn demo(backend: Backend) -> TestApp {
    TestApp::start_full(
        backend,
        vec![sanban_meetings::module()],
        |c| c.demo = true,
        |_| {},
    )
    .await
}

db_test!(
    a_demo_installation_has_rooms_meetings_and_a_plan,
    demo,
    |app: TestApp| async move {
        let mut office = Actor::system("测试");
        office.roles.push(Role::OfficeDirector);
        let db = &app.state.db;
        let names: Vec<String> = rooms::service::list(db, &office)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names.len(), 3);
        let meetings = service::list(db, &office, &Default::default())
            .await
            .unwrap();
        assert_eq!(meetings.len(), 5);
        let party = meetings.iter().find(|m| m.kind == "党组会").unwrap();
        assert_eq!(party.host_name, "陈建国");
        assert_eq!(party.room_name, "党组会议室");
        let year = sanban_platform::figures::current_year();
        let plan = sanban_meetings::plans::service::report(db, &office, year, None)
            .await
            .unwrap();
        assert_eq!(plan.total.planned, Some(114));
    }
);
