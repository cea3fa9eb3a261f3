//! Who may see and change a 发文: the drafter, everyone who takes part in its workflow, the
//! head of the drafting department, and the office (DocumentsOffice). Nobody else.

use sanban_platform::{
    AppError, AppResult, Db,
    auth::{Actor, Permission, Role},
    entity::{workflow_instance as winst, workflow_task as wtask},
    workflow::engine,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{entity::outgoing as out, service};
use crate::MODULE;

async fn tasks_of(
    conn: &impl ConnectionTrait,
    id: i64,
) -> AppResult<Vec<(winst::Model, Vec<wtask::Model>)>> {
    let insts = winst::Entity::find()
        .filter(winst::Column::Module.eq(MODULE))
        .filter(winst::Column::RecordId.eq(service::record_id(id)))
        .all(conn)
        .await?;
    let mut outp = Vec::new();
    for i in insts {
        let tasks = wtask::Entity::find()
            .filter(wtask::Column::InstanceId.eq(i.id))
            .all(conn)
            .await?;
        outp.push((i, tasks));
    }
    Ok(outp)
}

fn heads_department(actor: &Actor, m: &out::Model) -> bool {
    actor.roles.contains(&Role::DepartmentHead)
        && m.department_id.is_some()
        && actor.department_id == m.department_id
}

/// May `actor` (or someone they act for) open the record.
pub async fn may_read(db: &Db, actor: &Actor, m: &out::Model) -> AppResult<bool> {
    if actor.can(Permission::DocumentsOffice)
        || actor.user_id == Some(m.drafter_id)
        || heads_department(actor, m)
    {
        return Ok(true);
    }
    let people = engine::acting_for(db, actor).await?;
    Ok(tasks_of(db.conn(), m.id)
        .await?
        .iter()
        .any(|(i, t)| engine::takes_part(&people, i.started_by, t)))
}

/// The record, or 403 when the actor may not see it.
pub async fn readable(db: &Db, actor: &Actor, id: i64) -> AppResult<out::Model> {
    let m = service::load(db.conn(), id).await?;
    if !may_read(db, actor, &m).await? {
        return Err(AppError::Forbidden);
    }
    Ok(m)
}

/// May the actor change the 稿纸: the drafter, the office, or whoever holds a pending task.
pub async fn can_edit(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    m: &out::Model,
) -> AppResult<bool> {
    if actor.user_id == Some(m.drafter_id) || actor.can(Permission::DocumentsOffice) {
        return Ok(true);
    }
    let Some(uid) = actor.user_id else {
        return Ok(false);
    };
    Ok(tasks_of(conn, m.id).await?.iter().any(|(i, t)| {
        i.status == engine::status::RUNNING
            && t.iter()
                .any(|t| t.assignee_id == uid && t.status == engine::task_status::PENDING)
    }))
}

pub async fn can_read(db: &Db, actor: &Actor, id: i64) -> AppResult<bool> {
    let m = service::load(db.conn(), id).await?;
    may_read(db, actor, &m).await
}

pub async fn can_write(db: &Db, actor: &Actor, id: i64) -> AppResult<bool> {
    let m = service::load(db.conn(), id).await?;
    if !may_read(db, actor, &m).await? {
        return Ok(false);
    }
    can_edit(db.conn(), actor, &m).await
}
