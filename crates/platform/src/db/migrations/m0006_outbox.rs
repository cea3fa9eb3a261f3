use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    // 群机器人 of a department: 企业微信 or 钉钉. The webhook URL carries the robot's key and
    // the 加签 secret signs each message; neither is shown back in full.
    "CREATE TABLE notify_robots (
        id {id},
        department_id BIGINT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        webhook_url TEXT NOT NULL,
        secret TEXT NULL,
        enabled BOOLEAN NOT NULL DEFAULT TRUE,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT ck_notify_robots_kind CHECK (kind IN ('wecom', 'dingtalk'))
    )",
    "CREATE INDEX ix_notify_robots_department ON notify_robots (department_id)",
    // A person's choice of channels; no row means the defaults (e-mail on).
    "CREATE TABLE notify_prefs (
        user_id BIGINT NOT NULL PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        email BOOLEAN NOT NULL DEFAULT TRUE,
        updated_at BIGINT NOT NULL
    )",
    // Outgoing messages, written in the transaction of the notice that causes them and
    // delivered later by the worker. E-mail rows keep the address the person had then;
    // robot rows point at the robot, whose URL and secret are read at send time so a fixed
    // URL or a rotated secret applies to retries and no secret is copied here.
    "CREATE TABLE notify_outbox (
        id {id},
        channel TEXT NOT NULL,
        user_id BIGINT NULL REFERENCES users(id) ON DELETE SET NULL,
        robot_id BIGINT NULL REFERENCES notify_robots(id) ON DELETE SET NULL,
        to_name TEXT NOT NULL,
        recipient TEXT NOT NULL,
        mention TEXT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT NULL,
        lease_owner TEXT NULL,
        lease_until BIGINT NULL,
        created_at BIGINT NOT NULL,
        sent_at BIGINT NULL,
        CONSTRAINT ck_notify_outbox_channel CHECK (channel IN ('email', 'wecom', 'dingtalk')),
        CONSTRAINT ck_notify_outbox_state
            CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'skipped'))
    )",
    "CREATE INDEX ix_notify_outbox_due ON notify_outbox (state, next_attempt_at)",
    "CREATE INDEX ix_notify_outbox_lease ON notify_outbox (state, lease_until)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, TABLES).await
    }
}
