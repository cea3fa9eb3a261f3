//! Who may see and change these records.

use sanban_platform::{AppError, AppResult, Db, auth::Actor};

pub async fn can_read(_db: &Db, _actor: &Actor, _id: i64) -> AppResult<bool> {
    Err(AppError::not_found("办文记录"))
}

pub async fn can_write(_db: &Db, _actor: &Actor, _id: i64) -> AppResult<bool> {
    Err(AppError::not_found("办文记录"))
}
