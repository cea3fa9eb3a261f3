//! Attachments and document bodies over HTTP: versions, integrity, limits, sniffing, names,
//! permissions and preview headers, on a local directory and on an S3-compatible server.

use std::sync::Arc;

use futures_util::StreamExt;
use object_store::{ObjectStoreExt, PutPayload, path::Path as ObjectPath};
use reqwest::{Client, StatusCode, multipart};
use sanban_platform::{
    AppError,
    attach::{AccessPolicy, service},
    auth::{Actor, service as auth_service},
    db::Db,
    entity::{attachment as att, attachment_version as ver, audit_log},
    web::state::AppState,
    workflow::{Action, AssigneeRule, Definition, SignMode, StartRequest, StepDef, engine},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{Backend, TestApp};

enum Storage {
    Local,
    S3,
}

/// The S3-compatible test server named by `SANBAN_TEST_S3_ENDPOINT`, with a fresh bucket.
/// Without it the S3 run is skipped, unless `SANBAN_REQUIRE_S3` says it must run.
async fn s3_bucket() -> Option<(String, String)> {
    let Ok(endpoint) = std::env::var("SANBAN_TEST_S3_ENDPOINT") else {
        if std::env::var("SANBAN_REQUIRE_S3").is_ok() {
            panic!("SANBAN_REQUIRE_S3 is set but SANBAN_TEST_S3_ENDPOINT is not");
        }
        eprintln!("skipping the S3 run: SANBAN_TEST_S3_ENDPOINT is not set");
        return None;
    };
    // This client may be the process's first TLS-capable one, before any app has started.
    sanban_platform::install_crypto_provider();
    let bucket = format!("t-{}", uuid::Uuid::new_v4().simple());
    // The test server takes an unsigned request to make a bucket.
    let res = Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("reach the S3 test server");
    assert!(res.status().is_success(), "create bucket: {}", res.status());
    Some((endpoint, bucket))
}

/// A module of the tests' own: record "1" exists, only `reader` may see it, only `writer`
/// may change it.
struct SandboxPolicy {
    reader: std::sync::OnceLock<i64>,
    /// How many more times a write is allowed (to take a right away mid-upload).
    writes_left: std::sync::atomic::AtomicI64,
}

#[async_trait::async_trait]
impl AccessPolicy for SandboxPolicy {
    async fn can_read(
        &self,
        _: &Db,
        actor: &Actor,
        _: &str,
        record: &str,
    ) -> Result<bool, AppError> {
        if record != "1" {
            return Err(AppError::not_found("记录"));
        }
        Ok(self.reader.get().is_some_and(|r| actor.user_id == Some(*r)))
    }
    async fn can_write(&self, db: &Db, actor: &Actor, m: &str, r: &str) -> Result<bool, AppError> {
        let may = self.can_read(db, actor, m, r).await?;
        let left = self
            .writes_left
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        Ok(may && left > 0)
    }
}

/// Verified in full before sending up to this size; larger files are checked while streamed.
const VERIFY_FIRST: u64 = 1024 * 1024;

async fn start(
    backend: Backend,
    storage: Storage,
    max_upload_mb: u64,
) -> Option<(TestApp, Arc<SandboxPolicy>)> {
    let s3 = match storage {
        Storage::Local => None,
        Storage::S3 => Some(s3_bucket().await?),
    };
    let sandbox = Arc::new(SandboxPolicy {
        reader: std::sync::OnceLock::new(),
        writes_left: i64::MAX.into(),
    });
    let policy = sandbox.clone();
    let app = TestApp::start_with(
        backend,
        |c| {
            c.storage.max_upload_mb = max_upload_mb;
            if let Some((endpoint, bucket)) = s3 {
                c.storage.kind = "s3".into();
                c.storage.s3.endpoint = endpoint;
                c.storage.s3.bucket = bucket;
                c.storage.s3.access_key = "test".into();
                c.storage.s3.secret_key = "test".into();
            }
        },
        |state: &mut AppState| {
            state.register_attachment_policy("sandbox", policy);
            Arc::make_mut(&mut state.attach).verify_before_send = VERIFY_FIRST;
        },
    )
    .await;
    Some((app, sandbox))
}

/// `db_test!` with attachment storage: each test on SQLite and on PostgreSQL.
macro_rules! attach_test {
    ($name:ident, $storage:expr, $limit:expr, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some((app, sandbox)) = start(Backend::Sqlite, $storage, $limit).await {
                    ($body)(app, sandbox).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(backend) = crate::support::postgres_backend().await else {
                    return;
                };
                if let Some((app, sandbox)) = start(backend, $storage, $limit).await {
                    ($body)(app, sandbox).await;
                }
            }
        }
    };
}

