//! Integration tests of 督查督办: the real app with the module, over HTTP and through the
//! services, on SQLite and PostgreSQL.

mod demo;
mod extension;
mod figures;
mod from_documents;
mod from_meetings;
mod handoff;
mod issues;
mod loop_;
mod milestone_reminders;
mod module;
mod office;
mod pages;
mod progress;
mod retrospect;
mod scores;
mod support;
mod tasks;
mod weekly;
