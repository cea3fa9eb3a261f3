//! Who may see and add the files of a 议题单 (the materials that go with it) and of a meeting
//! (its 材料 and the signed 纪要): those who may see the record read them; the submitting
//! department adds to a 议题 until it is approved, the office to a meeting.

use sanban_platform::{AppError, AppResult, Db, attach::AccessPolicy, auth::Actor};

use crate::{access, meetings::service as meetings, topics::service as topics};

fn split(record_id: &str) -> AppResult<(&str, i64)> {
    let (kind, id) = record_id
        .split_once(':')
        .ok_or_else(|| AppError::not_found("办会记录"))?;
    let id = id.parse().map_err(|_| AppError::not_found("办会记录"))?;
    Ok((kind, id))
}

/// Forbidden is a "no"; anything else (not found, a failure) stands.
fn allowed<T>(r: AppResult<T>) -> AppResult<bool> {
    match r {
        Ok(_) => Ok(true),
        Err(AppError::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

pub struct Policy;

#[async_trait::async_trait]
impl AccessPolicy for Policy {
    async fn can_read(&self, db: &Db, actor: &Actor, _m: &str, record_id: &str) -> AppResult<bool> {
        match split(record_id)? {
            ("topic", id) => allowed(topics::get(db, actor, id).await),
            ("meeting", id) => allowed(meetings::get(db, actor, id).await),
            _ => Err(AppError::not_found("办会记录")),
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
            ("topic", id) => {
                let t = topics::get_in(db.conn(), id).await?;
                let own = actor.department_id == Some(t.department_id) || access::is_office(actor);
                Ok(own && !t.approved)
            }
            ("meeting", id) => {
                meetings::get(db, actor, id).await?;
                Ok(access::is_office(actor))
            }
            _ => Err(AppError::not_found("办会记录")),
        }
    }
}