struct Person {
    id: i64,
    c: Client,
    csrf: String,
}

struct Case {
    drafter: Person,
    approver: Person,
    outsider: Person,
    instance: i64,
}

async fn person(app: &TestApp, admin: &Client, username: &str, name: &str) -> Person {
    let (id, c, _) = app.user_session(admin, username, name, &["staff"]).await;
    let csrf = app.csrf(&c, "/").await;
    Person { id, c, csrf }
}

async fn actor(app: &TestApp, id: i64) -> Actor {
    auth_service::load_actor(&app.state.db, id, None, None)
        .await
        .unwrap()
        .unwrap()
}

/// A 发文 record `docs/7` in circulation: the drafter started it, the approver has it now.
async fn case(app: &TestApp) -> Case {
    let admin = app.admin().await;
    let drafter = person(app, &admin, "qicao", "起草人").await;
    let approver = person(app, &admin, "shenhe", "审核人").await;
    let outsider = person(app, &admin, "pangren", "旁人").await;
    let db = &app.state.db;
    engine::register(
        db,
        &Definition {
            key: "test.attach".into(),
            version: 1,
            name: "附件测试".into(),
            reminders: Default::default(),
            module_steps: Vec::new(),
            module_only: false,
            starter: None,
            steps: vec![StepDef {
                name: "审核".into(),
                assignee: AssigneeRule::Person {
                    user_id: approver.id,
                },
                mode: SignMode::Any,
                when: None,
                due_days: None,
            }],
        },
    )
    .await
    .unwrap();
    let inst = engine::start(
        db,
        &actor(app, drafter.id).await,
        StartRequest {
            definition_key: "test.attach".into(),
            module: "docs".into(),
            record_id: "7".into(),
            title: "关于做好2024年档案工作的通知".into(),
            department_id: None,
            fields: Default::default(),
            urgent: false,
            due_at: None,
        },
    )
    .await
    .unwrap();
    Case {
        drafter,
        approver,
        outsider,
        instance: inst.id,
    }
}

const TITLE_PDF: &str = "关于2024年工作的通知.pdf";

