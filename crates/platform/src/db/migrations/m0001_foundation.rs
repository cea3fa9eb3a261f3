use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "CREATE TABLE departments (
        id {id},
        parent_id BIGINT NULL REFERENCES departments(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL
    )",
    // Sections under different departments may share a name (each 处 has its 综合科).
    "CREATE UNIQUE INDEX uq_departments_name ON departments (COALESCE(parent_id, 0), name)",
    "CREATE TABLE posts (
        id {id},
        name TEXT NOT NULL,
        rank INTEGER NOT NULL DEFAULT 100,
        created_at BIGINT NOT NULL,
        CONSTRAINT uq_posts_name UNIQUE (name)
    )",
    "CREATE TABLE users (
        id {id},
        username TEXT NOT NULL,
        name TEXT NOT NULL,
        department_id BIGINT NULL REFERENCES departments(id),
        post_id BIGINT NULL REFERENCES posts(id),
        phone TEXT NULL,
        email TEXT NULL,
        password_hash TEXT NULL,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
        sort_order INTEGER NOT NULL DEFAULT 0,
        password_changed_at BIGINT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        CONSTRAINT uq_users_username UNIQUE (username)
    )",
    "CREATE INDEX ix_users_department ON users (department_id)",
    "CREATE TABLE user_roles (
        id {id},
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        CONSTRAINT uq_user_roles UNIQUE (user_id, role)
    )",
    "CREATE TABLE leader_departments (
        id {id},
        leader_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        department_id BIGINT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        CONSTRAINT uq_leader_departments UNIQUE (leader_id, department_id)
    )",
    "CREATE TABLE delegations (
        id {id},
        principal_id BIGINT NOT NULL REFERENCES users(id),
        acting_id BIGINT NOT NULL REFERENCES users(id),
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES users(id),
        created_at BIGINT NOT NULL,
        revoked_at BIGINT NULL,
        CONSTRAINT ck_delegations_dates CHECK (ends_on >= starts_on),
        CONSTRAINT ck_delegations_people CHECK (principal_id <> acting_id)
    )",
    "CREATE INDEX ix_delegations_principal ON delegations (principal_id)",
    "CREATE TABLE sessions (
        id TEXT NOT NULL PRIMARY KEY,
        user_id BIGINT NULL,
        data TEXT NOT NULL,
        expires_at BIGINT NOT NULL
    )",
    "CREATE INDEX ix_sessions_user ON sessions (user_id)",
    "CREATE INDEX ix_sessions_expires ON sessions (expires_at)",
    "CREATE TABLE login_failures (
        id {id},
        key TEXT NOT NULL,
        at BIGINT NOT NULL
    )",
    "CREATE INDEX ix_login_failures_key_at ON login_failures (key, at)",
    "CREATE TABLE api_tokens (
        id {id},
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_used_at BIGINT NULL,
        revoked_at BIGINT NULL,
        CONSTRAINT uq_api_tokens_hash UNIQUE (token_hash)
    )",
    "CREATE TABLE audit_log (
        id {id},
        at BIGINT NOT NULL,
        actor_id BIGINT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        summary TEXT NOT NULL,
        before_json TEXT NULL,
        after_json TEXT NULL,
        request_id TEXT NULL,
        ip TEXT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )",
    "CREATE INDEX ix_audit_actor ON audit_log (actor_id, id)",
    "CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id, id)",
    "CREATE INDEX ix_audit_at ON audit_log (at)",
];

/// The audit log is append-only: the database itself refuses to change or remove a row.
/// Someone who drops these triggers is still caught by the hash chain.
const SQLITE_AUDIT_GUARD: &[&str] = &[
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
];

const POSTGRES_AUDIT_GUARD: &[&str] = &[
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, TABLES).await?;
        let guard = match manager.get_connection().get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_AUDIT_GUARD,
            _ => SQLITE_AUDIT_GUARD,
        };
        run_ddl(manager, guard).await
    }
}
