//! 列席: an attendee may sit in on a meeting without a vote, beside those who attend (出席).

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(
            manager,
            &["ALTER TABLE mtg_attendees ADD COLUMN sits_in BOOLEAN NOT NULL DEFAULT FALSE"],
        )
        .await
    }
}
