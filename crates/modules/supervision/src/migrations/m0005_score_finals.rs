//! 考核定稿: a year's scores frozen by the office, so the published 考核 result and the 统计
//! figure built on it no longer move when tasks change afterwards.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const BOTH: &[&str] = &[
    "CREATE TABLE sup_score_finals (
        year INTEGER PRIMARY KEY,
        weights TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL,
        by_id BIGINT REFERENCES users(id),
        by_name TEXT NOT NULL,
        at BIGINT NOT NULL
    )",
    "CREATE TABLE sup_score_final_lines (
        id {id},
        year INTEGER NOT NULL REFERENCES sup_score_finals(year),
        department_id BIGINT NOT NULL REFERENCES departments(id),
        department TEXT NOT NULL,
        score_tenths BIGINT NOT NULL,
        title TEXT NOT NULL,
        line TEXT NOT NULL,
        year_at BIGINT NOT NULL,
        CONSTRAINT uq_sup_score_final_lines UNIQUE (year, department_id)
    )",
    "CREATE INDEX ix_sup_score_final_lines_at ON sup_score_final_lines (year_at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, BOTH).await
    }
}
