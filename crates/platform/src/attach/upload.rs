//! Storing an upload: the object first under a fresh key, then its rows and audit record in
//! one transaction; if that transaction fails the object is removed again, so no row ever
//! points at a missing object (an object without a row is only garbage).

use bytes::Bytes;
use futures_util::Stream;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;

use super::{
    Attachments,
    model::{AttachmentView, Slot, Target},
    service::{clean_file_name, live, owner_key, views},
    store::{PutError, Stored},
};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::{Db, WriteTx, now_ms},
    entity::{attachment as att, attachment_version as ver},
    error::{AppError, AppResult},
};

/// Stores `body` as a new attachment or version. The owner's write rule is checked before
/// the first byte is read and again once the file is in storage.
pub async fn upload<S>(
    att_svc: &Attachments,
    db: &Db,
    actor: &Actor,
    target: Target,
    file_name: &str,
    body: S,
) -> AppResult<AttachmentView>
where
    S: Stream<Item = Result<Bytes, AppError>> + Unpin,
{
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let (module, record_id, slot, existing) = match &target {
        Target::New {
            module,
            record_id,
            slot,
        } => {
            let (m, r) = owner_key(module, record_id)?;
            (m, r, *slot, None)
        }
        Target::Version { attachment_id } => {
            let a = live(db, *attachment_id).await?;
            (
                a.module.clone(),
                a.record_id.clone(),
                Slot::from_code(&a.slot),
                Some(a.id),
            )
        }
    };
    let policies = &att_svc.policies;
    policies
        .require_write(db, actor, &module, &record_id)
        .await?;
    let file_name = clean_file_name(file_name)?;

    let limit = att_svc.max_upload_bytes;
    let stored = att_svc
        .store
        .put_stream(&file_name, body, limit)
        .await
        .map_err(|e| match e {
            PutError::TooLarge => AppError::TooLarge(format!(
                "文件超过了 {} MB 的上限，未保存",
                limit / 1024 / 1024
            )),
            other => other.into(),
        })?;

    let written = async {
        policies
            .require_write(db, actor, &module, &record_id)
            .await?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let tx = db.begin_write().await?;
            let saved = save_rows(
                &tx, actor, uid, &module, &record_id, slot, existing, &file_name, &stored,
            )
            .await;
            match saved {
                Ok(made) => {
                    tx.commit().await?;
                    return Ok::<(i64, i32), AppError>(made);
                }
                // Two first 正文 at once on PostgreSQL: the loser finds the winner's on a second
                // try and becomes its next version.
                Err(AppError::Conflict(_)) if attempt == 1 && slot == Slot::Body => continue,
                Err(e) => return Err(e),
            }
        }
    }
    .await;
    match written {
        Ok((id, number)) => Ok(views(db, vec![live(db, id).await?])
            .await?
            .remove(0)
            .as_of(number)),
        Err(e) => {
            att_svc.store.remove(&stored.key).await;
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn save_rows(
    tx: &WriteTx,
    actor: &Actor,
    uid: i64,
    module: &str,
    record_id: &str,
    slot: Slot,
    existing: Option<i64>,
    file_name: &str,
    stored: &Stored,
) -> AppResult<(i64, i32)> {
    let now = now_ms();
    // The record's 正文 already exists: this upload is its next version.
    let existing = match existing {
        Some(id) => Some(id),
        None if slot == Slot::Body => att::Entity::find()
            .filter(att::Column::Module.eq(module))
            .filter(att::Column::RecordId.eq(record_id))
            .filter(att::Column::Slot.eq(Slot::Body.code()))
            .filter(att::Column::DeletedAt.is_null())
            .one(&**tx)
            .await?
            .map(|a| a.id),
        None => None,
    };
    let (id, number) = match existing {
        Some(id) => {
            // Taking the row with an increment queues concurrent versions on every node.
            let res = att::Entity::update_many()
                .col_expr(
                    att::Column::CurrentVersion,
                    Expr::col(att::Column::CurrentVersion).add(1),
                )
                .col_expr(att::Column::Name, Expr::value(file_name))
                .filter(att::Column::Id.eq(id))
                .filter(att::Column::DeletedAt.is_null())
                .exec(&**tx)
                .await?;
            if res.rows_affected != 1 {
                return Err(AppError::not_found("附件"));
            }
            let row = att::Entity::find_by_id(id)
                .one(&**tx)
                .await?
                .ok_or_else(|| AppError::not_found("附件"))?;
            (id, row.current_version)
        }
        None => {
            let row = att::ActiveModel {
                id: NotSet,
                module: Set(module.to_string()),
                record_id: Set(record_id.to_string()),
                slot: Set(slot.code().into()),
                name: Set(file_name.to_string()),
                current_version: Set(1),
                created_by: Set(uid),
                created_at: Set(now),
                deleted_at: Set(None),
                deleted_by: Set(None),
            }
            .insert(&**tx)
            .await?;
            (row.id, 1)
        }
    };
    ver::ActiveModel {
        id: NotSet,
        attachment_id: Set(id),
        number: Set(number),
        object_key: Set(stored.key.clone()),
        file_name: Set(file_name.to_string()),
        size: Set(stored.size as i64),
        sha256: Set(stored.sha256.clone()),
        content_type: Set(stored.kind.mime.to_string()),
        uploaded_by: Set(uid),
        uploaded_at: Set(now),
    }
    .insert(&**tx)
    .await?;
    let (action, summary) = if number == 1 {
        (
            "attachment.upload",
            format!("上传{}「{file_name}」", slot.label()),
        )
    } else {
        (
            "attachment.version",
            format!("上传{}「{file_name}」第 {number} 版", slot.label()),
        )
    };
    audit::record(
        tx,
        actor,
        Change::new(action, "attachments", id, summary).after(&json!({
            "module": module,
            "record_id": record_id,
            "slot": slot.code(),
            "version": number,
            "file_name": file_name,
            "size": stored.size,
            "sha256": stored.sha256,
            "content_type": stored.kind.mime,
            "object_key": stored.key,
        })),
    )
    .await?;
    Ok((id, number))
}
