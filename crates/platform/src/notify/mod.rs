//! Notices to people: in the application (the bell), by e-mail, and to the 群机器人
//! (企业微信, 钉钉) of their department.
//!
//! [`send`] runs inside the transaction of the action that causes the notice: it writes the
//! in-app notice and puts one row per outgoing channel into the outbox, so both exist exactly
//! when the cause does. Nothing is sent there: the delivery worker ([`worker::Delivery`]),
//! a frequent scheduled job, sends later and retries with backoff, so a mail server or robot
//! that is down never slows, blocks or rolls back the action.

pub mod backoff;
pub mod email;
mod inapp;
pub mod outbox;
pub mod prefs;
pub mod robots;
pub mod webhook;
pub mod worker;

use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, EntityTrait,
};

pub use inapp::{Notice, list, mark_read, unread};

use crate::{db::now_ms, entity::notification, error::AppResult};

/// Tells a person something: the bell now, and their e-mail and department robots soon.
/// Call it with the action's transaction.
pub async fn send(
    conn: &impl ConnectionTrait,
    user_id: i64,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> AppResult<()> {
    send_many(conn, &[user_id], title, body, link).await
}

/// Tells several people the same thing, as [`send`] does for one, in a fixed number of
/// statements however many they are: an action that gives four people a 待办 should not pay
/// for four rounds of lookups.
pub async fn send_many(
    conn: &impl ConnectionTrait,
    user_ids: &[i64],
    title: &str,
    body: &str,
    link: Option<&str>,
) -> AppResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let now = now_ms();
    notification::Entity::insert_many(user_ids.iter().map(|&user_id| notification::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        title: Set(title.to_string()),
        body: Set(body.to_string()),
        link: Set(link.map(str::to_string)),
        created_at: Set(now),
        read_at: Set(None),
    }))
    .exec_without_returning(conn)
    .await?;
    outbox::enqueue(conn, user_ids, title, body, link).await
}
