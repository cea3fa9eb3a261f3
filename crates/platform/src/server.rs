//! Starting Sanban: connect, migrate, bootstrap, serve. Used by the binary and by tests.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::Router;
use tokio::net::TcpListener;

use crate::{
    auth::session_store::DbSessionStore,
    config::Config,
    db::Db,
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
    let credentials = demo::bootstrap(&db, config.demo)
        .await
        .map_err(|e| anyhow::anyhow!("初始化数据失败：{e}"))?;
    let state = AppState {
        db,
        config: Arc::new(config),
        nav: Arc::new(platform_nav()),
    };
    Ok(Prepared { state, credentials })
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
    let store = DbSessionStore::new(state.db.clone());
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    result.map_err(Into::into)
}
