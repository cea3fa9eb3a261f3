//! The organisation: departments (处室) as a tree, posts (职务), people and their roles,
//! leaders' 分管 departments, and 代理 (acting for someone between two dates).

pub mod delegation;
pub mod demo;
pub mod departments;
pub mod leadership;
pub mod people;
pub mod posts;
pub mod sheet;
pub mod validate;
