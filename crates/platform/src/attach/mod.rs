//! Attachments (附件) and document bodies (正文) of any record, versioned, on a local
//! directory or S3-compatible storage.
//!
//! An attachment belongs to an owner `(module, record_id)` and has a slot: the record's one
//! 正文, whose new texts become versions v2, v3 …, or any number of 附件, each of which may
//! get new versions too. Every version is an object under a fresh ASCII key with its size,
//! SHA-256 and sniffed type in the database; the Chinese file name lives only in the
//! database. Who may read and write is the owning module's [`AccessPolicy`].
//!
//! Integrity on read: a file up to [`Attachments::verify_before_send`] bytes is read and
//! checked in full before the answer starts, so a damaged one gets a clear error page. A
//! larger one is streamed while hashed, and a mismatch found at its end breaks the transfer
//! (the body ends with an error, short of its `Content-Length`), so no client takes it for a
//! complete file. Either way the mismatch is logged and written to the audit log.

pub(crate) mod disposition;
mod model;
pub mod multipart;
pub mod policy;
mod response;
pub mod service;
pub mod settings;
pub mod sniff;
pub mod store;
mod upload;

use std::sync::Arc;

pub use model::{AttachmentView, Listing, Slot, Target, VersionView};
pub use policy::{AccessPolicy, Policies, WorkflowPolicy};
pub use response::{Disposition, download};
pub use settings::StorageConfig;
pub use store::Store;

/// Files up to this size are verified before their first byte is sent.
pub const VERIFY_BEFORE_SEND: u64 = 8 * 1024 * 1024;

/// The attachment service as the application holds it.
#[derive(Clone)]
pub struct Attachments {
    pub store: Store,
    pub policies: Policies,
    pub max_upload_bytes: u64,
    pub verify_before_send: u64,
}

impl Attachments {
    pub fn open(config: &crate::Config) -> anyhow::Result<Self> {
        Ok(Self {
            store: Store::open(&config.storage, &config.data_dir)?,
            policies: Policies::default(),
            max_upload_bytes: config.storage.max_upload_bytes(),
            verify_before_send: VERIFY_BEFORE_SEND,
        })
    }

    /// A module's rule for who may read and write its records' attachments.
    pub fn register(&mut self, module: &str, policy: Arc<dyn AccessPolicy>) {
        self.policies.register(module, policy);
    }
}
