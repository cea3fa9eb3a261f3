//! The module's tables, tracked in `seaql_migrations_supervision` so that the module can be
//! added to an installation that already has the platform's tables.

mod m0001_tasks;
mod m0002_weekly_retrospect;
mod m0003_milestone_reminders;
mod m0004_progress_reports;
mod m0005_score_finals;

use sanban_platform::Db;
use sea_orm::DbErr;
use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_tasks::Migration),
            Box::new(m0002_weekly_retrospect::Migration),
            Box::new(m0003_milestone_reminders::Migration),
            Box::new(m0004_progress_reports::Migration),
            Box::new(m0005_score_finals::Migration),
        ]
    }

    fn migration_table_name() -> DynIden {
        "seaql_migrations_supervision".into_iden()
    }
}

pub fn migrate(
    db: Db,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), DbErr>> + Send>> {
    Box::pin(async move { Migrator::up(db.conn(), None).await })
}
