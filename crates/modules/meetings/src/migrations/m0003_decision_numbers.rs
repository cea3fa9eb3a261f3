//! Each meeting's 决定事项 numbers (序号) become unique. A meeting whose numbers were already
//! taken twice by two adds at once is numbered again in the order the items were added.

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        let backend = conn.get_database_backend();
        let rows = conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, meeting_id, position FROM mtg_decisions \
                 ORDER BY meeting_id, position, id",
            ))
            .await?;
        let mut all: Vec<(i64, i64, i32)> = Vec::with_capacity(rows.len());
        for r in rows {
            all.push((
                r.try_get("", "id")?,
                r.try_get("", "meeting_id")?,
                r.try_get("", "position")?,
            ));
        }
        for meeting in all.chunk_by(|a, b| a.1 == b.1) {
            if meeting.windows(2).all(|w| w[0].2 != w[1].2) {
                continue;
            }
            for (n, (id, _, _)) in meeting.iter().enumerate() {
                conn.execute_raw(Statement::from_string(
                    backend,
                    format!(
                        "UPDATE mtg_decisions SET position = {} WHERE id = {id}",
                        n + 1
                    ),
                ))
                .await?;
            }
        }
        conn.execute_unprepared(
            "CREATE UNIQUE INDEX uq_mtg_decisions_position ON mtg_decisions (meeting_id, position)",
        )
        .await?;
        Ok(())
    }
}
