//! Named unique constraints, turned into sentences a person can act on.

use sea_orm::{DbErr, SqlErr};

/// (constraint name as PostgreSQL reports it, column list as SQLite reports it, message).
const UNIQUE: &[(&str, &str, &str)] = &[
    (
        "uq_departments_name",
        "departments.name",
        "同一上级部门下已有同名的部门",
    ),
    ("uq_posts_name", "posts.name", "已有同名的职务"),
    ("uq_users_username", "users.username", "该登录名已被使用"),
    (
        "uq_leader_departments",
        "leader_departments.leader_id, leader_departments.department_id",
        "该领导已分管此部门",
    ),
    (
        "uq_user_roles",
        "user_roles.user_id, user_roles.role",
        "该人员已有此角色",
    ),
    (
        "uq_attachments_body",
        "attachments.module, attachments.record_id",
        "该记录的正文刚由他人上传，请刷新后作为新版本上传",
    ),
    (
        "uq_attachment_versions_number",
        "attachment_versions.attachment_id, attachment_versions.number",
        "该附件刚有新版本上传，请刷新后重试",
    ),
    (
        "uq_api_tokens_hash",
        "api_tokens.token_hash",
        "令牌重复，请重试",
    ),
];

pub fn constraint_message(e: &DbErr) -> Option<String> {
    match e.sql_err()? {
        SqlErr::UniqueConstraintViolation(detail) => Some(
            UNIQUE
                .iter()
                .find(|(name, cols, _)| detail.contains(name) || detail.contains(cols))
                .map(|(_, _, msg)| (*msg).to_string())
                .unwrap_or_else(|| "与已有记录重复".to_string()),
        ),
        SqlErr::ForeignKeyConstraintViolation(_) => {
            Some("该记录仍被其他记录引用，或引用的记录不存在".to_string())
        }
        _ => None,
    }
}