fn pdf(fill: u8, len: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    b.resize(len, fill);
    b
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

async fn upload(
    app: &TestApp,
    p: &Person,
    query: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let res =
        p.c.post(app.url(&format!("/api/v1/attachments{query}")))
            .header("x-csrf-token", &p.csrf)
            .multipart(form)
            .send()
            .await
            .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn body(app: &TestApp, p: &Person, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    upload(app, p, "?module=docs&record_id=7&slot=body", name, bytes).await
}

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .count(app.state.db.conn())
        .await
        .unwrap()
}

async fn object_count(app: &TestApp) -> usize {
    app.state
        .attach
        .store
        .object_store()
        .list(None)
        .count()
        .await
}

async fn versions_roundtrip(app: TestApp) {
    let k = case(&app).await;
    let v1 = pdf(b'a', 3000);
    // Larger than one 5 MiB part: goes up as a multipart upload and comes back streamed.
    let v2 = pdf(b'b', 6 * 1024 * 1024 + 123);
    let (status, first) = body(&app, &k.drafter, TITLE_PDF, v1.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["current_version"], 1);
    assert_eq!(first["slot"], "body");
    assert_eq!(first["versions"][0]["sha256"], sha(&v1));
    assert_eq!(first["versions"][0]["content_type"], "application/pdf");
    let id = first["id"].as_i64().unwrap();
    // The approver, who has the record now, uploads the revised 正文: it becomes v2.
    let (status, second) = body(&app, &k.approver, "通知（修改稿）.pdf", v2.clone()).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(second["id"].as_i64(), Some(id), "one 正文, a new version");
    assert_eq!(second["current_version"], 2);
    assert_eq!(second["name"], "通知（修改稿）.pdf");
    assert_eq!(second["versions"][0]["size"], v2.len() as i64);
    assert_eq!(second["versions"][1]["file_name"], TITLE_PDF);

    let (status, docx) = upload(
        &app,
        &k.drafter,
        "?module=docs&record_id=7&slot=file",
        "附件1 统计表.xlsx",
        b"PK\x03\x04\x14\x00\x06\x00rest-of-zip".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{docx}");
    assert_eq!(
        docx["versions"][0]["content_type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );

    let (status, list) = app
        .api_get(&k.approver.c, "/api/v1/attachments?module=docs&record_id=7")
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["slot"], "body");
    assert_eq!(items[0]["versions"].as_array().unwrap().len(), 2);
    assert_eq!(list["can_write"], true);

    // Each version comes back byte for byte.
    let latest = k
        .outsider
        .c
        .get(app.url(&format!("/api/v1/attachments/{id}/content")))
        .send()
        .await
        .unwrap();
    assert_eq!(latest.status(), StatusCode::FORBIDDEN);
    let latest = k
        .drafter
        .c
        .get(app.url(&format!("/api/v1/attachments/{id}/content")))
        .send()
        .await
        .unwrap();
    assert_eq!(latest.status(), StatusCode::OK);
    assert_eq!(
        latest.headers()["etag"],
        format!("\"{}\"", sha(&v2)).as_str()
    );
    assert_eq!(latest.bytes().await.unwrap().as_ref(), v2.as_slice());
    let old = k
        .drafter
        .c
        .get(app.url(&format!("/attachments/{id}/download?version=1")))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::OK);
    let cd = old.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        cd,
        "attachment; filename=\"_2024_.pdf\"; filename*=UTF-8''%E5%85%B3%E4%BA%8E2024%E5%B9%B4%E5%B7%A5%E4%BD%9C%E7%9A%84%E9%80%9A%E7%9F%A5.pdf"
    );
    assert_eq!(old.bytes().await.unwrap().as_ref(), v1.as_slice());
    // Unchanged content is not sent again, but the permission check still ran.
    let again = k
        .drafter
        .c
        .get(app.url(&format!("/api/v1/attachments/{id}/content?version=1")))
        .header("if-none-match", format!("\"{}\"", sha(&v1)))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let missing = k
        .drafter
        .c
        .get(app.url(&format!("/api/v1/attachments/{id}/content?version=9")))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    assert_eq!(audit_count(&app, "attachment.upload").await, 2);
    assert_eq!(audit_count(&app, "attachment.version").await, 1);
    // Object keys are ASCII ids, not names.
    let keys: Vec<String> = ver::Entity::find()
        .all(app.state.db.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.object_key)
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(
        keys.iter().all(|k| k.is_ascii() && k.len() == 35),
        "{keys:?}"
    );
    assert_eq!(object_count(&app).await, 3);
}

attach_test!(
    local_upload_versions_download,
    Storage::Local,
    100,
    |app: TestApp, _| versions_roundtrip(app)
);
attach_test!(
    s3_upload_versions_download,
    Storage::S3,
    100,
    |app: TestApp, _| versions_roundtrip(app)
);

async fn tamper(app: &TestApp, attachment: i64) {
    let v = ver::Entity::find()
        .filter(ver::Column::AttachmentId.eq(attachment))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .unwrap();
    let mut bytes = pdf(b'x', v.size as usize);
    bytes[20] = b'!';
    app.state
        .attach
        .store
        .object_store()
        .put(
            &ObjectPath::from(v.object_key.as_str()),
            PutPayload::from(bytes),
        )
        .await
        .unwrap();
}

async fn integrity(app: TestApp) {
    let k = case(&app).await;
    let (_, small) = body(&app, &k.drafter, "小.pdf", pdf(b's', 5000)).await;
    let small = small["id"].as_i64().unwrap();
    let (_, large) = upload(
        &app,
        &k.drafter,
        "?module=docs&record_id=7",
        "大.pdf",
        pdf(b'l', 2 * VERIFY_FIRST as usize),
    )
    .await;
    let large = large["id"].as_i64().unwrap();
    tamper(&app, small).await;
    tamper(&app, large).await;

    // A small file is checked before anything is sent: a clear error, never the bytes.
    let res = k
        .drafter
        .c
        .get(app.url(&format!("/api/v1/attachments/{small}/content")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["code"], "storage_error");
    assert!(err["message"].as_str().unwrap().contains("校验未通过"));
    let page = k
        .drafter
        .c
        .get(app.url(&format!("/attachments/{small}/download")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::BAD_GATEWAY);
    assert!(page.text().await.unwrap().contains("校验未通过"));
    assert_eq!(audit_count(&app, "attachment.integrity").await, 2);

    // A large one is streamed; the transfer breaks off instead of completing.
    let res = k
        .drafter
        .c
        .get(app.url(&format!("/api/v1/attachments/{large}/content")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.bytes().await.is_err(),
        "a damaged stream must not read as complete"
    );
    assert_eq!(audit_count(&app, "attachment.integrity").await, 3);
    let row = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("attachment.integrity"))
        .filter(audit_log::Column::EntityId.eq(large.to_string()))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.summary.contains("大.pdf") && row.summary.contains("SHA-256"),
        "{}",
        row.summary
    );
}

attach_test!(
    tampered_object_is_detected,
    Storage::Local,
    100,
    |app: TestApp, _| integrity(app)
);
attach_test!(
    s3_tampered_object_is_detected,
    Storage::S3,
    100,
    |app: TestApp, _| integrity(app)
);

attach_test!(
    size_limit_and_sniffing,
    Storage::Local,
    1,
    |app: TestApp, _| async move {
        let k = case(&app).await;
        let (status, err) = body(&app, &k.drafter, "太大.pdf", pdf(b'z', 1024 * 1024 + 1)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
        assert_eq!(err["code"], "too_large");
        assert!(err["message"].as_str().unwrap().contains("1 MB"));
        // Exactly at the limit is fine.
        let (status, _) = body(&app, &k.drafter, "刚好.pdf", pdf(b'z', 1024 * 1024)).await;
        assert_eq!(status, StatusCode::OK);

        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
        exe.resize(4096, 0);
        let (status, err) = upload(
            &app,
            &k.drafter,
            "?module=docs&record_id=7",
            "通知.pdf",
            exe,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("不允许上传此类文件"),
            "{err}"
        );
        let (status, err) = upload(
            &app,
            &k.drafter,
            "?module=docs&record_id=7",
            "照片.jpg",
            pdf(b'p', 100),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(err["message"].as_str().unwrap().contains("不符"), "{err}");
        let (status, _) = upload(
            &app,
            &k.drafter,
            "?module=docs&record_id=7",
            "空.txt",
            vec![],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // Only the one accepted file is stored: refused uploads leave neither rows nor objects.
        assert_eq!(
            att::Entity::find()
                .count(app.state.db.conn())
                .await
                .unwrap(),
            1
        );
        assert_eq!(object_count(&app).await, 1);

        // The page form: multipart with the CSRF token in the query string.
        let form = || {
            multipart::Form::new().part(
                "file",
                multipart::Part::bytes("会议纪要\n".as_bytes().to_vec()).file_name("纪要.txt"),
            )
        };
        let no_token = k
            .drafter
            .c
            .post(app.url("/attachments?module=docs&record_id=7&slot=file&back=/workflow/1"))
            .multipart(form())
            .send()
            .await
            .unwrap();
        assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
        let url = format!(
            "/attachments?module=docs&record_id=7&slot=file&back=%2Fworkflow%2F{}&_csrf={}",
            k.instance, k.drafter.csrf
        );
        let res = k
            .drafter
            .c
            .post(app.url(&url))
            .multipart(form())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            res.headers()["location"],
            format!("/workflow/{}", k.instance).as_str()
        );
        let page = k
            .drafter
            .c
            .get(app.url(&format!("/workflow/{}", k.instance)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("已上传附件「纪要.txt」"), "flash");
        assert!(page.contains("刚好.pdf") && page.contains("纪要.txt"));
        assert!(page.contains("enctype=\"multipart/form-data\""));
        assert!(page.contains("单个文件不超过 1 MB"));
    }
);

attach_test!(
    permissions_follow_the_record,
    Storage::Local,
    100,
    |app: TestApp, sandbox: Arc<SandboxPolicy>| async move {
        let k = case(&app).await;
        let (_, saved) = body(&app, &k.drafter, "密件正文.pdf", pdf(b'q', 2000)).await;
        let id = saved["id"].as_i64().unwrap();

        // An outsider learns nothing, not even the name.
        for path in [
            "/api/v1/attachments?module=docs&record_id=7".to_string(),
            format!("/api/v1/attachments/{id}"),
            format!("/api/v1/attachments/{id}/content"),
            format!("/attachments/{id}/download"),
            format!("/attachments/{id}/preview"),
        ] {
            let res = k.outsider.c.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
            assert!(
                !res.text().await.unwrap().contains("密件"),
                "{path} leaks the name"
            );
        }
        let (status, _) = body(&app, &k.outsider, "插入.pdf", pdf(b'o', 100)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let res = k
            .outsider
            .c
            .delete(app.url(&format!("/api/v1/attachments/{id}")))
            .header("x-csrf-token", &k.outsider.csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let page = k
            .outsider
            .c
            .get(app.url(&format!("/workflow/{}", k.instance)))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::FORBIDDEN);

        // No module knows this record, or this module at all.
        let (status, _) = app
            .api_get(&k.drafter.c, "/api/v1/attachments?module=docs&record_id=8")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = upload(
            &app,
            &k.drafter,
            "?module=nosuch&record_id=7",
            "a.pdf",
            pdf(b'n', 100),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Once the record is done, those who took part still read but no longer change it.
        let approver = actor(&app, k.approver.id).await;
        let v = engine::detail(&app.state.db, &approver, k.instance)
            .await
            .unwrap();
        let t = &v.my_tasks[0];
        engine::act(
            &app.state.db,
            &approver,
            t.id,
            t.version,
            Action::Approve {
                opinion: "同意".into(),
            },
        )
        .await
        .unwrap();
        let (status, _) = body(&app, &k.drafter, "晚了.pdf", pdf(b'l', 100)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, list) = app
            .api_get(&k.approver.c, "/api/v1/attachments?module=docs&record_id=7")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["can_write"], false);
        let page = k
            .approver
            .c
            .get(app.url(&format!("/workflow/{}", k.instance)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("密件正文.pdf") && !page.contains("上传附件"));

        // A module's own policy decides for its records.
        sandbox.reader.set(k.outsider.id).unwrap();
        let (status, saved) = upload(
            &app,
            &k.outsider,
            "?module=sandbox&record_id=1",
            "沙箱.txt",
            b"hello".to_vec(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let (status, _) = app
            .api_get(
                &k.drafter.c,
                "/api/v1/attachments?module=sandbox&record_id=1",
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app
            .api_get(
                &k.outsider.c,
                "/api/v1/attachments?module=sandbox&record_id=2",
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let sid = saved["id"].as_i64().unwrap();
        // A right lost while the file was on its way: refused, and the stored object removed.
        let objects = object_count(&app).await;
        sandbox
            .writes_left
            .store(1, std::sync::atomic::Ordering::SeqCst);
        let (status, _) = upload(
            &app,
            &k.outsider,
            "?module=sandbox&record_id=1",
            "迟到.txt",
            b"late".to_vec(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(object_count(&app).await, objects, "no orphan object");
        let res = k
            .drafter
            .c
            .get(app.url(&format!("/api/v1/attachments/{sid}/content")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
);

attach_test!(
    preview_and_delete,
    Storage::Local,
    100,
    |app: TestApp, _| async move {
        let k = case(&app).await;
        let (_, p) = body(&app, &k.drafter, "正文.pdf", pdf(b'v', 1500)).await;
        let pdf_id = p["id"].as_i64().unwrap();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
        let (_, img) = upload(
            &app,
            &k.drafter,
            "?module=docs&record_id=7",
            "签批单.png",
            png.clone(),
        )
        .await;
        let img_id = img["id"].as_i64().unwrap();
        let (_, zip) = upload(
            &app,
            &k.drafter,
            "?module=docs&record_id=7",
            "底稿.docx",
            b"PK\x03\x04\x14\x00".to_vec(),
        )
        .await;
        let doc_id = zip["id"].as_i64().unwrap();

        let res = k
            .approver
            .c
            .get(app.url(&format!("/attachments/{pdf_id}/preview")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers();
        assert_eq!(h["content-type"], "application/pdf");
        assert!(
            h["content-disposition"].to_str().unwrap().starts_with(
                "inline; filename=\"file.pdf\"; filename*=UTF-8''%E6%AD%A3%E6%96%87.pdf"
            )
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .starts_with("default-src 'none'")
        );
        assert_eq!(h["cache-control"], "private, no-cache");

        let res = k
            .approver
            .c
            .get(app.url(&format!("/api/v1/attachments/{img_id}/content?inline=true")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-type"], "image/png");
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("inline;")
        );
        assert!(
            res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox")
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), png.as_slice());
        // A Word file is never shown inline: it downloads.
        let res = k
            .approver
            .c
            .get(app.url(&format!("/attachments/{doc_id}/preview")))
            .send()
            .await
            .unwrap();
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );

        // Removing: gone from the record, kept in the database, storage and audit log.
        let page = k
            .drafter
            .c
            .get(app.url(&format!("/workflow/{}", k.instance)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!("/attachments/{img_id}/preview")));
        let res = k
            .drafter
            .c
            .post(app.url(&format!("/attachments/{img_id}/delete")))
            .form(&[("_csrf", k.drafter.csrf.as_str()), ("back", "/inbox")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/inbox");
        let res = k
            .drafter
            .c
            .delete(app.url(&format!("/api/v1/attachments/{doc_id}")))
            .header("x-csrf-token", &k.drafter.csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let (_, list) = app
            .api_get(&k.drafter.c, "/api/v1/attachments?module=docs&record_id=7")
            .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        let res = k
            .drafter
            .c
            .get(app.url(&format!("/attachments/{img_id}/download")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let row = att::Entity::find_by_id(img_id)
            .one(app.state.db.conn())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.deleted_by, Some(k.drafter.id));
        assert_eq!(object_count(&app).await, 3);
        assert_eq!(audit_count(&app, "attachment.delete").await, 2);
        // An open redirect through `back` is refused.
        let res = k
            .drafter
            .c
            .post(app.url(&format!("/attachments/{pdf_id}/delete")))
            .form(&[
                ("_csrf", k.drafter.csrf.as_str()),
                ("back", "//evil.example"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["location"], "/");
        let (_, doc) = app.api_get(&k.drafter.c, "/api/v1/openapi.json").await;
        let upload = &doc["paths"]["/api/v1/attachments"]["post"];
        assert!(
            upload["requestBody"]["content"]["multipart/form-data"].is_object(),
            "{upload}"
        );
        assert!(doc["paths"]["/api/v1/attachments/{id}/content"]["get"].is_object());
        let listing = service::list(
            &app.state.attach,
            &app.state.db,
            &actor(&app, k.drafter.id).await,
            "docs",
            "7",
        )
        .await
        .unwrap();
        assert!(listing.items.is_empty());
    }
);

attach_test!(
    simultaneous_first_bodies_become_two_versions,
    Storage::Local,
    100,
    |app: TestApp, _| async move {
        let k = case(&app).await;
        let (a, b) = tokio::join!(
            body(&app, &k.drafter, "甲稿.pdf", pdf(b'1', 4000)),
            body(&app, &k.approver, "乙稿.pdf", pdf(b'2', 4000)),
        );
        assert_eq!(a.0, StatusCode::OK, "{}", a.1);
        assert_eq!(b.0, StatusCode::OK, "{}", b.1);
        assert_eq!(a.1["id"], b.1["id"], "one 正文");
        let mut versions = [
            a.1["current_version"].as_i64(),
            b.1["current_version"].as_i64(),
        ];
        versions.sort();
        assert_eq!(versions, [Some(1), Some(2)]);
        // Each answers with the version it made, whichever committed first.
        for (r, name) in [(&a.1, "甲稿.pdf"), (&b.1, "乙稿.pdf")] {
            assert_eq!(r["name"], name, "{r}");
            assert_eq!(r["versions"][0]["number"], r["current_version"], "{r}");
            assert_eq!(
                r["versions"].as_array().map(Vec::len),
                r["current_version"].as_u64().map(|n| n as usize),
                "{r}"
            );
        }
        assert_eq!(object_count(&app).await, 2);
    }
);

/// All rows of a table, in id order, as JSON: for comparing an installation with its restore.
async fn rows_of(db: &Db, table: &str) -> Vec<Value> {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = format!("SELECT * FROM {table} ORDER BY id");
    db.conn()
        .query_all_raw(Statement::from_string(db.backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            use sea_orm::JsonValue;
            let mut out = serde_json::Map::new();
            for c in r.column_names() {
                // PostgreSQL's INTEGER reads only as i32, BIGINT only as i64; SQLite takes
                // either for small values.
                let v = r
                    .try_get::<Option<i32>>("", &c)
                    .map(|v| v.map(JsonValue::from))
                    .or_else(|_| {
                        r.try_get::<Option<i64>>("", &c)
                            .map(|v| v.map(JsonValue::from))
                    })
                    .or_else(|_| {
                        r.try_get::<Option<String>>("", &c)
                            .map(|v| v.map(Into::into))
                    })
                    .or_else(|_| r.try_get::<Option<bool>>("", &c).map(|v| v.map(Into::into)))
                    .unwrap_or_default()
                    .unwrap_or(JsonValue::Null);
                out.insert(c, v);
            }
            Value::Object(out)
        })
        .collect()
}

/// The bytes of every attachment version `db` records, read from `store`, each checked
/// against its recorded SHA-256.
async fn stored_versions(db: &Db, store: &sanban_platform::attach::Store) -> Vec<Vec<u8>> {
    let mut all = Vec::new();
    for v in ver::Entity::find().all(db.conn()).await.unwrap() {
        let mut bytes = Vec::new();
        let mut s = store.read(&v.object_key).await.unwrap();
        while let Some(c) = s.next().await {
            bytes.extend_from_slice(&c.unwrap());
        }
        assert_eq!(sha(&bytes), v.sha256);
        all.push(bytes);
    }
    all
}

/// A backup taken while people keep writing restores into an empty directory as the same
/// records and the same attachment bytes; a damaged archive restores nothing.
async fn backup_round_trip(app: TestApp, storage: Storage) {
    use sanban_platform::{Config, backup};
    let k = case(&app).await;
    let v1 = pdf(b'a', 3000);
    let v2 = pdf(b'b', 6 * 1024 * 1024 + 123);
    assert_eq!(
        body(&app, &k.drafter, TITLE_PDF, v1.clone()).await.0,
        StatusCode::OK
    );
    assert_eq!(
        body(&app, &k.approver, "修改稿.pdf", v2.clone()).await.0,
        StatusCode::OK
    );

    // Writers keep going while the copy is taken: each new account writes an audit row too.
    let admin = app.admin().await;
    let writer = {
        let app = app.clone();
        tokio::spawn(async move {
            for i in 0..15 {
                app.create_user(&admin, &format!("xinren{i}"), "新人", &["staff"])
                    .await;
            }
        })
    };
    let out_dir = tempfile::tempdir().unwrap();
    let archive = out_dir.path().join("备份.zip");
    let mut lines = Vec::new();
    let made = backup::create(&app.state.config, &archive, &mut |l| lines.push(l))
        .await
        .unwrap();
    writer.await.unwrap();
    assert_eq!(made.files, 2, "both 正文 versions");
    assert_eq!(made.file_bytes, (v1.len() + v2.len()) as u64);
    assert!(
        lines.iter().any(|l| l.contains("附件对象 2 个")),
        "{lines:?}"
    );
    assert!(
        backup::create(&app.state.config, &archive, &mut |_| {})
            .await
            .unwrap_err()
            .to_string()
            .contains("已存在"),
        "an existing archive is never overwritten"
    );

    let target = tempfile::tempdir().unwrap();
    let restored_config = Config {
        data_dir: target.path().to_path_buf(),
        database_url: String::new(),
        storage: match storage {
            Storage::Local => Default::default(),
            // A second bucket on the same server, as when moving to a new machine.
            Storage::S3 => {
                let (endpoint, bucket) = s3_bucket().await.unwrap();
                let mut s = app.state.config.storage.clone();
                s.s3.endpoint = endpoint;
                s.s3.bucket = bucket;
                s
            }
        },
        ..Config::default()
    };
    let restored = backup::restore(&restored_config, &archive, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(restored.files, 2);
    assert_eq!(restored.tables, made.tables);
    assert_eq!(restored.rows, made.rows);
    assert!(
        restored.audit_rows > 10,
        "the chain came along and verifies"
    );

    // The copy holds the records as they were, and the bytes come back through the store.
    let copy = Db::connect(&restored_config.effective_database_url())
        .await
        .unwrap();
    for table in [
        "attachments",
        "attachment_versions",
        "workflow_instances",
        "workflow_tasks",
    ] {
        assert_eq!(
            rows_of(&copy, table).await,
            rows_of(&app.state.db, table).await,
            "{table}"
        );
    }
    let users = rows_of(&copy, "users").await;
    let live = rows_of(&app.state.db, "users").await;
    assert_eq!(
        users[..],
        live[..users.len()],
        "a prefix of the live accounts, as at one instant"
    );
    let store =
        sanban_platform::attach::Store::open(&restored_config.storage, target.path()).unwrap();
    for bytes in stored_versions(&copy, &store).await {
        assert!(bytes == v1 || bytes == v2);
    }
    copy.close().await;

    let again = backup::restore(&restored_config, &archive, &mut |_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(again.contains("已有数据库"), "{again}");

    // One flipped byte inside the first 正文: refused, and the new directory stays empty.
    let mut bytes = std::fs::read(&archive).unwrap();
    let at = bytes
        .windows(64)
        .position(|w| w.iter().all(|b| *b == b'a'))
        .expect("v1's bytes are stored uncompressed");
    bytes[at + 10] = b'z';
    let damaged = out_dir.path().join("损坏.zip");
    std::fs::write(&damaged, bytes).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let err = backup::restore(
        &Config {
            data_dir: empty.path().to_path_buf(),
            database_url: String::new(),
            ..Config::default()
        },
        &damaged,
        &mut |_| {},
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("已损坏"), "{err}");
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing was written"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_backup_round_trip() {
    let (app, _) = start(Backend::Sqlite, Storage::Local, 100).await.unwrap();
    backup_round_trip(app, Storage::Local).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_backup_round_trip() {
    if let Some((app, _)) = start(Backend::Sqlite, Storage::S3, 100).await {
        backup_round_trip(app, Storage::S3).await;
    }
}

/// `migrate-to` with S3 configured: the rows go into PostgreSQL and every attachment from the
/// local directory into the bucket, checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_to_postgres_moves_attachments_into_s3() {
    use sanban_platform::backup;
    let Some(Backend::Postgres(pg)) = crate::support::postgres_backend().await else {
        return;
    };
    let Some((endpoint, bucket)) = s3_bucket().await else {
        return;
    };
    let (app, _) = start(Backend::Sqlite, Storage::Local, 100).await.unwrap();
    let k = case(&app).await;
    let v1 = pdf(b'c', 5000);
    let v2 = pdf(b'd', 7000);
    assert_eq!(
        body(&app, &k.drafter, TITLE_PDF, v1.clone()).await.0,
        StatusCode::OK
    );
    assert_eq!(
        body(&app, &k.approver, "二稿.pdf", v2.clone()).await.0,
        StatusCode::OK
    );

    let mut config = (*app.state.config).clone();
    config.storage.kind = "s3".into();
    config.storage.s3.endpoint = endpoint;
    config.storage.s3.bucket = bucket;
    config.storage.s3.access_key = "test".into();
    config.storage.s3.secret_key = "test".into();
    let mut tables = Vec::new();
    let moved = backup::migrate_to(&config, &[], &pg, &mut |p| {
        if let backup::Progress::Table { name, .. } = p {
            tables.push(name);
        }
    })
    .await
    .unwrap();
    assert_eq!(moved.files, 2);
    let users = tables.iter().position(|t| t == "users").unwrap();
    let versions = tables
        .iter()
        .position(|t| t == "attachment_versions")
        .unwrap();
    assert!(
        users < versions,
        "a table comes after those it refers to: {tables:?}"
    );

    let target = Db::connect(&pg).await.unwrap();
    let copied = att::Entity::find().all(target.conn()).await.unwrap();
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0].current_version, 2);
    for table in [
        "attachments",
        "attachment_versions",
        "audit_log",
        "workflow_tasks",
    ] {
        assert_eq!(
            rows_of(&target, table).await,
            rows_of(&app.state.db, table).await,
            "{table}"
        );
    }
    // The words are counted for search, each as often as the index holds it.
    let counts = sanban_platform::db::raw::one(
        target.conn(),
        "SELECT count(*), count(*) FILTER (WHERE c.records = (SELECT count(*) FROM search_docs d \
         WHERE d.tsv @@ quote_literal(c.word)::tsquery)) FROM search_word_counts c",
        vec![],
    )
    .await
    .unwrap()
    .unwrap();
    let (words, right) = (
        counts.try_get_by_index::<i64>(0).unwrap(),
        counts.try_get_by_index::<i64>(1).unwrap(),
    );
    assert!(words > 0);
    assert_eq!(right, words);
    let store = sanban_platform::attach::Store::open(&config.storage, &config.data_dir).unwrap();
    let seen = stored_versions(&target, &store).await;
    assert!(seen.contains(&v1) && seen.contains(&v2));
}
