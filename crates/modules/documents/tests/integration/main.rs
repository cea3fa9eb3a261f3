//! Integration tests of 办文: the real app with the module, over HTTP, on SQLite and
//! PostgreSQL.

mod module;
mod periodicals;
mod phone;
mod support;
