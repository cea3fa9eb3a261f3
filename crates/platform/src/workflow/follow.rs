//! 关注: a person marks a record they may see, to find it in their inbox under 关注.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::engine;
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::{Db, now_ms},
    entity::workflow_follow as follow,
    error::{AppError, AppResult},
};

/// Follows or stops following; returns whether the person follows the record now.
pub async fn set(db: &Db, actor: &Actor, instance_id: i64, on: bool) -> AppResult<bool> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    // Only a record the person may open can be followed.
    let v = engine::detail(db, actor, instance_id).await?;
    let tx = db.begin_write().await?;
    let existing = follow::Entity::find()
        .filter(follow::Column::UserId.eq(uid))
        .filter(follow::Column::InstanceId.eq(instance_id))
        .one(&*tx)
        .await?;
    match (existing, on) {
        (None, true) => {
            follow::ActiveModel {
                id: NotSet,
                user_id: Set(uid),
                instance_id: Set(instance_id),
                created_at: Set(now_ms()),
            }
            .insert(&*tx)
            .await?;
        }
        (Some(row), false) => {
            follow::Entity::delete_by_id(row.id).exec(&*tx).await?;
        }
        // Already as asked: a second click changes nothing and records nothing.
        _ => return Ok(on),
    }
    let (action, verb) = if on {
        ("workflow.follow", "关注")
    } else {
        ("workflow.unfollow", "取消关注")
    };
    audit::record(
        &tx,
        actor,
        Change::new(
            action,
            "workflow_instances",
            instance_id,
            format!("{verb}「{}」", v.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(on)
}

pub async fn is_following(db: &Db, actor: &Actor, instance_id: i64) -> AppResult<bool> {
    let Some(uid) = actor.user_id else {
        return Ok(false);
    };
    Ok(follow::Entity::find()
        .filter(follow::Column::UserId.eq(uid))
        .filter(follow::Column::InstanceId.eq(instance_id))
        .count(db.conn())
        .await?
        > 0)
}
