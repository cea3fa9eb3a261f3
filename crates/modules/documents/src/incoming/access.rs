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

use super::{
    model::{Incoming, RECORD_PREFIX},
    store,
};
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

/// An SQL condition on `doc_incoming` that holds for exactly the rows [`may_read`] allows, so
/// that a list filters inside its query, before its limit, instead of asking for each row.
/// Everything put into it is an integer from the database or a constant.
pub async fn visible_sql(db: &Db, actor: &Actor) -> AppResult<String> {
    let Some(uid) = actor.user_id else {
        return Ok("1 = 0".into());
    };
    // The id lists are JSON arrays of integers, "[3,17]": ",3,17," holds ",17," exactly when
    // 17 is in the list.
    let listed = |column: &str, id: i64| {
        format!("(',' || replace(replace({column}, '[', ''), ']', '') || ',') LIKE '%,{id},%'")
    };
    let classified_ok = if actor.can(Permission::ClassifiedHandle) {
        "1 = 1".to_string()
    } else {
        listed("need_to_know", uid)
    };
    let open = if actor.can(Permission::DocumentsOffice) || actor.can(Permission::WorkflowOversee) {
        "1 = 1".to_string()
    } else {
        let mut parts = Vec::new();
        if let Some(d) = actor.department_id {
            parts.push(format!("host_department_id = {d}"));
            parts.push(listed("co_departments", d));
        }
        let people = engine::acting_for(db, actor)
            .await?
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        parts.push(format!(
            "id IN (SELECT CAST(substr(i.record_id, {skip}) AS BIGINT) FROM workflow_instances i \
             WHERE i.module = '{MODULE}' AND i.record_id LIKE '{prefix}%' \
             AND (i.started_by IN ({people}) OR EXISTS (SELECT 1 FROM workflow_tasks t \
             WHERE t.instance_id = i.id \
             AND (t.assignee_id IN ({people}) OR t.acted_by IN ({people})))))",
            prefix = RECORD_PREFIX,
            skip = RECORD_PREFIX.len() + 1,
        ));
        parts.join(" OR ")
    };
    Ok(format!(
        "((classified = FALSE AND ({open})) OR (classified = TRUE AND {classified_ok}))"
    ))
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
