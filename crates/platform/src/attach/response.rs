//! A stored version as an HTTP answer: the right headers for saving or previewing, and the
//! SHA-256 check on the way out (see the module documentation for the two ways it fails).

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use bytes::{Bytes, BytesMut};
use futures_util::{StreamExt, stream};
use sha2::{Digest, Sha256};

use super::{
    Attachments, disposition,
    service::{self, Opened, previewable},
    store::storage_error,
};
use crate::{
    auth::Actor,
    db::Db,
    error::{AppError, AppResult},
};

/// Saved as a file, or shown in the browser (PDF and images only; anything else is saved).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    Attachment,
    Inline,
}

const CSP_IMAGE: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
// Browsers' PDF viewers do not run inside a CSP sandbox, so a PDF gets a tight policy instead.
const CSP_PDF: &str = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'";
const CSP_DOWNLOAD: &str = "default-src 'none'; sandbox";

/// Checks the reader's right, then answers with the version's bytes.
pub async fn download(
    att_svc: &Attachments,
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i32>,
    disposition: Disposition,
    request_headers: &HeaderMap,
) -> AppResult<Response> {
    let opened = service::open(att_svc, db, actor, id, version).await?;
    let v = &opened.version;
    let inline = disposition == Disposition::Inline && previewable(&v.content_type);
    let etag = format!("\"{}\"", v.sha256);

    let mut headers = HeaderMap::new();
    let set = |h: &mut HeaderMap, name, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    set(&mut headers, header::ETAG, &etag);
    // Every request comes back for the permission check; the ETag spares the bytes.
    set(&mut headers, header::CACHE_CONTROL, "private, no-cache");
    set(&mut headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    let not_modified = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| h.split(',').any(|t| t.trim() == etag));
    if not_modified {
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    set(&mut headers, header::CONTENT_TYPE, &v.content_type);
    set(
        &mut headers,
        header::CONTENT_DISPOSITION,
        &disposition::header(inline, &v.file_name),
    );
    let csp = match (inline, v.content_type.as_str()) {
        (true, "application/pdf") => CSP_PDF,
        (true, _) => CSP_IMAGE,
        (false, _) => CSP_DOWNLOAD,
    };
    set(&mut headers, header::CONTENT_SECURITY_POLICY, csp);
    set(&mut headers, header::CONTENT_LENGTH, &v.size.to_string());

    let source = match att_svc.store.read(&v.object_key).await {
        Ok(s) => s,
        Err(object_store::Error::NotFound { .. }) => {
            service::integrity_alarm(db, actor, &opened, "存储中找不到该文件").await;
            return Err(damaged());
        }
        Err(e) => return Err(storage_error(e)),
    };

    if v.size as u64 <= att_svc.verify_before_send {
        let whole = read_all(source, v.size as usize).await;
        let problem = match &whole {
            Ok(bytes) => check(bytes.len() as u64, &hex::encode(Sha256::digest(bytes)), v),
            Err(e) => return Err(storage_error_ref(e)),
        };
        if let Some(what) = problem {
            service::integrity_alarm(db, actor, &opened, &what).await;
            return Err(damaged());
        }
        let bytes = whole.expect("checked above");
        return Ok((headers, Body::from(bytes)).into_response());
    }

    Ok((
        headers,
        Body::from_stream(verified_stream(source, opened, db.clone(), actor.clone())),
    )
        .into_response())
}

fn damaged() -> AppError {
    AppError::Storage(
        "文件校验未通过：存储中的内容与上传时不一致，已通知管理员。请勿使用此文件，可下载其他版本或联系系统管理员".into(),
    )
}

fn storage_error_ref(e: &object_store::Error) -> AppError {
    tracing::error!(error = %e, "reading an attachment failed");
    AppError::Storage("文件存储暂时不可用，请稍后再试".into())
}

/// What is wrong with content of this length and digest, if anything.
fn check(len: u64, sha256: &str, v: &crate::entity::attachment_version::Model) -> Option<String> {
    if len != v.size as u64 {
        Some(format!("长度为 {len} 字节，应为 {} 字节", v.size))
    } else if sha256 != v.sha256 {
        Some(format!("SHA-256 为 {sha256}，应为 {}", v.sha256))
    } else {
        None
    }
}

async fn read_all(
    mut source: futures_util::stream::BoxStream<'static, Result<Bytes, object_store::Error>>,
    expected: usize,
) -> Result<Bytes, object_store::Error> {
    let mut buf = BytesMut::with_capacity(expected);
    while let Some(chunk) = source.next().await {
        buf.extend_from_slice(&chunk?);
    }
    Ok(buf.freeze())
}

/// The object's bytes, hashed on the way. The last chunk is held back until the digest is
/// checked: with the length announced in `Content-Length`, a client would otherwise have the
/// whole file before any error could reach it. On a mismatch the stream ends in an error
/// instead of that chunk, and the alarm is raised.
fn verified_stream(
    source: futures_util::stream::BoxStream<'static, Result<Bytes, object_store::Error>>,
    opened: Opened,
    db: Db,
    actor: Actor,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    struct State {
        source: futures_util::stream::BoxStream<'static, Result<Bytes, object_store::Error>>,
        hasher: Sha256,
        len: u64,
        held: Option<Bytes>,
        done: bool,
        opened: Opened,
        db: Db,
        actor: Actor,
    }
    let state = State {
        source,
        hasher: Sha256::new(),
        len: 0,
        held: None,
        done: false,
        opened,
        db,
        actor,
    };
    stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        loop {
            match st.source.next().await {
                Some(Ok(chunk)) => {
                    if chunk.is_empty() {
                        continue;
                    }
                    st.hasher.update(&chunk);
                    st.len += chunk.len() as u64;
                    if let Some(previous) = st.held.replace(chunk) {
                        return Some((Ok(previous), st));
                    }
                }
                Some(Err(e)) => {
                    tracing::error!(error = %e, "reading an attachment failed mid-transfer");
                    st.done = true;
                    return Some((Err(std::io::Error::other(e)), st));
                }
                None => {
                    st.done = true;
                    let digest = hex::encode(st.hasher.clone().finalize());
                    return match check(st.len, &digest, &st.opened.version) {
                        None => st.held.take().map(|last| (Ok(last), st)),
                        Some(what) => {
                            service::integrity_alarm(&st.db, &st.actor, &st.opened, &what).await;
                            let err =
                                std::io::Error::other(format!("integrity check failed: {what}"));
                            Some((Err(err), st))
                        }
                    };
                }
            }
        }
    })
}
