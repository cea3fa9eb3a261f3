//! The command line, run as a user would run it.

use std::process::{Command, Output};

fn sanban(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanban"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("SANBAN_DATABASE_URL")
        .current_dir(dir)
        .output()
        .expect("run sanban")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn version_and_roles() {
    let dir = tempfile::tempdir().unwrap();
    let o = sanban(dir.path(), &["--version"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        format!("sanban {}", env!("CARGO_PKG_VERSION"))
    );
    let o = sanban(dir.path(), &["admin", "list-roles"]);
    let out = stdout(&o);
    assert!(out.contains("admin") && out.contains("系统管理员") && out.contains("管理账户与角色"));
    assert!(out.contains("auditor") && out.contains("查看审计日志"));
}

#[test]
fn config_masks_secrets_and_rejects_bad_urls() {
    let dir = tempfile::tempdir().unwrap();
    let o = sanban(
        dir.path(),
        &[
            "config",
            "--database-url",
            "postgres://sanban:geheim@db:5432/sanban",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("postgres://sanban:***@db:5432/sanban"),
        "{out}"
    );
    assert!(!out.contains("geheim"));

    std::fs::write(dir.path().join("sanban.toml"), "bind = \"0.0.0.0:9000\"\n").unwrap();
    let out = stdout(&sanban(dir.path(), &["config"]));
    assert!(
        out.contains("bind = \"0.0.0.0:9000\""),
        "sanban.toml is read: {out}"
    );

    let o = sanban(dir.path(), &["migrate", "--database-url", "mysql://x/y"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("database_url 只支持 sqlite:// 或 postgres://"),
        "{}",
        stderr(&o)
    );

    std::fs::write(
        dir.path().join("sanban.toml"),
        "[schedules]\n\"workflow.reminders\" = \"every tuesday\"\n",
    )
    .unwrap();
    let o = sanban(dir.path(), &["migrate"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o)
            .contains("任务「workflow.reminders」的计划「every tuesday」不是有效的 cron 表达式"),
        "{}",
        stderr(&o)
    );

    std::fs::write(dir.path().join("sanban.toml"), "colour = \"red\"\n").unwrap();
    let o = sanban(dir.path(), &["config"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("未知的配置项「colour」"),
        "{}",
        stderr(&o)
    );

    std::fs::write(dir.path().join("sanban.toml"), "demo = \"yes please\"\n").unwrap();
    let o = sanban(dir.path(), &["config"]);
    assert!(
        stderr(&o).contains("配置项「demo」的类型不对"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn accounts_and_audit_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = sanban(dir.path(), &["migrate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("管理员：用户名 admin"),
        "the first start prints the admin sign-in"
    );
    let o = sanban(dir.path(), &["migrate"]);
    assert!(!stdout(&o).contains("管理员"), "and never again");

    let o = sanban(
        dir.path(),
        &[
            "admin",
            "create-user",
            "--username",
            "qianjin",
            "--name",
            "钱进",
            "--role",
            "督查专员",
            "--password",
            "Qian-Jin-2024",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Qian-Jin-2024"));
    let o = sanban(
        dir.path(),
        &[
            "admin",
            "create-user",
            "--username",
            "qianjin",
            "--name",
            "钱进",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("该登录名已被使用"));
    let o = sanban(
        dir.path(),
        &["admin", "reset-password", "--username", "nobody"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("没有登录名为「nobody」的账户"));
    let o = sanban(
        dir.path(),
        &[
            "admin",
            "reset-password",
            "--username",
            "qianjin",
            "--password",
            "short",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("至少需要 8 个字符"));

    let o = sanban(dir.path(), &["audit", "verify"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("审计链完整"), "{out}");

    let o = sanban(dir.path(), &["demo"]);
    assert!(
        !o.status.success(),
        "the demo only goes into an empty database"
    );
    assert!(stderr(&o).contains("演示数据只能载入空数据库"));
}

#[test]
fn check_reports_like_a_compiler_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.txt");
    std::fs::write(
        &draft,
        "关于做好防汛工作的通知\n\n各区人民政府:\n　　请认真贯彻执行。\n",
    )
    .unwrap();
    let path = draft.to_str().unwrap();
    let o = sanban(dir.path(), &["check", path]);
    assert_eq!(o.status.code(), Some(1), "an error fails the check");
    let out = stdout(&o);
    assert!(out.contains(&format!("{path}:3:7: 错误[T08]")), "{out}");
    assert!(out.contains("依据：GB/T 9704-2012"));

    let o = sanban(dir.path(), &["check", "--format", "json", path]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json[0]["findings"][0]["code"], "T08");
    assert_eq!(json[0]["findings"][0]["line"], 3);

    let o = sanban(dir.path(), &["check", "--fix", path]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        std::fs::read_to_string(&draft)
            .unwrap()
            .contains("各区人民政府：\n")
    );

    let o = sanban(dir.path(), &["check", "no-such-file.txt"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("无法读取文件 no-such-file.txt"));
    std::fs::write(dir.path().join("bad.docx"), b"not a zip").unwrap();
    let o = sanban(
        dir.path(),
        &["check", dir.path().join("bad.docx").to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是有效的 .docx"));
}

#[test]
fn render_lays_out_a_draft_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("tongzhi.txt");
    let corpus = package_dir().join("../gongwen/tests/corpus/c01_tongzhi_full.txt");
    std::fs::copy(corpus, &draft).unwrap();
    let out = dir.path().join("out.docx");
    let o = sanban(
        dir.path(),
        &[
            "render",
            draft.to_str().unwrap(),
            "--to",
            "docx",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "a .docx is a zip");
    let o = sanban(dir.path(), &["check", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("错误 0 处"));
}

/// `check --layout` converts the .docx with LibreOffice and measures the pages; without
/// `soffice` it says so in Chinese and exits 2. `SANBAN_REQUIRE_SOFFICE=1` makes a missing
/// `soffice` fail the test rather than skip the measuring half.
#[test]
fn check_layout_needs_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("tongzhi.txt");
    let corpus = package_dir().join("../gongwen/tests/corpus/c01_tongzhi_full.txt");
    std::fs::copy(corpus, &draft).unwrap();
    let out = dir.path().join("out.docx");
    let o = sanban(
        dir.path(),
        &[
            "render",
            draft.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = out.to_str().unwrap();

    let o = Command::new(env!("CARGO_BIN_EXE_sanban"))
        .args(["check", "--layout", out, "--data-dir"])
        .arg(dir.path())
        .env("PATH", dir.path().join("empty"))
        .env_remove("SANBAN_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("找不到 soffice"), "{}", stderr(&o));

    let on_path = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("soffice").is_file()));
    if !on_path {
        assert!(
            std::env::var("SANBAN_REQUIRE_SOFFICE").as_deref() != Ok("1"),
            "SANBAN_REQUIRE_SOFFICE=1 but soffice is not on PATH"
        );
        eprintln!("soffice not found: the measuring half is skipped");
        return;
    }
    let o = sanban(dir.path(), &["check", "--layout", out]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("错误 0 处"), "{}", stdout(&o));
}

#[test]
fn render_to_pdf_reports_the_fonts_it_used() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("qingshi.txt");
    let sample = package_dir().join("../gongwen/tests/render/samples/s2_qingshi.txt");
    std::fs::copy(sample, &draft).unwrap();
    let out = dir.path().join("out.pdf");
    let o = sanban(
        dir.path(),
        &[
            "render",
            draft.to_str().unwrap(),
            "--to",
            "pdf",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..5], b"%PDF-");
    let text = stdout(&o);
    assert!(text.contains("仿宋_GB2312"), "{text}");
    assert!(text.contains("方正小标宋简体"), "{text}");
    assert!(text.contains("已生成"), "{text}");
    // Without -o the PDF goes next to the draft.
    let o = sanban(
        dir.path(),
        &["render", draft.to_str().unwrap(), "--to", "pdf"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("qingshi.pdf").exists());
    // A fonts directory that does not exist is a clear error, not a silent fallback.
    let o = sanban(
        dir.path(),
        &[
            "render",
            draft.to_str().unwrap(),
            "--to",
            "pdf",
            "--fonts",
            "/nonexistent-fonts",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("字体目录"), "{}", stderr(&o));
    let o = sanban(
        dir.path(),
        &["render", draft.to_str().unwrap(), "--to", "odt"],
    );
    assert!(!o.status.success(), "only docx and pdf are offered");
}

#[test]
fn storage_settings_are_checked_and_their_secret_is_masked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sanban.toml"),
        "[storage]\nkind = \"s3\"\nmax_upload_mb = 50\n\n[storage.s3]\nendpoint = \"https://oss.example.gov.cn\"\nbucket = \"sanban\"\naccess_key = \"AKIDEXAMPLE\"\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_sanban"))
        .args(["config", "--data-dir"])
        .arg(dir.path())
        .env_remove("SANBAN_DATABASE_URL")
        .env("SANBAN_STORAGE__S3__SECRET_KEY", "wJalrXUtnFEMI-secret")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("[storage.s3]"), "{out}");
    assert!(out.contains("secret_key = \"***\""), "{out}");
    assert!(out.contains("access_key = \"AKID***\""), "{out}");
    assert!(out.contains("max_upload_mb = 50"), "{out}");
    assert!(!out.contains("wJalrXUtnFEMI"), "{out}");

    std::fs::write(dir.path().join("sanban.toml"), "[storage]\nkind = \"s3\"\n").unwrap();
    let o = sanban(dir.path(), &["config"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("必须填写 storage.s3.bucket"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        dir.path().join("sanban.toml"),
        "[storage]\nkind = \"ftp\"\n",
    )
    .unwrap();
    let o = sanban(dir.path(), &["config"]);
    assert!(
        stderr(&o).contains("storage.kind 只能是 local 或 s3"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn backup_restores_into_an_empty_directory_only() {
    let live = tempfile::tempdir().unwrap();
    let o = sanban(live.path(), &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let archive = live.path().join("demo.zip");
    let o = sanban(live.path(), &["backup", "-o", archive.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已备份到"), "{}", stdout(&o));

    let fresh = tempfile::tempdir().unwrap();
    let o = sanban(fresh.path(), &["restore", archive.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("校验值全部相符"), "{}", stdout(&o));
    // The same audit chain, row for row: `backup` itself changes nothing.
    let verify = |dir: &std::path::Path| {
        let o = sanban(dir, &["audit", "verify"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let restored = verify(fresh.path());
    assert!(restored.contains("审计链完整"), "{restored}");
    assert_eq!(restored, verify(live.path()));

    let o = sanban(fresh.path(), &["restore", archive.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已有数据库"), "{}", stderr(&o));

    let o = Command::new(env!("CARGO_BIN_EXE_sanban"))
        .args([
            "backup",
            "--database-url",
            "postgres://sanban@127.0.0.1/sanban",
        ])
        .current_dir(live.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("pg_dump"), "{}", stderr(&o));
}

/// The PostgreSQL route the README gives: pg_dump of a live installation, pg_restore into an
/// empty database, and the restored copy verifies with the same audit chain.
/// The URL of a fresh database on the test PostgreSQL server, when there is one.
fn fresh_postgres() -> Option<String> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    match rt.block_on(sanban_testkit::postgres_backend()) {
        Some(sanban_testkit::Backend::Postgres(url)) => Some(url),
        _ => None,
    }
}

#[test]
fn postgres_backs_up_with_pg_dump() {
    let (Some(source), Some(target)) = (fresh_postgres(), fresh_postgres()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let with_db = |url: &str, args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--database-url", url]);
        sanban(dir.path(), &all)
    };
    let o = with_db(&source, &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dump = dir.path().join("sanban.dump");
    let run = |program: &str, args: &[&str]| {
        let o = Command::new(program).args(args).output().expect(program);
        assert!(o.status.success(), "{program}: {}", stderr(&o));
    };
    run(
        "pg_dump",
        &["--format=custom", "--file", dump.to_str().unwrap(), &source],
    );
    run(
        "pg_restore",
        &["--no-owner", "--dbname", &target, dump.to_str().unwrap()],
    );
    let verify = |url: &str| {
        let o = with_db(url, &["audit", "verify"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let restored = verify(&target);
    assert!(restored.contains("审计链完整"), "{restored}");
    assert_eq!(restored, verify(&source));
}

/// An office outgrows its one machine: the SQLite installation moves into an empty
/// PostgreSQL database, whole, and carries on there.
#[test]
fn migrate_to_postgres_moves_the_whole_installation() {
    let Some(url) = fresh_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let o = sanban(dir.path(), &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sanban(dir.path(), &["migrate-to", &url]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("行数逐表核对一致"), "{}", stdout(&o));

    let on_pg = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--database-url", &url]);
        sanban(dir.path(), &all)
    };
    let o = on_pg(&["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sqlite = sanban(dir.path(), &["audit", "verify"]);
    assert_eq!(stdout(&o), stdout(&sqlite), "the same chain, row for row");
    // The people came along, and new rows take ids after the copied ones.
    let o = on_pg(&[
        "admin",
        "reset-password",
        "--username",
        "zhangwei",
        "--password",
        "Zhang-Wei-2026",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = on_pg(&[
        "admin",
        "create-user",
        "--username",
        "xinlai",
        "--name",
        "辛来",
        "--role",
        "staff",
        "--password",
        "Xin-Lai-2026",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = sanban(dir.path(), &["migrate-to", &url]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("迁移只写入空的数据库"),
        "{}",
        stderr(&o)
    );
    let o = sanban(dir.path(), &["migrate-to", "mysql://x@y/z"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("postgres://"), "{}", stderr(&o));
}

/// `sanban serve` as a child process, reporting the address it printed once listening.
struct Server {
    child: std::process::Child,
    url: String,
}

/// A failing assertion must not leave the server running.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx in front of the nodes, round-robin, as an office would run them: it runs from a
/// directory of its own, logs which node served each request, and stops with the test.
struct Proxy {
    child: std::process::Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proxy {
    /// None when this machine has no nginx and the run does not require one.
    fn start(nodes: &[&str]) -> Option<Proxy> {
        let binary = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
            .into_iter()
            .find(|p| std::path::Path::new(p).is_file());
        let Some(binary) = binary else {
            assert!(
                std::env::var("SANBAN_REQUIRE_NGINX").is_err(),
                "SANBAN_REQUIRE_NGINX is set but there is no nginx"
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let servers: String = nodes
            .iter()
            .map(|n| format!("server {}; ", n.trim_start_matches("http://")))
            .collect();
        std::fs::write(
            dir.path().join("nginx.conf"),
            format!(
                "daemon off; worker_processes 1; pid {d}/nginx.pid; error_log {d}/error.log warn;\n\
                 events {{ worker_connections 256; }}\n\
                 http {{\n\
                 log_format node '$request_method $uri $status $upstream_addr';\n\
                 access_log {d}/access.log node;\n\
                 client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
                 fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
                 client_max_body_size 20m;\n\
                 upstream sanban {{ {servers}}}\n\
                 server {{ listen 127.0.0.1:{port};\n\
                 location / {{ proxy_pass http://sanban; proxy_set_header Host $http_host;\n\
                 proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
                 proxy_next_upstream error timeout; }} }}\n\
                 }}\n"
            ),
        )
        .unwrap();
        let child = Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut proxy = Proxy {
            child,
            url: format!("http://127.0.0.1:{port}"),
            dir,
        };
        // nginx says nothing when it is ready: wait for its port, a bounded number of times.
        for _ in 0..500 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(proxy);
            }
            if let Some(status) = proxy.child.try_wait().unwrap() {
                panic!("nginx exited with {status}: {}", proxy.errors());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("nginx did not listen: {}", proxy.errors());
    }

    fn errors(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    /// The node that served each logged request with this method and path that succeeded.
    fn served_by(&self, method: &str, path: &str) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("access.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(' ').collect();
                (f.len() >= 4 && f[0] == method && f[1] == path && f[2].starts_with('2'))
                    .then(|| f[3].to_string())
            })
            .collect()
    }
}

fn serve(dir: &std::path::Path, extra: &[&str]) -> Server {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanban"))
        .args(["serve", "--bind", "127.0.0.1:0", "--no-demo", "--data-dir"])
        .arg(dir)
        .args(extra)
        .env_remove("SANBAN_DATABASE_URL")
        .env("SANBAN_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start sanban serve");
    let out = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(out).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("sanban serve exited before listening")
            .unwrap();
        if let Some(url) = line.strip_prefix("三办已启动：") {
            break url.trim().to_string();
        }
    };
    // Keep draining so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

async fn sign_in(url: &str, username: &str, password: &str) -> (reqwest::Client, String) {
    sanban_platform::install_crypto_provider();
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = c
        .get(format!("{url}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = sanban_testkit::extract_csrf(&page).unwrap();
    let res = c
        .post(format!("{url}/login"))
        .form(&[
            ("username", username),
            ("password", password),
            ("_csrf", &token),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    let page = c
        .get(format!("{url}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = sanban_testkit::extract_csrf(&page).unwrap();
    (c, csrf)
}

/// kill -9 in the middle of a write load: every write the client was told succeeded is there
/// after the restart, the database checks clean and the audit chain verifies.
fn crash_during_writes(extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let with = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(extra);
        sanban(dir.path(), &all)
    };
    assert!(with(&["migrate"]).status.success());
    let o = with(&[
        "admin",
        "create-user",
        "--username",
        "shoufa",
        "--name",
        "收发",
        "--role",
        "clerk",
        "--password",
        "Shou-Fa-2026",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut server = serve(dir.path(), extra);
    let acked = rt.block_on(async {
        let (c, csrf) = sign_in(&server.url, "shoufa", "Shou-Fa-2026").await;
        let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(i64, String)>::new()));
        let (enough_tx, mut enough_rx) = tokio::sync::mpsc::channel::<()>(1);
        let mut workers = Vec::new();
        for w in 0..4 {
            let (c, csrf, url, acked, enough) = (
                c.clone(),
                csrf.clone(),
                server.url.clone(),
                acked.clone(),
                enough_tx.clone(),
            );
            workers.push(tokio::spawn(async move {
                for i in 0.. {
                    let content = format!("断电测试来电 {w}-{i}");
                    let res = c
                        .post(format!("{url}/api/v1/documents/phone"))
                        .header("x-csrf-token", &csrf)
                        .json(&serde_json::json!({
                            "kind": "phone", "at": "2026-11-26T10:00",
                            "from_unit": "市应急管理局", "content": content,
                        }))
                        .send()
                        .await;
                    let Ok(res) = res else { break };
                    if res.status() != reqwest::StatusCode::OK {
                        break;
                    }
                    let Ok(body) = res.json::<serde_json::Value>().await else {
                        break;
                    };
                    let mut a = acked.lock().unwrap();
                    a.push((body["id"].as_i64().unwrap(), content));
                    if a.len() == 60 {
                        let _ = enough.try_send(());
                    }
                }
            }));
        }
        enough_rx.recv().await;
        // SIGKILL with requests in flight: no shutdown, no flush.
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        for w in workers {
            w.await.unwrap();
        }
        std::sync::Arc::try_unwrap(acked)
            .unwrap()
            .into_inner()
            .unwrap()
    });
    assert!(acked.len() >= 60);

    let mut server = serve(dir.path(), extra);
    rt.block_on(async {
        let (c, _) = sign_in(&server.url, "shoufa", "Shou-Fa-2026").await;
        for (id, content) in &acked {
            let res = c
                .get(format!("{}/api/v1/documents/phone/{id}", server.url))
                .send()
                .await
                .unwrap();
            assert_eq!(
                res.status(),
                reqwest::StatusCode::OK,
                "acknowledged write {id} is gone"
            );
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["content"], content.as_str());
        }
    });
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let o = with(&["audit", "verify"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    rt.block_on(async {
        use sea_orm::{ConnectionTrait, Statement};
        let url = match extra {
            ["--database-url", url] => url.to_string(),
            _ => format!("sqlite://{}", dir.path().join("sanban.db").display()),
        };
        let db = sea_orm::Database::connect(&url).await.unwrap();
        let backend = db.get_database_backend();
        if url.starts_with("sqlite:") {
            let row = db
                .query_one_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "ok");
        } else {
            // amcheck walks every B-tree index and raises on a corrupt page or order.
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS amcheck")
                .await
                .unwrap();
            let checked = db
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT bt_index_check(c.oid, true) FROM pg_index i \
                     JOIN pg_class c ON c.oid = i.indexrelid \
                     JOIN pg_am am ON am.oid = c.relam AND am.amname = 'btree' \
                     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()",
                ))
                .await
                .unwrap();
            assert!(checked.len() > 20, "the indexes were walked");
        }
    });
}

#[test]
fn sqlite_keeps_every_acknowledged_write_through_a_kill() {
    crash_during_writes(&[]);
}

#[test]
fn postgres_keeps_every_acknowledged_write_through_a_kill() {
    let Some(url) = fresh_postgres() else {
        return;
    };
    crash_during_writes(&["--database-url", &url]);
}

/// Two nodes on one PostgreSQL and one S3-compatible store, as behind a load balancer: a
/// session made on one is honoured by the other, a file uploaded through one downloads
/// through the other, 收文编号 stay gap-free under concurrent registration on both, and when
/// one node is killed the other carries on.
#[test]
fn two_nodes_share_sessions_files_and_numbers() {
    const CLIENT_ADDR: &str = "172.16.3.7";
    let Some(db_url) = fresh_postgres() else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Ok(endpoint) = std::env::var("SANBAN_TEST_S3_ENDPOINT") else {
        assert!(
            std::env::var("SANBAN_REQUIRE_S3").is_err(),
            "SANBAN_REQUIRE_S3 is set but SANBAN_TEST_S3_ENDPOINT is not"
        );
        return;
    };
    sanban_platform::install_crypto_provider();
    let bucket = format!("nodes-{}", std::process::id());
    rt.block_on(async {
        let res = reqwest::Client::new()
            .put(format!("{endpoint}/{bucket}"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    });
    let shared = tempfile::tempdir().unwrap();
    let config = shared.path().join("sanban.toml");
    std::fs::write(
        &config,
        format!(
            "database_url = \"{db_url}\"\ntrusted_proxies = [\"127.0.0.1\"]\n\n\
             [storage]\nkind = \"s3\"\n\n[storage.s3]\n\
             endpoint = \"{endpoint}\"\nbucket = \"{bucket}\"\nregion = \"us-east-1\"\n\
             access_key = \"test\"\nsecret_key = \"test\"\n"
        ),
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let o = sanban(shared.path(), &["--config", cfg, "migrate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sanban(
        shared.path(),
        &[
            "--config",
            cfg,
            "admin",
            "create-user",
            "--username",
            "shoufa",
            "--name",
            "收发",
            "--role",
            "clerk",
            "--password",
            "Shou-Fa-2026",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Each node has a data directory of its own, as on separate machines.
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = serve(dir_a.path(), &["--config", cfg]);
    let b = serve(dir_b.path(), &["--config", cfg]);
    let proxy = Proxy::start(&[&a.url, &b.url]);
    // Through nginx the sign-in page and the sign-in itself land on different nodes.
    let front = proxy.as_ref().map(|p| p.url.clone());

    let (c, csrf) = rt.block_on(sign_in(
        front.as_deref().unwrap_or(&a.url),
        "shoufa",
        "Shou-Fa-2026",
    ));
    rt.block_on(async {
        // Signed in on A, served by B.
        let me: serde_json::Value = c
            .get(format!("{}/api/v1/me", b.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["username"], "shoufa", "{me}");
    });

    let register = |node: String, i: usize| {
        let (c, csrf) = (c.clone(), csrf.clone());
        async move {
            c.post(format!("{node}/api/v1/documents/incoming"))
                .header("x-csrf-token", &csrf)
                // As a client behind a trusted balancer appears to the node.
                .header("x-forwarded-for", CLIENT_ADDR)
                .json(&serde_json::json!({
                    "source_unit": "市人民政府办公室", "source_number": format!("市政办〔2026〕{i}号"),
                    "title": format!("关于第{i}项工作的通知"), "kind": "通知",
                    "channel": "paper", "source_class": "government",
                }))
                .send()
                .await
        }
    };
    rt.block_on(async {
        let first = register(a.url.clone(), 0).await.unwrap();
        assert_eq!(first.status(), reqwest::StatusCode::CREATED);
        let id = first.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        // Uploaded through A into the bucket, read back through B.
        let bytes = [b"%PDF-1.7\n".as_slice(), &[b'x'; 300_000]].concat();
        let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name("来文原件.pdf");
        let up: serde_json::Value = c
            .post(format!(
                "{}/api/v1/attachments?module=documents&record_id=incoming:{id}&slot=file",
                a.url
            ))
            .header("x-csrf-token", &csrf)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let att = up["id"].as_i64().unwrap_or_else(|| panic!("{up}"));
        let down = c
            .get(format!("{}/api/v1/attachments/{att}/content", b.url))
            .send()
            .await
            .unwrap();
        assert_eq!(down.status(), reqwest::StatusCode::OK);
        assert_eq!(down.bytes().await.unwrap().as_ref(), bytes.as_slice());

        // Forty registrations at once, through nginx when there is one, else alternating.
        let all: Vec<_> = (1..=40)
            .map(|i| {
                let node = match &front {
                    Some(f) => f.clone(),
                    None if i % 2 == 0 => a.url.clone(),
                    None => b.url.clone(),
                };
                tokio::spawn(register(node, i))
            })
            .collect();
        for r in all {
            assert_eq!(
                r.await.unwrap().unwrap().status(),
                reqwest::StatusCode::CREATED
            );
        }
        // A dies mid-load; B keeps serving the same people.
        let inflight: Vec<_> = (41..=50)
            .map(|i| tokio::spawn(register(a.url.clone(), i)))
            .collect();
        a.child.kill().unwrap();
        a.child.wait().unwrap();
        for r in inflight {
            let _ = r.await.unwrap();
        }
        // Through nginx, which now finds A refusing connections and passes everything to B.
        for i in 51..=55 {
            let res = register(front.clone().unwrap_or(b.url.clone()), i)
                .await
                .unwrap();
            assert_eq!(res.status(), reqwest::StatusCode::CREATED);
        }
    });
    if let Some(p) = &proxy {
        let served = p.served_by("POST", "/api/v1/documents/incoming");
        assert_eq!(served.len(), 45, "{served:?}\n{}", p.errors());
        for node in [&a.url, &b.url] {
            let addr = node.trim_start_matches("http://");
            let n = served.iter().filter(|s| s.ends_with(addr)).count();
            // Round-robin: about half of the forty each; after A died, all five on B.
            assert!(n >= 10, "{addr} served {n} of {served:?}");
        }
    }
    let mut b = b;
    b.child.kill().unwrap();
    b.child.wait().unwrap();

    // Whatever A finished before it died, the numbers in the database run without a gap.
    rt.block_on(async {
        use sea_orm::{ConnectionTrait, Statement};
        let db = sea_orm::Database::connect(&db_url).await.unwrap();
        let numbers: Vec<String> = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT number FROM doc_incoming ORDER BY number",
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect();
        assert!(numbers.len() >= 46, "{numbers:?}");
        // The audit rows name the client, not the balancer.
        let ips: Vec<Option<String>> = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT DISTINCT ip FROM audit_log WHERE action = 'documents.incoming.register'",
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect();
        assert_eq!(ips, vec![Some(CLIENT_ADDR.to_string())]);
        let year = &numbers[0][..numbers[0].find('〕').unwrap() + '〕'.len_utf8()];
        for (i, n) in numbers.iter().enumerate() {
            assert_eq!(*n, format!("{year}{:04}", i + 1), "{numbers:?}");
        }
    });
}

/// The pages' policy forbids inline script, so no template may carry any: it would silently
/// stop working in the browser.
#[test]
fn templates_carry_no_inline_script() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "html")
                && p.components().any(|c| c.as_os_str() == "templates")
            {
                out.push(p);
            }
        }
    }
    let crates = package_dir().join("..");
    let mut files = Vec::new();
    walk(&crates, &mut files);
    assert!(
        files.len() > 40,
        "templates not found under {}",
        crates.display()
    );
    let offenders: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).unwrap().to_lowercase();
            inline_script(&text).map(|what| format!("{}: {what}", f.display()))
        })
        .collect();
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The first inline event handler (` onclick=`), `<script>` without `src` or `javascript:` URL.
fn inline_script(html: &str) -> Option<String> {
    for (i, _) in html.match_indices(" on") {
        let name: String = html[i + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let rest = html[i + 3 + name.len()..].trim_start();
        if name.len() >= 3 && rest.starts_with('=') {
            return Some(format!("on{name}="));
        }
    }
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
        if !tag.contains("src=") {
            return Some(tag.to_string());
        }
    }
    html.contains("javascript:")
        .then(|| "javascript:".to_string())
}

/// The package's directory as Cargo gives it to the running test. The path compiled in belongs to
/// the checkout that built the binary, and a target directory shared between checkouts can hand
/// an unchanged binary to another one.
fn package_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(Into::into)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
