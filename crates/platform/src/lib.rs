//! What every Sanban module stands on: configuration, the database, accounts and permissions,
//! the organisation, the audit log, the page shell and the JSON API.

pub mod api;
pub mod attach;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod config;
pub mod db;
pub mod entity;
pub mod error;
pub mod figures;
pub mod handoff;
pub mod jobs;
pub mod module;
pub mod notify;
pub mod org;
pub mod search;
pub mod sequence;
pub mod server;
pub mod web;
pub mod workflow;

pub use config::Config;
pub use db::Db;
pub use error::{AppError, AppResult};
pub use module::{Module, ModuleJob};

/// Makes ring the process's TLS crypto provider. Every TLS client here (database, SMTP,
/// webhooks, S3 storage) is built on ring; installing it explicitly keeps a second provider pulled in by
/// any dependency from making rustls refuse to choose. Safe to call any number of times.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
