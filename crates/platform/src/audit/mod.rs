//! The append-only, hash-chained audit log: every state change leaves a row here, written in
//! the same transaction as the change itself.

mod chain;
pub mod query;

use sea_orm::{
    ActiveValue::NotSet, ConnectionTrait, DatabaseBackend, EntityTrait, QueryOrder, QuerySelect,
    Statement,
};
use serde::Serialize;

use crate::{
    auth::Actor,
    db::{WriteTx, now_ms},
    entity::audit_log,
    error::{AppError, AppResult},
};

pub use chain::{VerifyOutcome, verify};

/// What changed, for one audit row.
pub struct Change<'a> {
    /// Dotted verb, e.g. `department.create`.
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    /// One Chinese sentence a reviewer reads in the log viewer.
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Change<'a> {
    pub fn new(
        action: &'a str,
        entity: &'a str,
        entity_id: impl ToString,
        summary: impl Into<String>,
    ) -> Self {
        Self {
            action,
            entity,
            entity_id: entity_id.to_string(),
            summary: summary.into(),
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, v: &impl Serialize) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }

    pub fn after(mut self, v: &impl Serialize) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
}

/// Identifies the advisory lock that serialises appends on PostgreSQL across nodes.
const CHAIN_LOCK_KEY: i64 = 0x5341_4e42_4155_4449; // "SANBAUDI"

/// Appends one row to the chain inside the caller's transaction.
pub async fn record(tx: &WriteTx, actor: &Actor, change: Change<'_>) -> AppResult<()> {
    let prev_hash = match tx.audit_head() {
        Some(head) => head,
        None => chain_head(tx).await?,
    };
    let mut row = audit_log::Model {
        id: 0,
        at: now_ms(),
        actor_id: actor.user_id,
        actor_name: actor.name.clone(),
        action: change.action.to_string(),
        entity: change.entity.to_string(),
        entity_id: change.entity_id,
        summary: change.summary,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        request_id: actor.request_id.clone(),
        ip: actor.ip.clone(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = chain::row_hash(&row);
    let hash = row.hash.clone();
    let mut active: audit_log::ActiveModel = row.into();
    active.id = NotSet;
    audit_log::Entity::insert(active)
        .exec_without_returning(&**tx)
        .await
        .map_err(AppError::from)?;
    tx.set_audit_head(hash);
    Ok(())
}

/// The hash the next row chains to, taken under the lock that keeps other appenders out until
/// this transaction ends.
async fn chain_head(tx: &WriteTx) -> AppResult<String> {
    if tx.get_database_backend() == DatabaseBackend::Postgres {
        tx.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [CHAIN_LOCK_KEY.into()],
        ))
        .await?;
    }
    Ok(audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Hash)
        .order_by_desc(audit_log::Column::Id)
        .limit(1)
        .into_tuple::<String>()
        .one(&**tx)
        .await?
        .unwrap_or_else(|| chain::GENESIS.to_string()))
}
