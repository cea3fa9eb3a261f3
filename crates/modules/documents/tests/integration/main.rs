//! Integration tests of 办文: the real app with the module, over HTTP, on SQLite and
//! PostgreSQL.

mod demo;
mod incoming;
mod module;
mod outgoing;
mod outgoing_pages;
mod periodicals;
mod phone;
mod support;
