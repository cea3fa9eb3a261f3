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
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ConnectionTrait,
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
    notification::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        title: Set(title.to_string()),
        body: Set(body.to_string()),
        link: Set(link.map(str::to_string)),
        created_at: Set(now_ms()),
        read_at: Set(None),
    }
    .insert(conn)
    .await?;
    outbox::enqueue(conn, user_id, title, body, link).await
}
