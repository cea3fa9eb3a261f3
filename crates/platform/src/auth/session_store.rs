//! Sessions kept in the database, so that any node can serve any user, and so that all of a
//! person's sessions can be ended at once (password change, account disabled).

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::OnConflict};
use serde::de::DeserializeOwned;
use tower_sessions::{
    Session, SessionStore,
    session::{self as stored, Id, Record},
    session_store,
};

use crate::{
    db::{Db, Outage, outage},
    entity::session,
    error::{AppError, AppResult},
};

/// The session key under which the signed-in user's id is kept.
pub const USER_ID_KEY: &str = "uid";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Removes sessions whose expiry has passed; run now and then.
    pub async fn delete_expired(&self) -> Result<u64, sea_orm::DbErr> {
        let res = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(crate::db::now_ms()))
            .exec(self.db.conn())
            .await?;
        Ok(res.rows_affected)
    }
}

/// A value of the session. The session is read from the database when first used; if that
/// fails, the database is out of reach, which must not look like being signed out.
pub async fn read<T: DeserializeOwned>(session: &Session, key: &str) -> AppResult<Option<T>> {
    match session.get::<T>(key).await {
        Ok(v) => Ok(v),
        Err(stored::Error::Store(e)) => Err(AppError::Unavailable(e.into())),
        // A value that no longer reads as its type counts as absent.
        Err(stored::Error::SerdeJson(_)) => Ok(None),
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// A failed statement of the store, told to the layer that answers a failed save.
fn failed(e: sea_orm::DbErr) -> session_store::Error {
    super::session_save::note_failure(&e);
    backend(e)
}

/// Runs a session write again while it meets connections the server has closed. Sessions are
/// saved after the page is made, where a failure cannot become our error page: tower-sessions
/// answers it with a bare 500. A closed connection fails one statement and is then dropped by
/// the pool, so within one try more than the pool holds connections, one reaches a live or a
/// new connection. Both writes are upserts, safe to repeat.
async fn past_closed_connections<T, F>(db: &Db, write: impl Fn() -> F) -> Result<T, sea_orm::DbErr>
where
    F: std::future::Future<Output = Result<T, sea_orm::DbErr>>,
{
    let mut tries_left = db.pool_size() + 1;
    loop {
        match write().await {
            Err(e) if tries_left > 1 && outage(&e) == Some(Outage::LostConnection) => {
                tries_left -= 1;
            }
            done => return done,
        }
    }
}

fn to_model(record: &Record) -> session_store::Result<session::ActiveModel> {
    let user_id = record.data.get(USER_ID_KEY).and_then(|v| v.as_i64());
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        user_id: Set(user_id),
        data: Set(serde_json::to_string(&record.data).map_err(backend)?),
        expires_at: Set((record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh id that already exists is astronomically unlikely; retry rather than overwrite.
        loop {
            let model = to_model(record)?;
            let res = past_closed_connections(&self.db, || {
                session::Entity::insert(model.clone())
                    .on_conflict(
                        OnConflict::column(session::Column::Id)
                            .do_nothing()
                            .to_owned(),
                    )
                    .exec_without_returning(self.db.conn())
            })
            .await
            .map_err(failed)?;
            if res == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let model = to_model(record)?;
        past_closed_connections(&self.db, || {
            session::Entity::insert(model.clone())
                .on_conflict(
                    OnConflict::column(session::Column::Id)
                        .update_columns([
                            session::Column::UserId,
                            session::Column::Data,
                            session::Column::ExpiresAt,
                        ])
                        .to_owned(),
                )
                .exec_without_returning(self.db.conn())
        })
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = session::Entity::find_by_id(session_id.to_string())
            .filter(session::Column::ExpiresAt.gt(crate::db::now_ms()))
            .one(self.db.conn())
            .await
            .map_err(failed)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(backend)?;
        let expiry_date =
            time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(row.expires_at) * 1_000_000)
                .map_err(backend)?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(session_id.to_string())
            .exec(self.db.conn())
            .await
            .map_err(failed)?;
        Ok(())
    }
}
