//! Use-cases: list a record's attachments, upload (a new one or a new version), open a
//! version for download, remove. Each checks the owner's policy first; each write stores
//! the object first, then its rows and audit record in one transaction, and removes the
//! object again if that transaction fails, so no row ever points at a missing object.

use bytes::Bytes;
use futures_util::Stream;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Attachments, store::PutError};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::{Db, WriteTx, now_ms},
    entity::{attachment as att, attachment_version as ver, user},
    error::{AppError, AppResult},
    web::format,
};

/// Which place of the record a file takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Slot {
    /// 正文: one per record; a new upload is its next version.
    Body,
    /// 附件: any number per record.
    File,
}

impl Slot {
    pub fn code(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::File => "file",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Body => "正文",
            Self::File => "附件",
        }
    }

    fn from_code(code: &str) -> Self {
        if code == "body" {
            Self::Body
        } else {
            Self::File
        }
    }
}

/// Where an upload goes.
#[derive(Clone, Debug)]
pub enum Target {
    /// A new 附件, or the record's 正文 (its next version when it already has one).
    New {
        module: String,
        record_id: String,
        slot: Slot,
    },
    /// The next version of an existing attachment.
    Version { attachment_id: i64 },
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VersionView {
    pub number: i32,
    pub file_name: String,
    pub size: i64,
    /// e.g. 1.3 MB
    pub size_text: String,
    pub sha256: String,
    pub content_type: String,
    /// PDF and images open in the browser.
    pub previewable: bool,
    pub uploaded_by: i64,
    pub uploader: String,
    pub uploaded_at: i64,
    pub uploaded_at_text: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AttachmentView {
    pub id: i64,
    pub module: String,
    pub record_id: String,
    pub slot: Slot,
    pub slot_label: String,
    pub name: String,
    pub current_version: i32,
    /// Newest first.
    pub versions: Vec<VersionView>,
}

impl AttachmentView {
    pub fn latest(&self) -> Option<&VersionView> {
        self.versions.first()
    }
}

/// A record's attachments as `actor` may see them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Listing {
    pub module: String,
    pub record_id: String,
    /// The 正文 first, then the 附件 in upload order.
    pub items: Vec<AttachmentView>,
    /// Whether `actor` may upload and remove here.
    pub can_write: bool,
}

/// One version, ready to be read from storage.
pub struct Opened {
    pub attachment: att::Model,
    pub version: ver::Model,
}

/// PDF and common images are shown in the browser; nothing else is.
pub fn previewable(content_type: &str) -> bool {
    matches!(
        content_type,
        "application/pdf" | "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/bmp"
    )
}

fn size_text(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} 字节")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.2} GB", b / KB / KB / KB)
    }
}

fn owner_key(module: &str, record_id: &str) -> AppResult<(String, String)> {
    let m = module.trim();
    let ok_module = !m.is_empty()
        && m.len() <= 50
        && m.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.".contains(c));
    let r = record_id.trim();
    let ok_record = !r.is_empty() && r.len() <= 100 && !r.chars().any(char::is_control);
    if !ok_module || !ok_record {
        return Err(AppError::not_found("附件所属的记录"));
    }
    Ok((m.to_string(), r.to_string()))
}

/// The file name without any folder a browser may have put in front, checked for display.
pub fn clean_file_name(raw: &str) -> AppResult<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if base.is_empty() {
        return Err(AppError::bad("请选择要上传的文件"));
    }
    crate::org::validate::name("文件名", base, 200)
}

async fn live(db: &Db, id: i64) -> AppResult<att::Model> {
    att::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .filter(|a| a.deleted_at.is_none())
        .ok_or_else(|| AppError::not_found("附件"))
}

async fn views(db: &Db, rows: Vec<att::Model>) -> AppResult<Vec<AttachmentView>> {
    let versions = ver::Entity::find()
        .filter(ver::Column::AttachmentId.is_in(rows.iter().map(|a| a.id)))
        .order_by_desc(ver::Column::Number)
        .all(db.conn())
        .await?;
    let names: std::collections::HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(versions.iter().map(|v| v.uploaded_by)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|a| {
            let slot = Slot::from_code(&a.slot);
            AttachmentView {
                versions: versions
                    .iter()
                    .filter(|v| v.attachment_id == a.id)
                    .map(|v| VersionView {
                        number: v.number,
                        file_name: v.file_name.clone(),
                        size: v.size,
                        size_text: size_text(v.size),
                        sha256: v.sha256.clone(),
                        content_type: v.content_type.clone(),
                        previewable: previewable(&v.content_type),
                        uploaded_by: v.uploaded_by,
                        uploader: names.get(&v.uploaded_by).cloned().unwrap_or_default(),
                        uploaded_at: v.uploaded_at,
                        uploaded_at_text: format::datetime_cn(v.uploaded_at),
                    })
                    .collect(),
                id: a.id,
                module: a.module,
                record_id: a.record_id,
                slot,
                slot_label: slot.label().to_string(),
                name: a.name,
                current_version: a.current_version,
            }
        })
        .collect())
}

