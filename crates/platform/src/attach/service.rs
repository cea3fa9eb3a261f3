//! Use-cases on stored attachments: list a record's, open a version for download, remove.
//! Each checks the owning module's policy first. Uploading is in `upload`.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::json;

pub use super::model::{AttachmentView, Listing, Opened, Slot, Target, VersionView, previewable};
pub use super::upload::upload;
use super::{Attachments, model::size_text};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::{Db, now_ms},
    entity::{attachment as att, attachment_version as ver, user},
    error::{AppError, AppResult},
    web::format,
};

pub(super) fn owner_key(module: &str, record_id: &str) -> AppResult<(String, String)> {
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

pub(super) async fn live(db: &Db, id: i64) -> AppResult<att::Model> {
    att::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .filter(|a| a.deleted_at.is_none())
        .ok_or_else(|| AppError::not_found("附件"))
}

pub(super) async fn views(db: &Db, rows: Vec<att::Model>) -> AppResult<Vec<AttachmentView>> {
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
    if let Some(uid) = actor.user_id {
        record_read(db, &a, number, uid).await?;
    }
    Ok(Opened {
        attachment: a,
        version: v,
    })
}

/// Counts one opening (download or preview) of a version, for 查询下载人次.
async fn record_read(db: &Db, a: &att::Model, version: i32, user_id: i64) -> AppResult<()> {
    crate::db::raw::exec(
        db.conn(),
        "INSERT INTO attachment_reads (attachment_id, module, record_id, version, user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            a.id.into(),
            a.module.clone().into(),
            a.record_id.clone().into(),
            version.into(),
            user_id.into(),
            now_ms().into(),
        ],
    )
    .await?;
    Ok(())
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
