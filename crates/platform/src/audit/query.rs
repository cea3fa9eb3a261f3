//! Reading the audit log: filtered by person, record and time, newest first, keyset-paged.

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;

use crate::{
    auth::{Actor, Permission},
    db::Db,
    entity::audit_log,
    error::AppResult,
};

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    /// Table name, e.g. `departments`.
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Milliseconds since the epoch, inclusive.
    pub from_ms: Option<i64>,
    /// Milliseconds since the epoch, exclusive.
    pub to_ms: Option<i64>,
    /// Rows older than this id (the previous page's last id).
    pub before_id: Option<i64>,
}

pub const PAGE_SIZE: u64 = 50;

pub async fn list(db: &Db, actor: &Actor, f: &AuditFilter) -> AppResult<Vec<audit_log::Model>> {
    actor.require(Permission::AuditView)?;
    let mut cond = Condition::all();
    if let Some(a) = f.actor_id {
        cond = cond.add(audit_log::Column::ActorId.eq(a));
    }
    if let Some(e) = f.entity.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(audit_log::Column::Entity.eq(e));
    }
    if let Some(e) = f.entity_id.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(audit_log::Column::EntityId.eq(e));
    }
    if let Some(t) = f.from_ms {
        cond = cond.add(audit_log::Column::At.gte(t));
    }
    if let Some(t) = f.to_ms {
        cond = cond.add(audit_log::Column::At.lt(t));
    }
    if let Some(b) = f.before_id {
        cond = cond.add(audit_log::Column::Id.lt(b));
    }
    Ok(audit_log::Entity::find()
        .filter(cond)
        .order_by_desc(audit_log::Column::Id)
        .limit(PAGE_SIZE)
        .all(db.conn())
        .await?)
}
