//! Integration tests of 办会: the real app with the module, over HTTP, on SQLite and
//! PostgreSQL.

mod attendance;
mod booking;
mod checkin_qr;
mod decision_race;
mod decisions;
mod figures;
mod meetings;
mod module;
mod office;
mod plans;
mod review;
mod sit_in;
mod support;
mod topics;
