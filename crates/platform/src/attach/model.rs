//! What the attachment services hand out: slots, targets, and views of attachments with
//! their versions.

use serde::{Deserialize, Serialize};

use crate::entity::{attachment as att, attachment_version as ver};

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

    pub(super) fn from_code(code: &str) -> Self {
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

    /// The attachment as it stood when version `number` was its newest. An upload answers with
    /// the version it made: by the time it reads the attachment back, a simultaneous upload may
    /// have added the next one.
    pub fn as_of(mut self, number: i32) -> Self {
        self.versions.retain(|v| v.number <= number);
        if let Some(v) = self.versions.first() {
            self.name = v.file_name.clone();
            self.current_version = v.number;
        }
        self
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

pub(super) fn size_text(bytes: i64) -> String {
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
