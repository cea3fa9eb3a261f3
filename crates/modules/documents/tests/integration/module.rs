//! The module installs itself into the platform: its migrations run and are tracked apart
//! from the platform's, and starting twice on one database changes nothing.

use sea_orm::{ConnectionTrait, Statement};

use crate::db_test;

db_test!(
    migrations_are_tracked_per_module,
    |app: crate::support::TestApp| async move {
        let conn = app.state.db.conn();
        let row = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) FROM seaql_migrations_documents",
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get_by_index(0).unwrap();
        assert_eq!(n, 4);
        // A second start on the same database migrates nothing again and registers the same
        // workflow definitions without conflict.
        (sanban_documents::module().migrate)(app.state.db.clone())
            .await
            .unwrap();
    }
);

db_test!(
    the_api_document_lists_the_module,
    |app: crate::support::TestApp| async move {
        let c = app.admin().await;
        let (status, doc) = app.api_get(&c, "/api/v1/openapi.json").await;
        assert_eq!(status, reqwest::StatusCode::OK);
        for path in [
            "/api/v1/documents/incoming",
            "/api/v1/documents/incoming/{id}",
            "/api/v1/documents/outgoing",
            "/api/v1/documents/periodicals/issues/{id}",
            "/api/v1/documents/phone",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} is described");
        }
        // The platform's own endpoints are still there beside them.
        assert!(doc["paths"]["/api/v1/workflow/{id}"].is_object());
    }
);
