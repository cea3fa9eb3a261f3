//! Integration tests: the real app over HTTP, each test on SQLite and on PostgreSQL.

mod support;

mod api;
mod attach;
mod audit;
mod auth;
mod figures;
mod inbox_plan;
mod jobs;
mod org;
mod outbox;
mod pool;
mod search;
mod sequence;
mod sheet;
mod workflow;
mod workflow_props;
