//! Login throttling kept in the database, so that every node counts the same failures.

use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::{
    db::{Db, now_ms},
    entity::login_failure,
    error::{AppError, AppResult},
};

#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    pub max_failures: i64,
    pub lockout_ms: i64,
}

pub fn account_key(username: &str) -> String {
    format!("account:{}", username.trim().to_lowercase())
}

pub fn address_key(ip: &str) -> String {
    format!("address:{ip}")
}

/// Refuses when the account or the address has failed too often within the lockout window.
pub async fn check(db: &Db, policy: ThrottlePolicy, keys: &[String]) -> AppResult<()> {
    let since = now_ms() - policy.lockout_ms;
    for key in keys {
        let recent = login_failure::Entity::find()
            .filter(login_failure::Column::Key.eq(key.as_str()))
            .filter(login_failure::Column::At.gt(since));
        let count = recent.clone().count(db.conn()).await? as i64;
        if count >= policy.max_failures {
            let latest = recent
                .order_by_desc(login_failure::Column::At)
                .one(db.conn())
                .await?
                .map(|r| r.at)
                .unwrap_or_else(now_ms);
            let minutes = ((latest + policy.lockout_ms - now_ms()) as f64 / 60_000.0)
                .ceil()
                .max(1.0);
            let whom = if key.starts_with("account:") {
                "该账户"
            } else {
                "您所在的地址"
            };
            return Err(AppError::TooManyRequests(format!(
                "登录失败次数过多，{whom}已被暂时锁定 {} 分钟，请于 {minutes} 分钟后再试",
                policy.lockout_ms / 60_000
            )));
        }
    }
    Ok(())
}

pub async fn record_failure(db: &Db, keys: &[String]) -> AppResult<()> {
    let now = now_ms();
    for key in keys {
        login_failure::Entity::insert(login_failure::ActiveModel {
            id: NotSet,
            key: Set(key.clone()),
            at: Set(now),
        })
        .exec_without_returning(db.conn())
        .await?;
    }
    Ok(())
}

/// A successful login clears the account's count (the address keeps its own).
pub async fn clear(db: &Db, key: &str) -> AppResult<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.eq(key))
        .exec(db.conn())
        .await?;
    Ok(())
}
