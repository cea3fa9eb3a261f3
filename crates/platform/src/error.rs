//! One error type for services; pages render it as an HTML page, the API as JSON.

use axum::http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that cannot be understood or breaks a rule; the message says which, in Chinese.
    #[error("{0}")]
    BadRequest(String),
    #[error("请先登录")]
    Unauthorized,
    #[error("登录名或密码不正确")]
    InvalidCredentials,
    #[error("您没有执行此操作的权限")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with the current state (duplicate name, record changed meanwhile).
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// The request body is larger than allowed (an upload over the size limit).
    #[error("{0}")]
    TooLarge(String),
    /// Stored content is unreachable or no longer what was stored (a failed integrity check).
    #[error("{0}")]
    Storage(String),
    /// The database cannot be reached just now; the same request may succeed a moment later.
    #[error("数据库暂时无法连接，请稍后重试")]
    Unavailable(#[source] anyhow::Error),
    #[error("服务器内部错误，请稍后再试")]
    Internal(#[source] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad(msg: impl Into<String>) -> Self {
        Self::BadRequest(msg.into())
    }

    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("{what}不存在或已被删除"))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Storage(_) => StatusCode::BAD_GATEWAY,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "invalid_input",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) => "conflict",
            Self::TooManyRequests(_) => "too_many_requests",
            Self::TooLarge(_) => "too_large",
            Self::Storage(_) => "storage_error",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// Logs what went wrong on this side: faults, and a database out of reach. The caller's
    /// mistakes are answered, not logged.
    pub fn log_server_side(&self) {
        match self {
            Self::Internal(e) => tracing::error!(error = ?e, "internal error"),
            Self::Unavailable(e) => tracing::warn!(error = %e, "database unreachable"),
            _ => {}
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        if let Some(msg) = crate::db::constraint_message(&e) {
            return Self::Conflict(msg);
        }
        if crate::db::is_outage(&e) {
            return Self::Unavailable(e.into());
        }
        Self::Internal(e.into())
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}
