//! 关注: records a person follows, listed in their inbox.

use sea_orm_migration::prelude::*;

use super::run_ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &["CREATE TABLE workflow_follows (
        id {id},
        user_id BIGINT NOT NULL REFERENCES users(id),
        instance_id BIGINT NOT NULL REFERENCES workflow_instances(id),
        created_at BIGINT NOT NULL,
        CONSTRAINT uq_workflow_follows UNIQUE (user_id, instance_id)
    )"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
