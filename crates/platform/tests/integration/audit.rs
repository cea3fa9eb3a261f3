use reqwest::StatusCode;
use sanban_platform::audit::{self, VerifyOutcome};
use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::json;

use crate::{db_test, support::TestApp};

async fn make_changes(app: &TestApp) {
    let c = app.admin().await;
    let t = app.csrf(&c, "/").await;
    for name in ["甲处", "乙处", "丙处"] {
        let res = c
            .post(app.url("/api/v1/departments"))
            .header("x-csrf-token", t.clone())
            .json(&json!({"name": name, "kind": "department"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
}

async fn drop_guard(app: &TestApp) {
    let conn = app.state.db.conn();
    let sql = match conn.get_database_backend() {
        DatabaseBackend::Postgres => "DROP TRIGGER audit_log_no_change ON audit_log",
        _ => "DROP TRIGGER audit_log_no_update",
    };
    conn.execute_unprepared(sql).await.unwrap();
    if conn.get_database_backend() == DatabaseBackend::Sqlite {
        conn.execute_unprepared("DROP TRIGGER audit_log_no_delete")
            .await
            .unwrap();
    }
}

db_test!(
    every_write_is_audited_with_before_and_after,
    |app: TestApp| async move {
        make_changes(&app).await;
        let c = app.admin().await;
        let (status, rows) = app.api_get(&c, "/api/v1/audit?entity=departments").await;
        assert_eq!(status, StatusCode::OK);
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["summary"], "新增部门「丙处」");
        assert_eq!(rows[0]["actor_name"], "系统管理员");
        assert_eq!(rows[0]["after"]["name"], "丙处");
        assert!(
            rows[0]["request_id"]
                .as_str()
                .is_some_and(|r| r.len() == 36)
        );
        assert_eq!(rows[0]["ip"], "127.0.0.1");
        let page = c
            .get(app.url("/audit?entity=departments"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("新增部门「乙处」"));
    }
);

db_test!(
    the_database_refuses_to_edit_audit_rows,
    |app: TestApp| async move {
        make_changes(&app).await;
        let res = app
            .state
            .db
            .conn()
            .execute_unprepared("UPDATE audit_log SET summary = 'x'")
            .await;
        assert!(res.is_err());
        let res = app
            .state
            .db
            .conn()
            .execute_unprepared("DELETE FROM audit_log")
            .await;
        assert!(res.is_err());
    }
);

db_test!(verify_names_the_edited_row, |app: TestApp| async move {
    make_changes(&app).await;
    let before = audit::verify(&app.state.db).await.unwrap();
    let VerifyOutcome::Intact { rows } = before else {
        panic!("fresh chain must verify: {before:?}")
    };
    assert!(rows >= 4, "admin creation plus three departments");
    drop_guard(&app).await;
    let conn = app.state.db.conn();
    conn.execute_unprepared(
        "UPDATE audit_log SET summary = '新增部门「丁处」' WHERE summary = '新增部门「乙处」'",
    )
    .await
    .unwrap();
    let edited_id: i64 = {
        let c = app.admin().await;
        let (_, rows) = app.api_get(&c, "/api/v1/audit?entity=departments").await;
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["summary"] == "新增部门「丁处」")
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    match audit::verify(&app.state.db).await.unwrap() {
        VerifyOutcome::Broken { row_id, reason, .. } => {
            assert_eq!(row_id, edited_id);
            assert!(reason.contains("篡改"));
        }
        other => panic!("edit not detected: {other:?}"),
    }
    let c = app.admin().await;
    let page = c
        .get(app.url("/audit?verify=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("第 {edited_id} 号记录处断开")));
});

db_test!(
    verify_names_the_row_after_a_removed_one,
    |app: TestApp| async move {
        make_changes(&app).await;
        drop_guard(&app).await;
        let c = app.admin().await;
        let (_, rows) = app.api_get(&c, "/api/v1/audit?entity=departments").await;
        let rows = rows.as_array().unwrap();
        let (removed, next) = (
            rows[1]["id"].as_i64().unwrap(),
            rows[0]["id"].as_i64().unwrap(),
        );
        app.state
            .db
            .conn()
            .execute_unprepared(&format!("DELETE FROM audit_log WHERE id = {removed}"))
            .await
            .unwrap();
        match audit::verify(&app.state.db).await.unwrap() {
            VerifyOutcome::Broken { row_id, .. } => assert_eq!(row_id, next),
            other => panic!("removal not detected: {other:?}"),
        }
    }
);

/// Writes `n` audit rows in one transaction, as a use-case that changes several things does.
async fn write_rows(db: &sanban_platform::Db, who: &str, n: usize) {
    let actor = sanban_platform::auth::Actor::system(who);
    let tx = db.begin_write().await.unwrap();
    for i in 0..n {
        audit::record(
            &tx,
            &actor,
            audit::Change::new("test.step", "tests", i, format!("{who} 第 {i} 步")),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

db_test!(
    rows_written_together_and_side_by_side_keep_one_chain,
    |app: TestApp| async move {
        let db = app.state.db.clone();
        let VerifyOutcome::Intact { rows: start } = audit::verify(&db).await.unwrap() else {
            panic!("fresh chain must verify")
        };
        // Eight transactions of three rows each, all at once: each chains its later rows to
        // its own first one, so a transaction that took the head before another committed
        // would break the chain here.
        let writers: Vec<_> = (0..8)
            .map(|w| {
                let db = db.clone();
                tokio::spawn(async move { write_rows(&db, &format!("写入者{w}"), 3).await })
            })
            .collect();
        for w in writers {
            w.await.unwrap();
        }
        match audit::verify(&db).await.unwrap() {
            VerifyOutcome::Intact { rows } => assert_eq!(rows, start + 24),
            other => panic!("chain broken by concurrent writers: {other:?}"),
        }
        // A rolled-back transaction leaves nothing behind, and the next one chains to the
        // last committed row.
        {
            let tx = db.begin_write().await.unwrap();
            audit::record(
                &tx,
                &sanban_platform::auth::Actor::system("回滚"),
                audit::Change::new("test.rolled_back", "tests", 0, "不会留下"),
            )
            .await
            .unwrap();
        }
        write_rows(&db, "回滚之后", 2).await;
        match audit::verify(&db).await.unwrap() {
            VerifyOutcome::Intact { rows } => assert_eq!(rows, start + 26),
            other => panic!("chain broken after a rollback: {other:?}"),
        }
    }
);
