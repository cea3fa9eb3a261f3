use std::process::ExitCode;

use anyhow::{Context, bail};
use sanban_platform::{
    Config,
    audit::{self, VerifyOutcome},
    auth::{Actor, Role, service},
    backup,
    org::{
        demo::Credential,
        people::{self, PersonInput},
    },
    server,
};
use tracing_subscriber::{EnvFilter, fmt};

use crate::cli::{AdminCommand, AuditCommand, Cli, Command, GlobalArgs, ServeArgs};

fn load_config(g: &GlobalArgs, serve: Option<&ServeArgs>) -> anyhow::Result<Config> {
    use figment::{Figment, providers::Serialized};
    let mut flags = serde_json::Map::new();
    if let Some(v) = &g.database_url {
        flags.insert("database_url".into(), v.clone().into());
    }
    if let Some(v) = &g.data_dir {
        flags.insert("data_dir".into(), v.display().to_string().into());
    }
    if let Some(v) = &g.log_format {
        flags.insert("log_format".into(), v.clone().into());
    }
    if let Some(s) = serve {
        if let Some(b) = &s.bind {
            flags.insert("bind".into(), b.clone().into());
        }
        if s.no_demo {
            flags.insert("demo".into(), false.into());
        }
    }
    Ok(Config::load(
        g.config.as_deref(),
        Figment::from(Serialized::defaults(flags)),
    )?)
}

