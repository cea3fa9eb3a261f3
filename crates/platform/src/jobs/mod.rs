//! Scheduled work that runs once per schedule however many nodes run: each job has a row, and
//! the node whose conditional UPDATE takes the row's lease runs it; the others see zero rows
//! changed and move on. A node that dies mid-run loses its lease when it expires.

use std::{
    collections::BTreeMap, future::Future, pin::Pin, str::FromStr, sync::Arc, time::Duration,
};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, QueryFilter,
    sea_query::{ExprTrait, OnConflict},
};

use crate::{
    db::{Db, now_ms},
    entity::job_schedule,
    error::{AppError, AppResult},
};

pub type JobFn =
    Arc<dyn Fn(Db) -> Pin<Box<dyn Future<Output = AppResult<String>> + Send>> + Send + Sync>;

#[derive(Clone)]
pub struct Job {
    pub name: &'static str,
    pub schedule: cron::Schedule,
    pub run: JobFn,
}

/// How long a run may take before another node may take the job over.
const LEASE_MS: i64 = 10 * 60_000;

pub fn parse_schedule(name: &str, expr: &str) -> AppResult<cron::Schedule> {
    cron::Schedule::from_str(expr).map_err(|e| {
        AppError::bad(format!(
            "任务「{name}」的计划「{expr}」不是有效的 cron 表达式（秒 分 时 日 月 周）：{e}"
        ))
    })
}

fn next_after(schedule: &cron::Schedule, ms: i64) -> i64 {
    let at = DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_else(Utc::now);
    schedule
        .after(&at)
        .next()
        .map(|t| t.timestamp_millis())
        .unwrap_or(i64::MAX)
}

/// Builds a job with its schedule taken from configuration when present.
pub fn job(
    name: &'static str,
    default: &str,
    overrides: &BTreeMap<String, String>,
    run: JobFn,
) -> AppResult<Job> {
    let expr = overrides.get(name).map(String::as_str).unwrap_or(default);
    Ok(Job {
        name,
        schedule: parse_schedule(name, expr)?,
        run,
    })
}

pub struct Runner {
    db: Db,
    node: String,
    jobs: Vec<Job>,
}

impl Runner {
    pub fn new(db: Db, jobs: Vec<Job>) -> Self {
        Self {
            db,
            node: uuid::Uuid::new_v4().to_string(),
            jobs,
        }
    }

    /// Runs every job that is due at `now` and that this node wins; returns the names run.
    pub async fn tick(&self, now: i64) -> AppResult<Vec<&'static str>> {
        let mut ran = Vec::new();
        for job in &self.jobs {
            job_schedule::Entity::insert(job_schedule::ActiveModel {
                name: Set(job.name.to_string()),
                next_run_at: Set(next_after(&job.schedule, now)),
                lease_holder: Set(None),
                lease_until: Set(None),
                last_run_at: Set(None),
                last_error: Set(None),
                runs: Set(0),
            })
            .on_conflict(
                OnConflict::column(job_schedule::Column::Name)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(self.db.conn())
            .await?;
            let claimed = job_schedule::Entity::update_many()
                .col_expr(
                    job_schedule::Column::LeaseHolder,
                    sea_orm::sea_query::Expr::value(self.node.clone()),
                )
                .col_expr(
                    job_schedule::Column::LeaseUntil,
                    sea_orm::sea_query::Expr::value(now + LEASE_MS),
                )
                .filter(job_schedule::Column::Name.eq(job.name))
                .filter(job_schedule::Column::NextRunAt.lte(now))
                .filter(
                    Condition::any()
                        .add(job_schedule::Column::LeaseUntil.is_null())
                        .add(job_schedule::Column::LeaseUntil.lt(now)),
                )
                .exec(self.db.conn())
                .await?
                .rows_affected;
            if claimed != 1 {
                continue;
            }
            let outcome = (job.run)(self.db.clone()).await;
            let error = match &outcome {
                Ok(summary) => {
                    tracing::info!(job = job.name, %summary, "job finished");
                    None
                }
                Err(e) => {
                    tracing::warn!(job = job.name, error = %e, "job failed");
                    Some(e.to_string())
                }
            };
            job_schedule::Entity::update_many()
                .col_expr(
                    job_schedule::Column::NextRunAt,
                    sea_orm::sea_query::Expr::value(next_after(&job.schedule, now)),
                )
                .col_expr(
                    job_schedule::Column::LeaseHolder,
                    sea_orm::sea_query::Expr::value(Option::<String>::None),
                )
                .col_expr(
                    job_schedule::Column::LeaseUntil,
                    sea_orm::sea_query::Expr::value(Option::<i64>::None),
                )
                .col_expr(
                    job_schedule::Column::LastRunAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .col_expr(
                    job_schedule::Column::LastError,
                    sea_orm::sea_query::Expr::value(error),
                )
                .col_expr(
                    job_schedule::Column::Runs,
                    sea_orm::sea_query::Expr::col(job_schedule::Column::Runs).add(1),
                )
                .filter(job_schedule::Column::Name.eq(job.name))
                .filter(job_schedule::Column::LeaseHolder.eq(self.node.clone()))
                .exec(self.db.conn())
                .await?;
            ran.push(job.name);
        }
        Ok(ran)
    }

    /// Ticks every `every` until the task is dropped.
    pub async fn run_forever(self, every: Duration) {
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            if let Err(e) = self.tick(now_ms()).await {
                tracing::warn!(error = %e, "job tick failed");
            }
        }
    }
}
