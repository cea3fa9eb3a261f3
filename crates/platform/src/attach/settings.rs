//! Where attachments are stored (`[storage]` in `sanban.toml`) and how large one may be.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// `local` (a directory, the default) or `s3` (any S3-compatible service).
    pub kind: String,
    /// The directory for `local`; empty means `files` inside `data_dir`.
    pub dir: PathBuf,
    /// The largest file one upload may carry, in MB.
    pub max_upload_mb: u64,
    pub s3: S3Config,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Config {
    /// `https://…` (or `http://…` for a service on a trusted network); empty means AWS itself.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            kind: "local".into(),
            dir: PathBuf::new(),
            max_upload_mb: 100,
            s3: S3Config {
                region: "us-east-1".into(),
                ..S3Config::default()
            },
        }
    }
}

/// The largest `max_upload_mb` accepted: beyond it an upload is a job for another channel.
const MAX_UPLOAD_MB_CEILING: u64 = 10 * 1024;

impl StorageConfig {
    /// What is wrong with the settings, as a sentence for the person who wrote them.
    pub fn problem(&self) -> Option<String> {
        if self.max_upload_mb == 0 || self.max_upload_mb > MAX_UPLOAD_MB_CEILING {
            return Some(format!(
                "storage.max_upload_mb 应在 1 到 {MAX_UPLOAD_MB_CEILING} 之间（单位 MB）"
            ));
        }
        match self.kind.as_str() {
            "local" => None,
            "s3" => {
                let s3 = &self.s3;
                if s3.bucket.trim().is_empty() {
                    return Some("storage.kind = \"s3\" 时必须填写 storage.s3.bucket".into());
                }
                if s3.region.trim().is_empty() {
                    return Some("storage.s3.region 不能为空（自建服务可填 us-east-1）".into());
                }
                if !s3.endpoint.is_empty()
                    && !s3.endpoint.starts_with("https://")
                    && !s3.endpoint.starts_with("http://")
                {
                    return Some(format!(
                        "storage.s3.endpoint 应以 https:// 或 http:// 开头，而不是「{}」",
                        s3.endpoint
                    ));
                }
                if s3.access_key.is_empty() != s3.secret_key.is_empty() {
                    return Some(
                        "storage.s3.access_key 与 storage.s3.secret_key 须同时填写".into(),
                    );
                }
                if s3.access_key.is_empty() {
                    return Some(
                        "storage.kind = \"s3\" 时必须填写 storage.s3.access_key 和 storage.s3.secret_key"
                            .into(),
                    );
                }
                None
            }
            other => Some(format!(
                "storage.kind 只能是 local 或 s3，而不是「{other}」"
            )),
        }
    }

    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb * 1024 * 1024
    }

    /// The directory of the `local` kind.
    pub fn local_dir(&self, data_dir: &Path) -> PathBuf {
        if self.dir.as_os_str().is_empty() {
            data_dir.join("files")
        } else {
            self.dir.clone()
        }
    }

    /// The settings with the secret key hidden and the access key shortened, for display.
    pub fn masked(&self) -> Self {
        let mut shown = self.clone();
        if !shown.s3.secret_key.is_empty() {
            shown.s3.secret_key = "***".into();
        }
        if !shown.s3.access_key.is_empty() {
            let head: String = shown.s3.access_key.chars().take(4).collect();
            shown.s3.access_key = format!("{head}***");
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_needs_bucket_and_both_keys() {
        let mut c = StorageConfig {
            kind: "s3".into(),
            ..StorageConfig::default()
        };
        assert!(c.problem().unwrap().contains("bucket"));
        c.s3.bucket = "sanban".into();
        c.s3.access_key = "AKIA".into();
        assert!(c.problem().unwrap().contains("同时填写"));
        c.s3.secret_key = "s".into();
        assert_eq!(c.problem(), None);
        c.s3.endpoint = "minio:9000".into();
        assert!(c.problem().unwrap().contains("https://"));
    }

    #[test]
    fn rejects_unknown_kind_and_zero_limit() {
        let c = StorageConfig {
            kind: "ftp".into(),
            ..StorageConfig::default()
        };
        assert!(c.problem().unwrap().contains("local 或 s3"));
        let c = StorageConfig {
            max_upload_mb: 0,
            ..StorageConfig::default()
        };
        assert!(c.problem().unwrap().contains("max_upload_mb"));
    }

    #[test]
    fn masks_secrets() {
        let mut c = StorageConfig::default();
        c.s3.access_key = "AKIAEXAMPLE".into();
        c.s3.secret_key = "wJalrXUtnFEMI".into();
        let m = c.masked();
        assert_eq!(m.s3.secret_key, "***");
        assert_eq!(m.s3.access_key, "AKIA***");
    }
}
