//! Starting Sanban: connect, migrate, bootstrap, serve. Used by the binary and by tests.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::Router;
use tokio::net::TcpListener;

use crate::{
    Module,
    auth::session_store::DbSessionStore,
    config::Config,
    db::Db,
    jobs,
    org::demo::{self, Credential},
    web::{
        self,
        state::{AppState, platform_nav},
    },
};

pub struct Prepared {
    pub state: AppState,
    /// Sign-ins created on this start (a brand-new database), to print once.
    pub credentials: Option<Vec<Credential>>,
}

/// Connects to the configured database, migrates it, and on an empty one creates the first
/// accounts.
pub async fn prepare(config: Config) -> anyhow::Result<Prepared> {
    prepare_with(config, Vec::new()).await
}

/// [`prepare`] with the business modules the binary is built with: their tables are migrated
/// and their definitions, figures, attachment rules, pages and API put in place.
pub async fn prepare_with(config: Config, modules: Vec<Module>) -> anyhow::Result<Prepared> {
    crate::install_crypto_provider();
    // A bad schedule is a configuration error: refuse to start rather than never run the job.
    builtin_jobs(&config)?;
    if config.database_url.is_empty() {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| anyhow::anyhow!("无法创建数据目录 {}：{e}", config.data_dir.display()))?;
    }
    let url = config.effective_database_url();
    let db = Db::connect(&url)
        .await
        .map_err(|e| anyhow::anyhow!("无法连接数据库 {}：{e}", crate::config::mask_url(&url)))?;
    db.migrate()
        .await
        .map_err(|e| anyhow::anyhow!("数据库迁移失败：{e}"))?;
    for m in &modules {
        (m.migrate)(db.clone())
            .await
            .map_err(|e| anyhow::anyhow!("模块 {} 的数据库迁移失败：{e}", m.key))?;
    }
    let mut attach = crate::attach::Attachments::open(&config)?;
    let mut nav = platform_nav();
    let mut figures = crate::figures::platform_figures();
    for m in &modules {
        for def in &m.definitions {
            crate::workflow::engine::register(&db, def)
                .await
                .map_err(|e| anyhow::anyhow!("模块 {} 的流程定义有误：{e}", m.key))?;
        }
        if let Some(p) = &m.attachments {
            attach.register(m.key, p.clone());
        }
        nav.extend(m.nav.iter().cloned());
        figures.extend(m.figures.iter().cloned());
    }
    let credentials = demo::bootstrap(&db, config.demo)
        .await
        .map_err(|e| anyhow::anyhow!("初始化数据失败：{e}"))?;
    if credentials.is_some() && config.demo {
        for m in &modules {
            if let Some(load) = m.demo {
                load(db.clone())
                    .await
                    .map_err(|e| anyhow::anyhow!("模块 {} 的演示数据初始化失败：{e}", m.key))?;
            }
        }
    }
    let state = AppState {
        db,
        config: Arc::new(config),
        nav: Arc::new(nav),
        figures: Arc::new(crate::figures::Registry::new(figures).map_err(anyhow::Error::msg)?),
        attach: Arc::new(attach),
        modules: Arc::new(modules),
    };
    Ok(Prepared { state, credentials })
}

/// The platform's scheduled jobs and the modules', with schedules from configuration where
/// given.
pub fn all_jobs(state: &AppState) -> anyhow::Result<Vec<jobs::Job>> {
    let mut all = builtin_jobs(&state.config)?;
    for m in state.modules.iter() {
        for j in &m.jobs {
            all.push(jobs::job(
                j.name,
                j.schedule,
                &state.config.schedules,
                j.run.clone(),
            )?);
        }
    }
    Ok(all)
}

/// The platform's scheduled jobs, with schedules from configuration where given.
pub fn builtin_jobs(config: &Config) -> anyhow::Result<Vec<jobs::Job>> {
    let sweep: jobs::JobFn = Arc::new(|db| {
        Box::pin(async move {
            let n = DbSessionStore::new(db)
                .delete_expired()
                .await
                .map_err(crate::AppError::from)?;
            Ok(format!("removed {n} expired sessions"))
        })
    });
    let remind: jobs::JobFn = Arc::new(|db| {
        Box::pin(async move {
            let n = crate::workflow::remind::run_automatic(&db, crate::db::now_ms()).await?;
            Ok(format!("sent {n} reminders"))
        })
    });
    let delivery = Arc::new(crate::notify::worker::Delivery::from_config(config)?);
    let outbox: jobs::JobFn = Arc::new(move |db| {
        let delivery = delivery.clone();
        Box::pin(async move {
            let now = crate::db::now_ms();
            let r = delivery.run(&db, now).await?;
            let purged =
                crate::notify::outbox::purge(&db, now - crate::notify::outbox::KEEP_MS).await?;
            Ok(format!(
                "sent {}, retrying {}, failed {}, skipped {}, purged {purged}",
                r.sent, r.retrying, r.dead, r.skipped
            ))
        })
    });
    let compact: jobs::JobFn =
        Arc::new(|db| Box::pin(async move { crate::search::compact(&db).await }));
    Ok(vec![
        jobs::job("sessions.sweep", "0 7 * * * *", &config.schedules, sweep)?,
        jobs::job("notify.outbox", "*/15 * * * * *", &config.schedules, outbox)?,
        jobs::job(
            "workflow.reminders",
            "0 */10 * * * *",
            &config.schedules,
            remind,
        )?,
        // 02:30 Beijing time: SQLite holds its one writer for the merge, seconds at 1M records.
        jobs::job(
            "search.compact",
            "0 30 18 * * *",
            &config.schedules,
            compact,
        )?,
    ])
}

pub fn router(state: AppState) -> Router {
    web::app(state)
}

/// Serves until the future `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let runner = jobs::Runner::new(state.db.clone(), all_jobs(&state)?);
    let sweeper = tokio::spawn(runner.run_forever(Duration::from_secs(20)));
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    result.map_err(Into::into)
}
