//! Starts the real application on a random port, on a fresh SQLite file or a fresh
//! PostgreSQL database, and talks to it over HTTP like a browser or an API client.
//!
//! Each test crate defines its own `db_test!` macro over [`TestApp::start`] (or
//! [`TestApp::start_full`] with its modules), so that one body runs on both backends.

use std::{path::PathBuf, sync::Arc};

use reqwest::{Client, StatusCode, redirect::Policy};
use sanban_platform::{Config, Module, server, web::state::AppState};
use sea_orm::{ConnectionTrait, Database};

pub enum Backend {
    Sqlite,
    Postgres(String),
}

#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub admin_password: String,
    pub state: AppState,
    _dir: Arc<tempfile::TempDir>,
}

/// A fresh database on the test server named by `SANBAN_TEST_PG_URL`. Without it the
/// PostgreSQL half is skipped, unless `SANBAN_REQUIRE_PG` says it must run.
pub async fn postgres_backend() -> Option<Backend> {
    let Ok(url) = std::env::var("SANBAN_TEST_PG_URL") else {
        if std::env::var("SANBAN_REQUIRE_PG").is_ok() {
            panic!("SANBAN_REQUIRE_PG is set but SANBAN_TEST_PG_URL is not");
        }
        eprintln!("skipping the PostgreSQL run: SANBAN_TEST_PG_URL is not set");
        return None;
    };
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&url)
        .await
        .expect("connect to the test PostgreSQL server");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let base = url
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap_or(url);
    Some(Backend::Postgres(format!("{base}/{name}")))
}

impl TestApp {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, |_| {}, |_| {}).await
    }

    /// Starts with changed configuration, and with `setup` applied to the state before
    /// serving (to register module hooks).
    pub async fn start_with(
        backend: Backend,
        configure: impl FnOnce(&mut Config),
        setup: impl FnOnce(&mut AppState),
    ) -> Self {
        Self::start_full(backend, Vec::new(), configure, setup).await
    }

    /// Starts with business modules, as the binary does.
    pub async fn start_modules(backend: Backend, modules: Vec<Module>) -> Self {
        Self::start_full(backend, modules, |_| {}, |_| {}).await
    }

    pub async fn start_full(
        backend: Backend,
        modules: Vec<Module>,
        configure: impl FnOnce(&mut Config),
        setup: impl FnOnce(&mut AppState),
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config {
            data_dir: PathBuf::from(dir.path()),
            database_url: match &backend {
                Backend::Sqlite => String::new(),
                Backend::Postgres(url) => url.clone(),
            },
            demo: false,
            ..Config::default()
        };
        configure(&mut config);
        let mut prepared = server::prepare_with(config, modules)
            .await
            .expect("prepare app");
        setup(&mut prepared.state);
        let admin_password = prepared.credentials.expect("fresh database creates admin")[0]
            .password
            .clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = prepared.state.clone();
        tokio::spawn(server::serve(
            listener,
            prepared.state,
            std::future::pending(),
        ));
        Self {
            base,
            admin_password,
            state,
            _dir: Arc::new(dir),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn browser(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// Signs in through the login form; panics unless it succeeds.
    pub async fn login(&self, username: &str, password: &str) -> Client {
        let c = self.browser();
        let res = self.try_login(&c, username, password).await;
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "login of {username} failed: {}",
            res.text().await.unwrap_or_default()
        );
        c
    }

    pub async fn try_login(&self, c: &Client, username: &str, password: &str) -> reqwest::Response {
        let token = self.csrf(c, "/login").await;
        c.post(self.url("/login"))
            .form(&[
                ("username", username),
                ("password", password),
                ("_csrf", token.as_str()),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap()
    }

    pub async fn admin(&self) -> Client {
        self.login("admin", &self.admin_password).await
    }

    /// The CSRF token embedded in a page the client can open.
    pub async fn csrf(&self, c: &Client, page: &str) -> String {
        let html = c
            .get(self.url(page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        extract_csrf(&html).unwrap_or_else(|| panic!("no CSRF token on {page}"))
    }

    /// Creates an API token for the person signed in on `c`; returns the API's answer: the
    /// token's `id`, and the `token` itself, which is shown only this once.
    pub async fn create_api_token(&self, c: &Client, name: &str) -> serde_json::Value {
        let csrf = self.csrf(c, "/").await;
        c.post(self.url("/api/v1/tokens"))
            .header("x-csrf-token", csrf)
            .json(&serde_json::json!({ "name": name }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Creates a person with a sign-in through the API as admin; returns (id, password).
    pub async fn create_user(
        &self,
        admin: &Client,
        username: &str,
        name: &str,
        roles: &[&str],
    ) -> (i64, String) {
        let token = self.csrf(admin, "/").await;
        let res = admin
            .post(self.url("/api/v1/people"))
            .header("x-csrf-token", token)
            .json(&serde_json::json!({"username": username, "name": name, "roles": roles, "create_account": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "create user: {}",
            res.text().await.unwrap()
        );
        let body: serde_json::Value = res.json().await.unwrap();
        (
            body["person"]["id"].as_i64().unwrap(),
            body["initial_password"].as_str().unwrap().to_string(),
        )
    }

    /// Signs in a new user and sets their own password (first sign-in requires it).
    pub async fn user_session(
        &self,
        admin: &Client,
        username: &str,
        name: &str,
        roles: &[&str],
    ) -> (i64, Client, String) {
        let (id, initial) = self.create_user(admin, username, name, roles).await;
        let c = self.login(username, &initial).await;
        let new = format!("{username}-新密码-2024");
        let token = self.csrf(&c, "/account/password").await;
        let res = c
            .post(self.url("/account/password"))
            .form(&[
                ("current", initial.as_str()),
                ("new", new.as_str()),
                ("confirm", new.as_str()),
                ("_csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        (id, self.login(username, &new).await, new)
    }

    pub async fn api_get(&self, c: &Client, path: &str) -> (StatusCode, serde_json::Value) {
        let res = c.get(self.url(path)).send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}
