//! Receiving an upload from a `multipart/form-data` body: the field named `file` is streamed
//! into storage as it arrives; nothing holds the whole file in memory.

use axum::extract::{Multipart, multipart::MultipartError};
use futures_util::StreamExt;

use super::{
    Attachments,
    service::{self, AttachmentView, Target},
};
use crate::{
    auth::Actor,
    db::Db,
    error::{AppError, AppResult},
};

/// The form field that carries the file.
pub const FILE_FIELD: &str = "file";

fn body_error(e: MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge("上传的内容过大，未保存".into())
    } else {
        AppError::bad("上传中断或内容格式有误，请重新上传")
    }
}

/// Stores the `file` field of `form` at `target`.
pub async fn receive(
    att_svc: &Attachments,
    db: &Db,
    actor: &Actor,
    target: Target,
    mut form: Multipart,
) -> AppResult<AttachmentView> {
    loop {
        let Some(field) = form.next_field().await.map_err(body_error)? else {
            return Err(AppError::bad("请选择要上传的文件"));
        };
        if field.name() != Some(FILE_FIELD) {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_string();
        let body = Box::pin(field.map(|chunk| chunk.map_err(body_error)));
        return service::upload(att_svc, db, actor, target, &file_name, body).await;
    }
}

/// A request that is not `multipart/form-data` at all.
pub fn not_multipart() -> AppError {
    AppError::bad("上传须使用 multipart/form-data 格式，文件放在名为 file 的字段中")
}
