//! Table mappings. Services use these; nothing outside the platform reaches into them.

pub mod api_token;
pub mod attachment;
pub mod attachment_version;
pub mod audit_log;
pub mod delegation;
pub mod department;
pub mod job_schedule;
pub mod leader_department;
pub mod login_failure;
pub mod notification;
pub mod notify_outbox;
pub mod notify_pref;
pub mod notify_robot;
pub mod post;
pub mod reminder;
pub mod session;
pub mod user;
pub mod user_role;
pub mod workflow_definition;
pub mod workflow_follow;
pub mod workflow_instance;
pub mod workflow_opinion;
pub mod workflow_task;
