//! Outgoing notices: e-mail to a local SMTP catcher and 群机器人 posts to a local HTTP server,
//! both started here; the delivery worker is driven by calling it with the time to act at.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use axum::{Json, Router, body::Bytes, extract::State, http::Uri};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use sanban_platform::{
    auth::{Actor, service::load_actor},
    db::now_ms,
    entity::{notification, notify_outbox as outbox, user},
    notify::{
        self,
        outbox::{claim, purge, state},
        robots::{self, RobotInput, RobotKind},
        worker::{Delivery, Report},
    },
    org::departments::{self, DepartmentInput, DepartmentKind},
    workflow::{AssigneeRule, Definition, SignMode, StartRequest, StepDef, engine, remind},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

use crate::support::{Backend, TestApp, postgres_backend};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const SECRET: &str = "SECc0ffee-test-secret";

/// Like `db_test!`, with a mail catcher and a robot endpoint started and configured.
macro_rules! outbox_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)(Env::start(Backend::Sqlite).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(backend) = postgres_backend().await else {
                    return;
                };
                ($body)(Env::start(backend).await).await;
            }
        }
    };
}

// ---- a mail server that keeps what it is given ----

#[derive(Clone, Debug)]
struct Mail {
    from: String,
    to: Vec<String>,
    data: String,
}

#[derive(Clone, Default)]
struct SmtpCatcher {
    mails: Arc<Mutex<Vec<Mail>>>,
    /// Answer this many messages with a temporary refusal (451).
    refuse: Arc<AtomicUsize>,
}

fn take_one(counter: &AtomicUsize) -> bool {
    counter
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}

fn angle(arg: &str) -> String {
    arg.split('<')
        .nth(1)
        .and_then(|s| s.split('>').next())
        .unwrap_or_default()
        .to_string()
}

