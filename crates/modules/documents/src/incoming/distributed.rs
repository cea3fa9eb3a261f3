//! 分发 arriving: a 发文 given to an internal department or person becomes a 收文 in their
//! hands, with nothing typed again. Called by the 发文 side inside its 分发 transaction.

use sanban_platform::{AppError, AppResult, auth::Actor, db::WriteTx};

/// What the 发文 carries over to the recipient's 收文.
#[derive(Clone, Debug)]
pub struct Distributed {
    /// The sending 发文's id.
    pub outgoing_id: i64,
    /// 来文单位: the issuing body (the 发文机关 of the 发文).
    pub source_unit: String,
    /// 来文字号: the 发文字号.
    pub source_number: String,
    pub title: String,
    /// 文种, e.g. 通知.
    pub kind: String,
    /// 密级, empty when none.
    pub classification: String,
    /// 紧急程度, empty when none.
    pub urgency: String,
    pub copies: i32,
    /// The receiving department, or the receiving person.
    pub department_id: Option<i64>,
    pub user_id: Option<i64>,
}

/// Registers the 收文 for one recipient and returns its id.
pub async fn receive(_tx: &WriteTx, _actor: &Actor, _d: &Distributed) -> AppResult<i64> {
    Err(AppError::bad("收文登记尚未接通"))
}
