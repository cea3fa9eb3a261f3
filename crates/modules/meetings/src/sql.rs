//! The platform's raw statements, under the name this module's code uses.

pub(crate) use sanban_platform::db::raw::{all, exec, insert, one, stmt, text};