impl SmtpCatcher {
    async fn start() -> (Self, u16) {
        let me = Self::default();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = me.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let s = server.clone();
                tokio::spawn(async move { s.session(sock).await });
            }
        });
        (me, port)
    }

    async fn session(&self, sock: tokio::net::TcpStream) -> std::io::Result<()> {
        let (r, mut w) = sock.into_split();
        let mut r = BufReader::new(r);
        w.write_all(b"220 catcher ESMTP\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let verb = line.to_ascii_uppercase();
            let reply: &[u8] = if verb.starts_with("EHLO") {
                b"250-catcher\r\n250 8BITMIME\r\n"
            } else if verb.starts_with("MAIL FROM:") {
                from = angle(&line);
                b"250 OK\r\n"
            } else if verb.starts_with("RCPT TO:") {
                to.push(angle(&line));
                b"250 OK\r\n"
            } else if verb.starts_with("DATA") {
                w.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                loop {
                    let mut l = String::new();
                    if r.read_line(&mut l).await? == 0 || l == ".\r\n" {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                }
                let mail = Mail {
                    from: std::mem::take(&mut from),
                    to: std::mem::take(&mut to),
                    data,
                };
                if take_one(&self.refuse) {
                    b"451 4.3.0 try again later\r\n"
                } else {
                    self.mails.lock().unwrap().push(mail);
                    b"250 queued\r\n"
                }
            } else if verb.starts_with("QUIT") {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else if verb.starts_with("RSET") || verb.starts_with("NOOP") {
                b"250 OK\r\n"
            } else {
                b"502 not implemented\r\n"
            };
            w.write_all(reply).await?;
        }
    }

    fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`), as a mail program shows a subject.
fn decode_words(value: &str) -> String {
    let mut bytes = Vec::new();
    for part in value.split_whitespace() {
        let inner = part.strip_prefix("=?").and_then(|p| p.strip_suffix("?="));
        match inner.map(|i| i.splitn(3, '?').collect::<Vec<_>>()) {
            Some(w) if w.len() == 3 && w[1].eq_ignore_ascii_case("b") => bytes.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(w[2])
                    .unwrap(),
            ),
            _ => bytes.extend(part.as_bytes()),
        }
    }
    String::from_utf8(bytes).unwrap()
}

impl Mail {
    fn header(&self, name: &str) -> String {
        let head = self
            .data
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .replace("\r\n ", " ");
        head.lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_default()
    }

    fn subject(&self) -> String {
        decode_words(&self.header("Subject"))
    }

    fn text(&self) -> String {
        assert_eq!(self.header("Content-Transfer-Encoding"), "base64");
        let body: String = self
            .data
            .split_once("\r\n\r\n")
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .unwrap(),
        )
        .unwrap()
        .replace("\r\n", "\n")
    }
}

// ---- an HTTP server standing in for 企业微信 and 钉钉 ----

#[derive(Clone, Debug)]
struct Hit {
    path: String,
    query: HashMap<String, String>,
    body: Value,
}

#[derive(Clone, Default)]
struct RobotServer {
    hits: Arc<Mutex<Vec<Hit>>>,
    /// Answer this many posts with a nonzero errcode.
    refuse: Arc<AtomicUsize>,
}

async fn hook(State(s): State<RobotServer>, uri: Uri, body: Bytes) -> Json<Value> {
    let query = uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    s.hits.lock().unwrap().push(Hit {
        path: uri.path().to_string(),
        query,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    if take_one(&s.refuse) {
        Json(json!({"errcode": 310000, "errmsg": "keywords not in content"}))
    } else {
        Json(json!({"errcode": 0, "errmsg": "ok"}))
    }
}

impl RobotServer {
    async fn start() -> (Self, String) {
        let me = Self::default();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(hook).with_state(me.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (me, base)
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

// ---- the scene: a 科 under 综合处, a drafter and a handler ----

struct Env {
    app: TestApp,
    smtp: SmtpCatcher,
    robot: RobotServer,
    robot_base: String,
}

impl Env {
    async fn start(backend: Backend) -> Self {
        let (smtp, port) = SmtpCatcher::start().await;
        let (robot, robot_base) = RobotServer::start().await;
        let app = TestApp::start_with(
            backend,
            |c| {
                c.smtp.host = "127.0.0.1".into();
                c.smtp.port = port;
                c.smtp.tls = "none".into();
                c.smtp.from = "三办 <oa@example.gov.cn>".into();
                c.notify.timeout_seconds = 5;
                // The tests run the worker themselves, at the times they choose.
                c.schedules
                    .insert("notify.outbox".into(), "0 0 0 1 1 * 2099".into());
            },
            |_| {},
        )
        .await;
        Self {
            app,
            smtp,
            robot,
            robot_base,
        }
    }

    fn db(&self) -> &sanban_platform::Db {
        &self.app.state.db
    }

    fn delivery(&self) -> Delivery {
        Delivery::from_config(&self.app.state.config).unwrap()
    }

    async fn add_robot(&self, department_id: i64, kind: RobotKind, secret: &str) {
        let path = match kind {
            RobotKind::Wecom => "/wecom?key=wx-key-1234",
            RobotKind::Dingtalk => "/dingtalk?access_token=dd-token-5678",
        };
        robots::create(
            self.db(),
            &Actor::system("测试"),
            RobotInput {
                department_id,
                kind,
                name: String::new(),
                webhook_url: format!("{}{path}", self.robot_base),
                secret: secret.into(),
            },
        )
        .await
        .unwrap();
    }

    async fn rows(&self) -> Vec<outbox::Model> {
        outbox::Entity::find()
            .order_by_asc(outbox::Column::Id)
            .all(self.db().conn())
            .await
            .unwrap()
    }
}

struct Scene {
    /// 综合处, where the robots are.
    department: i64,
    starter: Actor,
    handler: Actor,
    handler_client: reqwest::Client,
    instance: i64,
}

async fn scene(env: &Env) -> Scene {
    let app = &env.app;
    let db = env.db();
    let system = Actor::system("测试");
    let dept = |name: &str, parent| DepartmentInput {
        name: name.into(),
        parent_id: parent,
        kind: DepartmentKind::Department,
        sort_order: 0,
    };
    let department = departments::create(db, &system, dept("综合处", None))
        .await
        .unwrap()
        .id;
    let section = departments::create(db, &system, dept("文秘科", Some(department)))
        .await
        .unwrap()
        .id;
    let admin = app.admin().await;
    let starter_id = app
        .create_user(&admin, "faqiren", "发起人", &["staff"])
        .await
        .0;
    let (handler_id, handler_client, _) = app
        .user_session(&admin, "banliren", "办理人", &["staff"])
        .await;
    user::Entity::update_many()
        .col_expr(user::Column::DepartmentId, Expr::value(section))
        .col_expr(user::Column::Email, Expr::value("banli@example.gov.cn"))
        .col_expr(user::Column::Phone, Expr::value("138 0000 1234"))
        .filter(user::Column::Id.eq(handler_id))
        .exec(db.conn())
        .await
        .unwrap();
    let def = Definition {
        key: "test.notify".into(),
        version: 1,
        name: "限时办理".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![StepDef {
            name: "办理".into(),
            assignee: AssigneeRule::Person {
                user_id: handler_id,
            },
            mode: SignMode::Any,
            when: None,
            due_days: Some(3),
        }],
    };
    engine::register(db, &def).await.unwrap();
    let load = |id| async move { load_actor(db, id, None, None).await.unwrap().unwrap() };
    let starter = load(starter_id).await;
    let req = StartRequest {
        definition_key: "test.notify".into(),
        module: "test".into(),
        record_id: "1".into(),
        title: "关于报送年度工作总结的通知".into(),
        department_id: None,
        fields: Default::default(),
        urgent: false,
        due_at: None,
    };
    let instance = engine::start(db, &starter, req).await.unwrap().id;
    // Whatever starting told people is not what these tests are about.
    outbox::Entity::delete_many().exec(db.conn()).await.unwrap();
    notification::Entity::delete_many()
        .exec(db.conn())
        .await
        .unwrap();
    Scene {
        department,
        starter,
        handler: load(handler_id).await,
        handler_client,
        instance,
    }
}

fn report(sent: usize, retrying: usize, dead: usize, skipped: usize) -> Report {
    Report {
        sent,
        retrying,
        dead,
        skipped,
    }
}

outbox_test!(
    a_reminder_goes_out_by_mail_and_to_both_robots,
    |env: Env| async move {
        let s = scene(&env).await;
        let db = env.db();
        env.add_robot(s.department, RobotKind::Wecom, "").await;
        env.add_robot(s.department, RobotKind::Dingtalk, SECRET)
            .await;
        assert_eq!(
            remind::press(db, &s.starter, s.instance, "请于周五前办结")
                .await
                .unwrap(),
            1
        );
        assert_eq!(notify::unread(db, &s.handler).await.unwrap(), 1);
        let rows = env.rows().await;
        let channels: Vec<_> = rows.iter().map(|r| r.channel.as_str()).collect();
        assert_eq!(channels, ["email", "wecom", "dingtalk"]);
        assert!(rows.iter().all(|r| r.state == state::PENDING));
        assert!(
            env.smtp.mails().is_empty(),
            "nothing is sent inside the action"
        );

        let before = now_ms();
        let r = env.delivery().run(db, before + 1_000).await.unwrap();
        assert_eq!(r, report(3, 0, 0, 0));

        let mails = env.smtp.mails();
        assert_eq!(mails.len(), 1);
        let mail = &mails[0];
        assert_eq!(mail.from, "oa@example.gov.cn");
        assert_eq!(mail.to, ["banli@example.gov.cn"]);
        assert_eq!(mail.subject(), "催办：关于报送年度工作总结的通知");
        let text = mail.text();
        assert!(text.starts_with("办理人：\n"), "{text}");
        assert!(text.contains("发起人：请于周五前办结"), "{text}");
        assert!(
            text.contains(&format!("http://127.0.0.1:8080/workflow/{}", s.instance)),
            "{text}"
        );

        let hits = env.robot.hits();
        assert_eq!(hits.len(), 2);
        let wecom = hits.iter().find(|h| h.path == "/wecom").unwrap();
        assert_eq!(wecom.query["key"], "wx-key-1234");
        assert_eq!(wecom.body["msgtype"], "text");
        let content = wecom.body["text"]["content"].as_str().unwrap();
        assert!(
            content.starts_with(
                "【三办】催办：关于报送年度工作总结的通知\n办理人：发起人：请于周五前办结"
            ),
            "{content}"
        );
        assert_eq!(
            wecom.body["text"]["mentioned_mobile_list"],
            json!(["13800001234"])
        );

        let ding = hits.iter().find(|h| h.path == "/dingtalk").unwrap();
        assert_eq!(ding.query["access_token"], "dd-token-5678");
        let ts: i64 = ding.query["timestamp"].parse().unwrap();
        assert!(
            (before - MINUTE..=now_ms()).contains(&ts),
            "signed now: {ts}"
        );
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("{ts}\n{SECRET}").as_bytes());
        let expected =
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(ding.query["sign"], expected);
        assert_eq!(ding.body["msgtype"], "text");
        assert_eq!(ding.body["at"]["atMobiles"], json!(["13800001234"]));
        assert_eq!(ding.body["at"]["isAtAll"], false);
        assert!(
            ding.body["text"]["content"]
                .as_str()
                .unwrap()
                .ends_with("@13800001234")
        );

        let rows = env.rows().await;
        assert!(
            rows.iter()
                .all(|r| r.state == state::SENT && r.attempts == 1 && r.sent_at.is_some())
        );
        assert_eq!(
            env.delivery().run(db, now_ms() + HOUR).await.unwrap(),
            Report::default(),
            "each message once"
        );
    }
);

outbox_test!(
    a_failing_robot_is_retried_with_backoff_until_it_answers,
    |env: Env| async move {
        let s = scene(&env).await;
        let db = env.db();
        env.add_robot(s.department, RobotKind::Wecom, "").await;
        env.robot.refuse.store(2, Ordering::SeqCst);
        remind::press(db, &s.starter, s.instance, "").await.unwrap();
        assert_eq!(remind::count(db, s.instance).await.unwrap(), 1);
        let delivery = env.delivery();

        let t0 = now_ms() + 1_000;
        assert_eq!(delivery.run(db, t0).await.unwrap(), report(1, 1, 0, 0));
        let robot_row = || async {
            env.rows()
                .await
                .into_iter()
                .find(|r| r.channel == "wecom")
                .unwrap()
        };
        let row = robot_row().await;
        assert_eq!((row.state.as_str(), row.attempts), (state::PENDING, 1));
        assert!(row.last_error.as_deref().unwrap().contains("310000"));
        assert!(
            (t0 + 48_000..=t0 + 72_000).contains(&row.next_attempt_at),
            "about a minute later: {}",
            row.next_attempt_at - t0
        );

        assert_eq!(
            delivery.run(db, t0 + 40_000).await.unwrap(),
            Report::default(),
            "not before its time"
        );
        let t1 = t0 + 73_000;
        assert_eq!(delivery.run(db, t1).await.unwrap(), report(0, 1, 0, 0));
        let row = robot_row().await;
        assert_eq!(row.attempts, 2);
        assert!(
            (t1 + 96_000..=t1 + 144_000).contains(&row.next_attempt_at),
            "about two minutes later: {}",
            row.next_attempt_at - t1
        );
        assert_eq!(
            delivery.run(db, t1 + 145_000).await.unwrap(),
            report(1, 0, 0, 0)
        );
        let row = robot_row().await;
        assert_eq!((row.state.as_str(), row.attempts), (state::SENT, 3));
        assert_eq!(env.robot.hits().len(), 3);
    }
);

outbox_test!(
    a_message_that_keeps_failing_is_given_up_and_retried_by_an_admin,
    |env: Env| async move {
        let s = scene(&env).await;
        let db = env.db();
        let app = &env.app;
        env.add_robot(s.department, RobotKind::Dingtalk, "").await;
        env.robot.refuse.store(1000, Ordering::SeqCst);
        env.smtp.refuse.store(1000, Ordering::SeqCst);
        remind::press(db, &s.starter, s.instance, "").await.unwrap();
        let mut config = (*app.state.config).clone();
        config.notify.max_attempts = 3;
        let delivery = Delivery::from_config(&config).unwrap();
        let t = now_ms() + 1_000;
        assert_eq!(delivery.run(db, t).await.unwrap(), report(0, 2, 0, 0));
        assert_eq!(
            delivery.run(db, t + 7 * HOUR).await.unwrap(),
            report(0, 2, 0, 0)
        );
        assert_eq!(
            delivery.run(db, t + 14 * HOUR).await.unwrap(),
            report(0, 0, 2, 0)
        );
        assert_eq!(
            delivery.run(db, t + 100 * HOUR).await.unwrap(),
            Report::default()
        );
        let rows = env.rows().await;
        assert!(
            rows.iter()
                .all(|r| r.state == state::DEAD && r.attempts == 3)
        );
        let robot_row = rows.iter().find(|r| r.channel == "dingtalk").unwrap();
        assert!(
            robot_row
                .last_error
                .as_deref()
                .unwrap()
                .starts_with("已尝试 3 次，放弃：机器人拒收（errcode 310000）")
        );
        assert!(
            rows[0].last_error.as_deref().unwrap().contains("451"),
            "{:?}",
            rows[0].last_error
        );
        assert_eq!(
            remind::count(db, s.instance).await.unwrap(),
            1,
            "the reminder itself stands"
        );

        let admin = app.admin().await;
        let page = admin
            .get(app.url("/system/outbox?state=dead"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("已尝试 3 次"), "{html}");
        assert!(html.contains("errcode 310000"));
        assert!(html.contains("banli@example.gov.cn"));
        assert!(html.contains(&format!("/system/outbox/{}/retry", robot_row.id)));

        let user = &s.handler_client;
        for path in ["/system/outbox", "/system/robots"] {
            let res = user.get(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
            assert!(!res.text().await.unwrap().contains("banli@example.gov.cn"));
        }
        let (status, _) = app.api_get(user, "/api/v1/notify/outbox").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let token = app.csrf(user, "/notices").await;
        let res = user
            .post(app.url(&format!("/system/outbox/{}/retry", robot_row.id)))
            .form(&[("_csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        env.robot.refuse.store(0, Ordering::SeqCst);
        let token = app.csrf(&admin, "/system/outbox").await;
        let res = admin
            .post(app.url(&format!("/system/outbox/{}/retry", robot_row.id)))
            .form(&[("_csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, audit) = app
            .api_get(&admin, "/api/v1/audit?entity=notify_outbox")
            .await;
        assert_eq!(audit[0]["action"], "notify.outbox.retry", "{audit}");
        let res = admin
            .post(app.url(&format!("/system/outbox/{}/retry", robot_row.id)))
            .form(&[("_csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT, "queued already");
        assert_eq!(
            delivery.run(db, now_ms() + 1_000).await.unwrap(),
            report(1, 0, 0, 0),
            "only the message put back"
        );

        env.smtp.refuse.store(0, Ordering::SeqCst);
        let res = admin
            .post(app.url("/system/outbox/retry-failed"))
            .form(&[("_csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            delivery.run(db, now_ms() + 1_000).await.unwrap(),
            report(1, 0, 0, 0)
        );
        assert_eq!(env.smtp.mails().len(), 1);
        assert!(env.rows().await.iter().all(|r| r.state == state::SENT));
    }
);

outbox_test!(
    two_workers_racing_send_each_message_once,
    |env: Env| async move {
        let s = scene(&env).await;
        let db = env.db();
        env.add_robot(s.department, RobotKind::Wecom, "").await;
        let uid = s.handler.user_id.unwrap();
        let tx = db.begin_write().await.unwrap();
        for i in 0..30 {
            notify::send(&*tx, uid, &format!("第{i}号通知"), "内容", None)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        assert_eq!(env.rows().await.len(), 60);
        let (a, b) = (env.delivery(), env.delivery());
        let t = now_ms() + 1_000;
        let (ra, rb) = tokio::join!(a.run(db, t), b.run(db, t));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert_eq!(ra.sent + rb.sent, 60, "{ra:?} {rb:?}");
        let mut subjects: Vec<_> = env.smtp.mails().iter().map(Mail::subject).collect();
        subjects.sort();
        subjects.dedup();
        assert_eq!(subjects.len(), 30);
        assert_eq!(env.smtp.mails().len(), 30);
        let mut posts: Vec<_> = env
            .robot
            .hits()
            .iter()
            .map(|h| h.body["text"]["content"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(posts.len(), 30);
        posts.sort();
        posts.dedup();
        assert_eq!(posts.len(), 30);
        assert!(env.rows().await.iter().all(|r| r.attempts == 1));
    }
);

outbox_test!(
    a_crashed_workers_lease_runs_out_and_the_message_goes_once,
    |env: Env| async move {
        let s = scene(&env).await;
        let db = env.db();
        remind::press(db, &s.starter, s.instance, "").await.unwrap();
        let t = now_ms() + 1_000;
        let taken = claim(db, "a-node-that-dies", t, 10, 5 * MINUTE)
            .await
            .unwrap();
        assert_eq!(taken.len(), 1);
        let delivery = env.delivery();
        assert_eq!(
            delivery.run(db, t + MINUTE).await.unwrap(),
            Report::default(),
            "leased to the other node"
        );
        assert!(env.smtp.mails().is_empty());
        assert_eq!(
            delivery.run(db, t + 6 * MINUTE).await.unwrap(),
            report(1, 0, 0, 0)
        );
        assert_eq!(env.smtp.mails().len(), 1);
        assert_eq!(env.rows().await[0].attempts, 2);
        assert_eq!(purge(db, t - HOUR).await.unwrap(), 0, "kept while recent");
        assert_eq!(purge(db, t + HOUR).await.unwrap(), 1);
        assert!(env.rows().await.is_empty());
    }
);

outbox_test!(
    mail_follows_the_configuration_and_the_persons_choice,
    |env: Env| async move {
        let s = scene(&env).await;
        let db = env.db();
        let app = &env.app;
        remind::press(db, &s.starter, s.instance, "").await.unwrap();
        let mut config = (*app.state.config).clone();
        config.smtp.host = String::new();
        let no_mail = Delivery::from_config(&config).unwrap();
        assert_eq!(
            no_mail.run(db, now_ms() + 1_000).await.unwrap(),
            report(0, 0, 0, 1)
        );
        let row = &env.rows().await[0];
        assert_eq!(row.state, state::SKIPPED);
        assert!(row.last_error.as_deref().unwrap().contains("smtp.host"));

        let user = &s.handler_client;
        let html = user
            .get(app.url("/notices"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("同时发送到我的电子邮箱 banli@example.gov.cn"));
        let token = app.csrf(user, "/notices").await;
        let res = user
            .put(app.url("/api/v1/notify/prefs"))
            .header("x-csrf-token", token)
            .json(&json!({"email": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body,
            json!({"email": false, "email_address": "banli@example.gov.cn"})
        );
        remind::press(db, &s.starter, s.instance, "").await.unwrap();
        assert_eq!(notify::unread(db, &s.handler).await.unwrap(), 2);
        assert_eq!(env.rows().await.len(), 1, "no second e-mail");
        let html = user
            .get(app.url("/notices"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("<input type=\"checkbox\" name=\"email\"> 同时发送"));
    }
);

outbox_test!(
    robots_are_set_up_by_admins_and_their_keys_stay_hidden,
    |env: Env| async move {
        let s = scene(&env).await;
        let app = &env.app;
        let admin = app.admin().await;
        let token = app.csrf(&admin, "/system/robots").await;
        let dept = s.department.to_string();
        let post = |fields: Vec<(&'static str, String)>| {
            let admin = admin.clone();
            let mut fields = fields;
            fields.push(("_csrf", token.clone()));
            async move {
                admin
                    .post(app.url("/system/robots"))
                    .form(&fields)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let res = post(vec![
            ("department_id", dept.clone()),
            ("kind", "dingtalk".into()),
            ("name", "综合处工作群".into()),
            (
                "webhook_url",
                "https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a".into(),
            ),
            ("secret", SECRET.into()),
        ])
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let html = admin
            .get(app.url("/system/robots"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("综合处工作群"));
        assert!(html.contains("access_token=9f8e****"), "{html}");
        assert!(html.contains("加签已设置"));
        assert!(!html.contains("9f8e7d6c5b4a") && !html.contains(SECRET));

        let res = post(vec![
            ("department_id", dept.clone()),
            ("kind", "wecom".into()),
            ("webhook_url", "qyapi.weixin.qq.com/send".into()),
        ])
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("机器人地址"));
        let res = post(vec![
            ("department_id", dept.clone()),
            ("kind", "wecom".into()),
            (
                "webhook_url",
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k".into(),
            ),
            ("secret", "SECx".into()),
        ])
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (_, robots) = app.api_get(&admin, "/api/v1/notify/robots").await;
        assert_eq!(robots.as_array().unwrap().len(), 1, "nothing half-saved");
        assert_eq!(robots[0]["has_secret"], true);
        assert!(robots[0].get("secret").is_none());
        let id = robots[0]["id"].as_i64().unwrap();
        let api_token = app.csrf(&admin, "/system/robots").await;
        let put = |body: Value| {
            let admin = admin.clone();
            let api_token = api_token.clone();
            async move {
                let res = admin
                    .put(app.url(&format!("/api/v1/notify/robots/{id}")))
                    .header("x-csrf-token", api_token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                res.json::<Value>().await.unwrap()
            }
        };
        let r = put(json!({"webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=0a1b2c3d", "enabled": false})).await;
        assert_eq!(
            r["webhook_url_masked"],
            "https://oapi.dingtalk.com/robot/send?access_token=0a1b****"
        );
        assert_eq!(
            (r["has_secret"].clone(), r["enabled"].clone()),
            (json!(true), json!(false))
        );
        assert_eq!(r["name"], "综合处工作群", "empty keeps the name");
        let r = put(json!({"clear_secret": true, "enabled": true})).await;
        assert_eq!(r["has_secret"], false);

        let user = &s.handler_client;
        let token = app.csrf(user, "/notices").await;
        let res = user
            .post(app.url("/api/v1/notify/robots"))
            .header("x-csrf-token", token)
            .json(&json!({"department_id": s.department, "kind": "wecom", "webhook_url": "https://example.com/x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let (status, _) = app.api_get(user, "/api/v1/notify/robots").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

outbox_test!(
    one_notice_to_several_of_a_department_is_one_robot_post,
    |env: Env| async move {
        let s = scene(&env).await;
        let db = env.db();
        env.add_robot(s.department, RobotKind::Dingtalk, "").await;
        let admin = env.app.admin().await;
        let colleague = env
            .app
            .create_user(&admin, "tongshi", "同事", &["staff"])
            .await
            .0;
        let section = s.handler.department_id.unwrap();
        user::Entity::update_many()
            .col_expr(user::Column::DepartmentId, Expr::value(section))
            .col_expr(user::Column::Phone, Expr::value("13900005678"))
            .filter(user::Column::Id.eq(colleague))
            .exec(db.conn())
            .await
            .unwrap();
        let handler = s.handler.user_id.unwrap();
        let tx = db.begin_write().await.unwrap();
        for person in [handler, colleague] {
            notify::send(
                &*tx,
                person,
                "新待办：会签",
                "关于修订差旅费管理办法的请示",
                Some("/workflow/9"),
            )
            .await
            .unwrap();
        }
        // A different notice to the same people is a post of its own.
        notify::send(
            &*tx,
            colleague,
            "催办：会签",
            "请于今日办结",
            Some("/workflow/9"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let robot_rows: Vec<_> = env
            .rows()
            .await
            .into_iter()
            .filter(|r| r.channel == "dingtalk")
            .collect();
        assert_eq!(robot_rows.len(), 2, "{robot_rows:?}");
        assert_eq!(robot_rows[0].to_name, "办理人、同事");
        assert_eq!(
            robot_rows[0].mention.as_deref(),
            Some("13800001234,13900005678")
        );
        assert_eq!(robot_rows[1].to_name, "同事");

        env.delivery().run(db, now_ms() + 1_000).await.unwrap();
        let hits = env.robot.hits();
        assert_eq!(hits.len(), 2);
        let joint = hits
            .iter()
            .find(|h| {
                h.body["text"]["content"]
                    .as_str()
                    .unwrap()
                    .contains("新待办")
            })
            .unwrap();
        assert_eq!(
            joint.body["at"]["atMobiles"],
            json!(["13800001234", "13900005678"])
        );
        let content = joint.body["text"]["content"].as_str().unwrap();
        assert!(
            content.contains("办理人、同事：关于修订差旅费管理办法的请示"),
            "{content}"
        );
        assert!(content.ends_with("@13800001234 @13900005678"), "{content}");
    }
);
