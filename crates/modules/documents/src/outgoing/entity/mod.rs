//! The 发文 tables.

pub mod distribution;
pub mod outgoing;
pub mod series;
pub mod version;
