//! Who may read and write a record's attachments: the record's own module decides, through
//! an [`AccessPolicy`] registered under its key. Downloads pass the same check as the record.

use std::{collections::HashMap, sync::Arc};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    auth::{Actor, Permission},
    db::Db,
    entity::{workflow_instance as winst, workflow_task as wtask},
    error::{AppError, AppResult},
    workflow::engine::{self, status, task_status},
};

/// A module's rule for its records. Both methods answer `Err(NotFound)` when the record does
/// not exist, so that a missing record and a forbidden one are told apart only to those who
/// may know.
#[async_trait::async_trait]
pub trait AccessPolicy: Send + Sync + 'static {
    /// May `actor` see the record, and so list and download its attachments?
    async fn can_read(
        &self,
        db: &Db,
        actor: &Actor,
        module: &str,
        record_id: &str,
    ) -> AppResult<bool>;
    /// May `actor` add attachments, new versions of them, or remove them?
    async fn can_write(
        &self,
        db: &Db,
        actor: &Actor,
        module: &str,
        record_id: &str,
    ) -> AppResult<bool>;
}

/// The policies by module key. A module without its own policy whose records run through
/// the workflow engine gets [`WorkflowPolicy`]; a record nothing knows is not found.
#[derive(Clone)]
pub struct Policies {
    by_module: HashMap<String, Arc<dyn AccessPolicy>>,
    fallback: Arc<dyn AccessPolicy>,
}

impl Default for Policies {
    fn default() -> Self {
        Self {
            by_module: HashMap::new(),
            fallback: Arc::new(WorkflowPolicy),
        }
    }
}

impl Policies {
    pub fn register(&mut self, module: &str, policy: Arc<dyn AccessPolicy>) {
        self.by_module.insert(module.to_string(), policy);
    }

    pub fn get(&self, module: &str) -> &Arc<dyn AccessPolicy> {
        self.by_module.get(module).unwrap_or(&self.fallback)
    }

    /// `Ok` when `actor` may read, `Forbidden` or `NotFound` otherwise.
    pub async fn require_read(
        &self,
        db: &Db,
        actor: &Actor,
        module: &str,
        record_id: &str,
    ) -> AppResult<()> {
        if self
            .get(module)
            .can_read(db, actor, module, record_id)
            .await?
        {
            Ok(())
        } else {
            refuse(actor, module, record_id, "read")
        }
    }

    /// Whether `actor` may write, without logging a refusal (for showing or hiding forms).
    pub async fn can_write(
        &self,
        db: &Db,
        actor: &Actor,
        module: &str,
        record_id: &str,
    ) -> AppResult<bool> {
        self.get(module)
            .can_write(db, actor, module, record_id)
            .await
    }

    /// `Ok` when `actor` may write, `Forbidden` or `NotFound` otherwise.
    pub async fn require_write(
        &self,
        db: &Db,
        actor: &Actor,
        module: &str,
        record_id: &str,
    ) -> AppResult<()> {
        if self
            .get(module)
            .can_write(db, actor, module, record_id)
            .await?
        {
            Ok(())
        } else {
            refuse(actor, module, record_id, "write")
        }
    }
}

fn refuse(actor: &Actor, module: &str, record_id: &str, what: &str) -> AppResult<()> {
    tracing::info!(user = %actor.username, module, record_id, what, "attachment access refused");
    Err(AppError::Forbidden)
}

/// Records in circulation: whoever may open the workflow record may read its attachments
/// ([`engine::takes_part`], or overseeing all records); while it is running, the initiator
/// and the people it now waits on may add and replace them.
pub struct WorkflowPolicy;

struct Circulation {
    instances: Vec<winst::Model>,
    tasks: Vec<wtask::Model>,
}

impl WorkflowPolicy {
    async fn load(db: &Db, module: &str, record_id: &str) -> AppResult<Circulation> {
        let instances = winst::Entity::find()
            .filter(winst::Column::Module.eq(module))
            .filter(winst::Column::RecordId.eq(record_id))
            .all(db.conn())
            .await?;
        if instances.is_empty() {
            return Err(AppError::not_found("附件所属的记录"));
        }
        let tasks = wtask::Entity::find()
            .filter(wtask::Column::InstanceId.is_in(instances.iter().map(|i| i.id)))
            .all(db.conn())
            .await?;
        Ok(Circulation { instances, tasks })
    }
}

#[async_trait::async_trait]
impl AccessPolicy for WorkflowPolicy {
    async fn can_read(
        &self,
        db: &Db,
        actor: &Actor,
        module: &str,
        record_id: &str,
    ) -> AppResult<bool> {
        let c = Self::load(db, module, record_id).await?;
        if actor.can(Permission::WorkflowOversee) {
            return Ok(true);
        }
        if actor.user_id.is_none() {
            return Ok(false);
        }
        let me = engine::acting_for(db, actor).await?;
        Ok(c.instances
            .iter()
            .any(|i| engine::takes_part(&me, i.started_by, &c.tasks)))
    }

    async fn can_write(
        &self,
        db: &Db,
        actor: &Actor,
        module: &str,
        record_id: &str,
    ) -> AppResult<bool> {
        let c = Self::load(db, module, record_id).await?;
        if actor.user_id.is_none() {
            return Ok(false);
        }
        let me = engine::acting_for(db, actor).await?;
        Ok(c.instances
            .iter()
            .filter(|i| i.status == status::RUNNING)
            .any(|i| {
                me.contains(&i.started_by)
                    || c.tasks.iter().any(|t| {
                        t.instance_id == i.id
                            && t.status == task_status::PENDING
                            && t.kind == engine::KIND_APPROVE
                            && me.contains(&t.assignee_id)
                    })
            }))
    }
}
