//! Who may see and change the module's records: each kind of record decides for its own, and
//! the workflow record id's prefix says which kind a record is.

use sanban_platform::{AppError, AppResult, Db, attach::AccessPolicy, auth::Actor};

use crate::{incoming, outgoing, periodicals};

/// The record page for a workflow record id, e.g. `incoming:12` → `/documents/incoming/12`.
pub fn record_page(record_id: &str) -> String {
    match record_id.split_once(':') {
        Some(("incoming", id)) => format!("/documents/incoming/{id}"),
        Some(("outgoing", id)) => format!("/documents/outgoing/{id}"),
        Some(("issue", id)) => format!("/documents/periodicals/issues/{id}"),
        _ => "/documents/incoming".to_string(),
    }
}

fn split(record_id: &str) -> AppResult<(&str, i64)> {
    let (kind, id) = record_id
        .split_once(':')
        .ok_or_else(|| AppError::not_found("办文记录"))?;
    let id = id
        .parse::<i64>()
        .map_err(|_| AppError::not_found("办文记录"))?;
    Ok((kind, id))
}

pub struct Policy {
    /// The deployment runs on a classified network: paper 密件 may carry files.
    pub classified_network: bool,
}

#[async_trait::async_trait]
impl AccessPolicy for Policy {
    async fn can_read(&self, db: &Db, actor: &Actor, _m: &str, record_id: &str) -> AppResult<bool> {
        match split(record_id)? {
            ("incoming", id) => incoming::access::can_read(db, actor, id).await,
            ("outgoing", id) => outgoing::access::can_read(db, actor, id).await,
            ("issue", id) => periodicals::access::can_read(db, actor, id).await,
            _ => Err(AppError::not_found("办文记录")),
        }
    }

    async fn can_write(
        &self,
        db: &Db,
        actor: &Actor,
        _m: &str,
        record_id: &str,
    ) -> AppResult<bool> {
        match split(record_id)? {
            ("incoming", id) => {
                incoming::access::can_write(db, actor, id, self.classified_network).await
            }
            ("outgoing", id) => outgoing::access::can_write(db, actor, id).await,
            ("issue", id) => periodicals::access::can_write(db, actor, id).await,
            _ => Err(AppError::not_found("办文记录")),
        }
    }
}
