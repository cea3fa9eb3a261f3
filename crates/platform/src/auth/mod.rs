//! Accounts: passwords, sessions, CSRF, login throttling, API tokens, roles → permissions.

pub mod actor;
pub mod csrf;
pub mod password;
pub mod permission;
pub mod service;
pub mod session_save;
pub mod session_store;
pub mod throttle;
pub mod token;

pub use actor::Actor;
pub use permission::{Permission, Role};
