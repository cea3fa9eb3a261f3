//! 会议计划 rows get the instant of the period they plan for, so that the 统计 page can place
//! the planned counts in their year and month beside the meetings held.

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;

use crate::plans::service::plan_start;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        let backend = conn.get_database_backend();
        conn.execute_unprepared(
            "ALTER TABLE mtg_plans ADD COLUMN starts_at BIGINT NOT NULL DEFAULT 0",
        )
        .await?;
        let rows = conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, year, month FROM mtg_plans",
            ))
            .await?;
        for r in rows {
            let id: i64 = r.try_get("", "id")?;
            let year: i32 = r.try_get("", "year")?;
            let month: i32 = r.try_get("", "month")?;
            let at = plan_start(year, month).map_err(|e| DbErr::Custom(e.to_string()))?;
            conn.execute_raw(Statement::from_string(
                backend,
                format!("UPDATE mtg_plans SET starts_at = {at} WHERE id = {id}"),
            ))
            .await?;
        }
        Ok(())
    }
}
