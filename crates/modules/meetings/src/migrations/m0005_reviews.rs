//! 复盘: one short review per held meeting.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &["CREATE TABLE mtg_reviews (
        meeting_id BIGINT NOT NULL PRIMARY KEY REFERENCES mtg_meetings (id),
        went_well TEXT NOT NULL,
        problems TEXT NOT NULL,
        improvements TEXT NOT NULL,
        recorded_by_name TEXT NOT NULL,
        recorded_at BIGINT NOT NULL
    )"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
