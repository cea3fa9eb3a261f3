//! What every Sanban module stands on: configuration, the database, accounts and permissions,
//! the organisation, the audit log, the page shell and the JSON API.

pub mod api;
pub mod attach;
pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod entity;
pub mod error;
pub mod jobs;
pub mod notify;
pub mod org;
pub mod search;
pub mod server;
pub mod web;
pub mod workflow;

pub use config::Config;
pub use db::Db;
pub use error::{AppError, AppResult};
