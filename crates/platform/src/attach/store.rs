//! The one storage interface over `object_store`: a local directory or an S3-compatible
//! bucket. Objects are written once under a fresh ASCII key and never overwritten.

use std::{path::Path, sync::Arc};

use bytes::Bytes;
use futures_util::{Stream, StreamExt, stream::BoxStream};
use object_store::{
    ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart, aws::AmazonS3Builder,
    local::LocalFileSystem, path::Path as ObjectPath,
};
use sha2::{Digest, Sha256};

use super::{
    settings::StorageConfig,
    sniff::{self, Kind},
};
use crate::error::AppError;

/// Parts of a multipart upload; S3 wants at least 5 MiB for every part but the last, and a
/// file smaller than one part goes up in a single request.
const PART: usize = 5 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// `local` or `s3`, for logs and the readiness page.
    pub kind: &'static str,
}

/// What was stored: where, how big, its digest and type.
#[derive(Clone, Debug)]
pub struct Stored {
    pub key: String,
    pub size: u64,
    pub sha256: String,
    pub kind: Kind,
}

/// Why an incoming stream could not be stored.
#[derive(Debug)]
pub enum PutError {
    /// The file is larger than the limit; nothing was kept.
    TooLarge,
    /// Refused by [`sniff::detect`]; the sentence says why.
    Refused(String),
    /// The client's body failed (connection dropped, malformed multipart).
    Body(AppError),
    Storage(object_store::Error),
}

impl From<PutError> for AppError {
    fn from(e: PutError) -> Self {
        match e {
            PutError::TooLarge => AppError::TooLarge(String::new()),
            PutError::Refused(msg) => AppError::BadRequest(msg),
            PutError::Body(e) => e,
            PutError::Storage(e) => storage_error(e),
        }
    }
}

/// Storage that cannot be reached is the server's trouble, not the person's input.
pub fn storage_error(e: object_store::Error) -> AppError {
    tracing::error!(error = %e, "attachment storage failed");
    AppError::Storage("文件存储暂时不可用，请稍后再试".into())
}

impl Store {
    /// Opens the configured storage; a local directory is created when missing.
    pub fn open(config: &StorageConfig, data_dir: &Path) -> anyhow::Result<Self> {
        match config.kind.as_str() {
            "s3" => {
                crate::install_crypto_provider();
                let s3 = &config.s3;
                let mut b = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key)
                    .with_secret_access_key(&s3.secret_key);
                if !s3.endpoint.is_empty() {
                    b = b
                        .with_endpoint(&s3.endpoint)
                        .with_allow_http(s3.endpoint.starts_with("http://"));
                }
                let store = b
                    .build()
                    .map_err(|e| anyhow::anyhow!("无法配置 S3 存储：{e}"))?;
                Ok(Self {
                    inner: Arc::new(store),
                    kind: "s3",
                })
            }
            _ => {
                let dir = config.local_dir(data_dir);
                std::fs::create_dir_all(&dir)
                    .map_err(|e| anyhow::anyhow!("无法创建附件目录 {}：{e}", dir.display()))?;
                let store = LocalFileSystem::new_with_prefix(&dir)
                    .map_err(|e| anyhow::anyhow!("无法打开附件目录 {}：{e}", dir.display()))?;
                Ok(Self {
                    inner: Arc::new(store),
                    kind: "local",
                })
            }
        }
    }

    /// The underlying store, for maintenance and tests.
    pub fn object_store(&self) -> &Arc<dyn ObjectStore> {
        &self.inner
    }

    /// A fresh key: two hex characters of fan-out, then a random UUID.
    fn new_key() -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        format!("{}/{id}", &id[..2])
    }

    /// Streams `body` into a new object while hashing and counting it. The type is sniffed
    /// from the first bytes before anything is written; more than `limit` bytes aborts the
    /// upload and leaves nothing behind.
    pub async fn put_stream<S>(
        &self,
        file_name: &str,
        mut body: S,
        limit: u64,
    ) -> Result<Stored, PutError>
    where
        S: Stream<Item = Result<Bytes, AppError>> + Unpin,
    {
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut head: Vec<u8> = Vec::new();
        let mut ended = false;
        // Enough bytes to decide the type, or a whole small file in one request.
        while head.len() < PART {
            match body.next().await {
                Some(chunk) => {
                    let chunk = chunk.map_err(PutError::Body)?;
                    size += chunk.len() as u64;
                    if size > limit {
                        return Err(PutError::TooLarge);
                    }
                    head.extend_from_slice(&chunk);
                }
                None => {
                    ended = true;
                    break;
                }
            }
        }
        let kind = sniff::detect(&head, file_name).map_err(PutError::Refused)?;
        hasher.update(&head);
        let key = Self::new_key();
        let path = ObjectPath::from(key.as_str());
        if ended {
            self.inner
                .put(&path, PutPayload::from(head))
                .await
                .map_err(PutError::Storage)?;
        } else {
            let upload = self
                .inner
                .put_multipart(&path)
                .await
                .map_err(PutError::Storage)?;
            let mut writer = WriteMultipart::new_with_chunk_size(upload, PART);
            writer.write(&head);
            drop(head);
            let outcome: Result<(), PutError> = async {
                while let Some(chunk) = body.next().await {
                    let chunk = chunk.map_err(PutError::Body)?;
                    size += chunk.len() as u64;
                    if size > limit {
                        return Err(PutError::TooLarge);
                    }
                    hasher.update(&chunk);
                    // Bounded memory: at most a few parts in flight.
                    writer
                        .wait_for_capacity(2)
                        .await
                        .map_err(PutError::Storage)?;
                    writer.put(chunk);
                }
                Ok(())
            }
            .await;
            match outcome {
                Ok(()) => {
                    writer.finish().await.map_err(PutError::Storage)?;
                }
                Err(e) => {
                    if let Err(abort) = writer.abort().await {
                        tracing::warn!(error = %abort, key, "aborting an upload failed");
                    }
                    return Err(e);
                }
            }
        }
        Ok(Stored {
            key,
            size,
            sha256: hex::encode(hasher.finalize()),
            kind,
        })
    }

    /// The object's bytes as they arrive from storage.
    pub async fn read(
        &self,
        key: &str,
    ) -> Result<BoxStream<'static, Result<Bytes, object_store::Error>>, object_store::Error> {
        Ok(self.inner.get(&ObjectPath::from(key)).await?.into_stream())
    }

    /// Best effort: an object nobody refers to is garbage, not damage.
    pub async fn remove(&self, key: &str) {
        if let Err(e) = self.inner.delete(&ObjectPath::from(key)).await {
            tracing::warn!(error = %e, key, "could not remove an unreferenced object");
        }
    }
}
