//! The module's tables, tracked in `seaql_migrations_meetings` so that the module can be added
//! to an installation that already has the platform's tables.

mod m0001_meetings;
mod m0002_plan_start;
mod m0003_decision_numbers;
mod m0004_sit_in;
mod m0005_reviews;

use sanban_platform::Db;
use sea_orm::DbErr;
use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_meetings::Migration),
            Box::new(m0002_plan_start::Migration),
            Box::new(m0003_decision_numbers::Migration),
            Box::new(m0004_sit_in::Migration),
            Box::new(m0005_reviews::Migration),
        ]
    }

    fn migration_table_name() -> DynIden {
        "seaql_migrations_meetings".into_iden()
    }
}

pub fn migrate(
    db: Db,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), DbErr>> + Send>> {
    Box::pin(async move { Migrator::up(db.conn(), None).await })
}
