//! A person's own choice of how notices reach them besides the bell.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Change},
    auth::Actor,
    db::{Db, now_ms},
    entity::{notify_pref, user},
    error::{AppError, AppResult},
};

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Prefs {
    /// Also send notices to one's e-mail address.
    pub email: bool,
}

/// One's preferences, with the address they would go to (from the 通讯录).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MyPrefs {
    pub email: bool,
    pub email_address: Option<String>,
}

/// Which of `user_ids` have turned e-mail off, in one query.
pub(crate) async fn email_off_among(
    conn: &impl ConnectionTrait,
    user_ids: &[i64],
) -> AppResult<std::collections::HashSet<i64>> {
    if user_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(notify_pref::Entity::find()
        .filter(notify_pref::Column::UserId.is_in(user_ids.iter().copied()))
        .filter(notify_pref::Column::Email.eq(false))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.user_id)
        .collect())
}

pub(crate) async fn email_on(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<bool> {
    Ok(notify_pref::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .is_none_or(|p| p.email))
}

pub async fn get(db: &Db, actor: &Actor) -> AppResult<MyPrefs> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let address = user::Entity::find_by_id(uid)
        .one(db.conn())
        .await?
        .and_then(|u| u.email)
        .filter(|e| !e.trim().is_empty());
    Ok(MyPrefs {
        email: email_on(db.conn(), uid).await?,
        email_address: address,
    })
}

pub async fn set(db: &Db, actor: &Actor, prefs: Prefs) -> AppResult<MyPrefs> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let tx = db.begin_write().await?;
    notify_pref::Entity::insert(notify_pref::ActiveModel {
        user_id: Set(uid),
        email: Set(prefs.email),
        updated_at: Set(now_ms()),
    })
    .on_conflict(
        OnConflict::column(notify_pref::Column::UserId)
            .update_columns([notify_pref::Column::Email, notify_pref::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(&*tx)
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "notify.prefs",
            "notify_prefs",
            uid,
            if prefs.email {
                "开启邮件提醒"
            } else {
                "关闭邮件提醒"
            },
        )
        .after(&prefs),
    )
    .await?;
    tx.commit().await?;
    get(db, actor).await
}
