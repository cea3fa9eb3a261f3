//! In-app notices: the bell in the top bar.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::{
    auth::Actor,
    db::{Db, count_upto, now_ms},
    entity::notification,
    error::{AppError, AppResult},
    web::format::{self, BADGE_CAP},
};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Notice {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: i64,
    pub created: String,
    pub read: bool,
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Notice>> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(uid))
        .order_by_desc(notification::Column::Id)
        .limit(100)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|n| Notice {
            id: n.id,
            title: n.title,
            body: n.body,
            link: n.link,
            created: format::datetime_cn(n.created_at),
            created_at: n.created_at,
            read: n.read_at.is_some(),
        })
        .collect())
}

/// Unread notices, up to [`BADGE_CAP`].
pub async fn unread(db: &Db, actor: &Actor) -> AppResult<u64> {
    let Some(uid) = actor.user_id else {
        return Ok(0);
    };
    count_upto(
        db,
        notification::Entity::find()
            .filter(notification::Column::UserId.eq(uid))
            .filter(notification::Column::ReadAt.is_null()),
        BADGE_CAP,
    )
    .await
}

/// Marks one of one's own notices read, or all of them when `id` is `None`.
pub async fn mark_read(db: &Db, actor: &Actor, id: Option<i64>) -> AppResult<u64> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let mut q = notification::Entity::update_many()
        .col_expr(
            notification::Column::ReadAt,
            sea_orm::sea_query::Expr::value(now_ms()),
        )
        .filter(notification::Column::UserId.eq(uid))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        q = q.filter(notification::Column::Id.eq(id));
    }
    Ok(q.exec(db.conn()).await?.rows_affected)
}
