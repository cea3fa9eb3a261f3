//! Who may see and change a 收文.
//!
//! - A paper 密件: only 保密 handlers (`ClassifiedHandle`) and the people named in its 知悉范围.
//! - Otherwise: the office (`DocumentsOffice`), those who oversee all records, anyone who takes
//!   part in its workflow, and the members of its 主办 and 协办 departments.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use sanban_platform::{
    AppResult, Db,
    auth::{Actor, Permission},
    entity::workflow_task as wtask,
    workflow::engine,
};

use super::{model::Incoming, store};
use crate::MODULE;

pub async fn may_read(db: &Db, actor: &Actor, inc: &Incoming) -> AppResult<bool> {
    let Some(uid) = actor.user_id else {
        return Ok(false);
    };
    if inc.classified {
        return Ok(actor.can(Permission::ClassifiedHandle) || inc.need_to_know.contains(&uid));
    }
    if actor.can(Permission::DocumentsOffice) || actor.can(Permission::WorkflowOversee) {
        return Ok(true);
    }
    if let Some(d) = actor.department_id
        && (inc.host_department_id == Some(d) || inc.co_departments.contains(&d))
    {
        return Ok(true);
    }
    let Some(inst) = engine::instance_of_record(db.conn(), MODULE, &inc.record_id()).await? else {
        return Ok(false);
    };
    let tasks = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .all(db.conn())
        .await?;
    let people = engine::acting_for(db, actor).await?;
    Ok(engine::takes_part(&people, inst.started_by, &tasks))
}

pub async fn can_read(db: &Db, actor: &Actor, id: i64) -> AppResult<bool> {
    match store::find(db.conn(), id).await? {
        Some(inc) => may_read(db, actor, &inc).await,
        None => Ok(false),
    }
}

/// Attachments (the originals): anyone who may see the record, except on a paper 密件 outside
/// a classified network (the deployment's `classified_network`).
pub async fn can_write(
    db: &Db,
    actor: &Actor,
    id: i64,
    classified_network: bool,
) -> AppResult<bool> {
    match store::find(db.conn(), id).await? {
        Some(inc) if inc.classified && !classified_network => Ok(false),
        Some(inc) => may_read(db, actor, &inc).await,
        None => Ok(false),
    }
}