/// The record's live attachments, for someone who may read the record.
pub async fn list(
    att_svc: &Attachments,
    db: &Db,
    actor: &Actor,
    module: &str,
    record_id: &str,
) -> AppResult<Listing> {
    let (module, record_id) = owner_key(module, record_id)?;
    let policies = &att_svc.policies;
    policies
        .require_read(db, actor, &module, &record_id)
        .await?;
    let can_write = policies.can_write(db, actor, &module, &record_id).await?;
    let rows = att::Entity::find()
        .filter(att::Column::Module.eq(module.as_str()))
        .filter(att::Column::RecordId.eq(record_id.as_str()))
        .filter(att::Column::DeletedAt.is_null())
        .order_by_asc(att::Column::Id)
        .all(db.conn())
        .await?;
    let mut items = views(db, rows).await?;
    items.sort_by_key(|a| a.slot != Slot::Body);
    Ok(Listing {
        module,
        record_id,
        items,
        can_write,
    })
}

/// One attachment with its versions, for someone who may read its record.
pub async fn get(
    att_svc: &Attachments,
    db: &Db,
    actor: &Actor,
    id: i64,
) -> AppResult<AttachmentView> {
    let a = live(db, id).await?;
    att_svc
        .policies
        .require_read(db, actor, &a.module, &a.record_id)
        .await?;
    Ok(views(db, vec![a]).await?.remove(0))
}

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
                Ok(id) => {
                    tx.commit().await?;
                    return Ok::<i64, AppError>(id);
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
        Ok(id) => Ok(views(db, vec![live(db, id).await?]).await?.remove(0)),
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
    stored: &super::store::Stored,
) -> AppResult<i64> {
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
    Ok(id)
}

/// The requested version (the latest when `None`) of an attachment whose record `actor`
/// may read.
pub async fn open(
    att_svc: &Attachments,
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i32>,
) -> AppResult<Opened> {
    let a = live(db, id).await?;
    att_svc
        .policies
        .require_read(db, actor, &a.module, &a.record_id)
        .await?;
    let number = version.unwrap_or(a.current_version);
    let v = ver::Entity::find()
        .filter(ver::Column::AttachmentId.eq(a.id))
        .filter(ver::Column::Number.eq(number))
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::NotFound(format!("该附件没有第 {number} 版")))?;
    Ok(Opened {
        attachment: a,
        version: v,
    })
}

/// Removes an attachment from its record. The rows and objects stay for the audit trail.
pub async fn delete(att_svc: &Attachments, db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let a = live(db, id).await?;
    att_svc
        .policies
        .require_write(db, actor, &a.module, &a.record_id)
        .await?;
    let tx = db.begin_write().await?;
    let res = att::Entity::update_many()
        .col_expr(att::Column::DeletedAt, Expr::value(now_ms()))
        .col_expr(att::Column::DeletedBy, Expr::value(uid))
        .filter(att::Column::Id.eq(id))
        .filter(att::Column::DeletedAt.is_null())
        .exec(&*tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::not_found("附件"));
    }
    let slot = Slot::from_code(&a.slot);
    audit::record(
        &tx,
        actor,
        Change::new(
            "attachment.delete",
            "attachments",
            id,
            format!(
                "删除{}「{}」（共 {} 版）",
                slot.label(),
                a.name,
                a.current_version
            ),
        )
        .before(&json!({
            "module": a.module,
            "record_id": a.record_id,
            "slot": a.slot,
            "name": a.name,
            "current_version": a.current_version,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records that stored content failed its check, so that someone looks into it.
pub async fn integrity_alarm(db: &Db, actor: &Actor, opened: &Opened, what: &str) {
    let v = &opened.version;
    tracing::error!(
        attachment = opened.attachment.id,
        version = v.number,
        key = %v.object_key,
        expected = %v.sha256,
        what,
        "attachment integrity check failed"
    );
    let write = async {
        let tx = db.begin_write().await?;
        audit::record(
            &tx,
            actor,
            Change::new(
                "attachment.integrity",
                "attachments",
                opened.attachment.id,
                format!("附件「{}」第 {} 版校验失败：{what}", v.file_name, v.number),
            )
            .after(&json!({
                "version": v.number,
                "object_key": v.object_key,
                "expected_sha256": v.sha256,
                "problem": what,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    };
    if let Err(e) = write.await {
        tracing::error!(error = %e, "could not audit an integrity failure");
    }
}