fn init_logging(config: &Config) {
    let filter = EnvFilter::try_from_env("SANBAN_LOG").unwrap_or_else(|_| {
        EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,tower_sessions=warn")
    });
    let builder = fmt().with_env_filter(filter).with_target(false);
    if config.log_format == "json" {
        builder.json().with_current_span(true).init();
    } else {
        builder.init();
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = cli.command.unwrap_or(Command::Serve(ServeArgs::default()));
    match command {
        Command::Serve(args) => {
            let config = load_config(&cli.global, Some(&args))?;
            init_logging(&config);
            serve(config).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Config => {
            let config = load_config(&cli.global, None)?;
            print!("{}", config.to_masked_toml());
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let mut config = load_config(&cli.global, None)?;
            config.demo = false;
            let p = prepare(config).await?;
            print_credentials(p.credentials.as_deref());
            println!("数据库结构已是最新。");
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            let mut config = load_config(&cli.global, None)?;
            config.demo = true;
            let p = prepare(config).await?;
            match p.credentials {
                Some(c) => {
                    print_credentials(Some(&c));
                    Ok(ExitCode::SUCCESS)
                }
                None => bail!(
                    "数据库中已有人员；演示数据只能载入空数据库（换一个 --data-dir 或数据库试试）"
                ),
            }
        }
        Command::Admin(cmd) => admin(load_config(&cli.global, None)?, cmd).await,
        Command::Check(args) => crate::check::run(args),
        Command::Render(args) => crate::render::run(args),
        Command::Backup { output } => {
            let config = load_config(&cli.global, None)?;
            let output = output.unwrap_or_else(|| {
                let now = chrono::Local::now().format("%Y%m%d-%H%M%S");
                std::path::PathBuf::from(format!("sanban-backup-{now}.zip"))
            });
            let r = backup::create(&config, &output, &mut |line| eprintln!("{line}")).await?;
            println!(
                "已备份到 {}：{} 张表共 {} 行，附件 {} 个（{} 字节），均已记录 SHA-256 校验值。",
                r.archive.display(),
                r.tables,
                r.rows,
                r.files,
                r.file_bytes
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::MigrateTo { url } => {
            let config = load_config(&cli.global, None)?;
            let r = migrate_to_postgres(&config, &url).await?;
            println!(
                "已迁移到 {}：{} 张表共 {} 行，行数逐表核对一致，审计链 {} 条完好；附件对象迁移 {} 个。\n\
                 今后请以 --database-url（或 sanban.toml 的 database_url）指向该 PostgreSQL 数据库启动。",
                sanban_platform::config::mask_url(&url),
                r.tables,
                r.rows,
                r.audit_rows,
                r.files
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { archive } => {
            let config = load_config(&cli.global, None)?;
            let r = backup::restore(&config, &archive, &mut |line| eprintln!("{line}")).await?;
            println!(
                "已恢复到 {}：{} 张表共 {} 行，附件 {} 个，校验值全部相符，审计链 {} 条完好。",
                config.data_dir.display(),
                r.tables,
                r.rows,
                r.files,
                r.audit_rows
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCommand::Verify) => {
            let mut config = load_config(&cli.global, None)?;
            config.demo = false;
            let p = prepare(config).await?;
            match audit::verify(&p.state.db).await? {
                VerifyOutcome::Intact { rows } => {
                    println!("审计链完整：共核验 {rows} 条记录。");
                    Ok(ExitCode::SUCCESS)
                }
                VerifyOutcome::Broken {
                    row_id,
                    reason,
                    rows_checked,
                } => {
                    println!(
                        "审计链已被破坏：第 {row_id} 号记录 —— {reason}（此前 {rows_checked} 条完好）"
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let bind = config.bind.clone();
    let listener = tokio::net::TcpListener::bind(&bind)
        .await
        .with_context(|| format!("无法监听 {bind}（端口被占用？可用 --bind 换一个地址）"))?;
    let prepared = prepare(config).await?;
    print_credentials(prepared.credentials.as_deref());
    let url = format!("http://{}", listener.local_addr()?);
    tracing::info!(%url, "三办已启动");
    println!("三办已启动：{url}");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    server::serve(listener, prepared.state, shutdown).await
}

fn print_credentials(creds: Option<&[Credential]>) {
    let Some(creds) = creds else { return };
    println!("\n======== 首次启动：已创建以下账户（密码只显示这一次，请妥善保存） ========");
    for c in creds {
        println!(
            "  {:<14} {:<8} {:<18} {}",
            c.username, c.name, c.password, c.roles
        );
    }
    println!("  管理员：用户名 admin，密码 {}", creds[0].password);
    println!("==========================================================================\n");
}

async fn admin(mut config: Config, cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    if let AdminCommand::ListRoles = cmd {
        for r in Role::ALL {
            let perms: Vec<&str> = r.permissions().iter().map(|p| p.label()).collect();
            println!("{:<16} {:<10} {}", r.code(), r.label(), perms.join("、"));
        }
        return Ok(ExitCode::SUCCESS);
    }
    config.demo = false;
    let p = prepare(config).await?;
    let db = &p.state.db;
    let system = Actor::system("命令行管理");
    match cmd {
        AdminCommand::CreateUser {
            username,
            name,
            roles,
            password,
        } => {
            let input = PersonInput {
                username,
                name,
                roles,
                active: true,
                create_account: true,
                ..Default::default()
            };
            let created = people::create(db, &system, input).await?;
            let pw = match password {
                Some(pw) => service::set_password(db, &system, created.person.id, Some(pw)).await?,
                None => created.initial_password.unwrap_or_default(),
            };
            println!(
                "已创建账户 {}（{}），初始密码：{pw}",
                created.person.username, created.person.name
            );
        }
        AdminCommand::ResetPassword { username, password } => {
            let u = service::user_by_username(db, &username).await?;
            let pw = service::set_password(db, &system, u.id, password).await?;
            println!(
                "已重置 {}（{}）的密码：{pw}；其所有登录已失效，下次登录须修改密码。",
                u.username, u.name
            );
        }
        AdminCommand::ListRoles => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// Prepares the application with the business modules this deployment serves.
async fn prepare(config: sanban_platform::Config) -> anyhow::Result<server::Prepared> {
    let modules = modules(&config);
    server::prepare_with(config, modules).await
}

/// The business modules this binary serves.
fn modules(config: &sanban_platform::Config) -> Vec<sanban_platform::Module> {
    vec![
        sanban_documents::module_for(config.classified_network),
        sanban_meetings::module(),
        sanban_supervision::module(),
    ]
}

/// `migrate-to` with a progress bar per table on a terminal (plain lines otherwise).
async fn migrate_to_postgres(config: &Config, url: &str) -> anyhow::Result<backup::MoveReport> {
    use indicatif::{ProgressBar, ProgressStyle};
    let style = ProgressStyle::with_template("{msg:>24} [{bar:30}] {pos}/{len} 行")
        .expect("valid template")
        .progress_chars("=> ");
    let mut bar: Option<ProgressBar> = None;
    let r = backup::migrate_to(config, &modules(config), url, &mut |p| match p {
        backup::Progress::Table { name, rows } => {
            if let Some(b) = bar.take() {
                b.finish();
            }
            let b = ProgressBar::new(rows)
                .with_style(style.clone())
                .with_message(name);
            bar = Some(b);
        }
        backup::Progress::Rows(n) => {
            if let Some(b) = &bar {
                b.set_position(n);
            }
        }
        backup::Progress::Files { done, total } => {
            if done == 1 || done == total || done % 100 == 0 {
                eprintln!("附件对象 {done} / {total}");
            }
        }
        backup::Progress::Note(line) => eprintln!("{line}"),
    })
    .await;
    if let Some(b) = bar.take() {
        b.finish();
    }
    r
}
