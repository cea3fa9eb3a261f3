//! Effective configuration: defaults → `sanban.toml` → `SANBAN_*` environment → command-line flags.

use std::path::{Path, PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the embedded database, attachments and other local state live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means an SQLite file inside `data_dir`.
    pub database_url: String,
    pub bind: String,
    /// The address users reach Sanban at; an `https://` URL makes cookies `Secure`.
    pub public_url: String,
    /// Load the demo organisation into a brand-new database.
    pub demo: bool,
    /// The deployment runs on a classified network (涉密网): paper 密件 may then carry their
    /// electronic files. Off everywhere else (GONGWEN.md W08).
    pub classified_network: bool,
    /// `text` or `json`.
    pub log_format: String,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub login_max_failures: i64,
    pub login_lockout_minutes: i64,
    /// Upper bound for any request body (uploaded sheets included).
    pub max_body_bytes: usize,
    /// Load balancers whose `X-Forwarded-For` names the client (addresses or networks), for
    /// login throttling and audit rows. Empty: the connection's own address is the client's.
    pub trusted_proxies: Vec<String>,
    /// Cron schedules (seconds first) overriding the built-in ones, by job name:
    /// `sessions.sweep`, `workflow.reminders`, `notify.outbox`.
    pub schedules: std::collections::BTreeMap<String, String>,
    /// The mail server notices go out through; no `host` means no e-mail.
    pub smtp: SmtpConfig,
    /// Delivery of outgoing notices (e-mail, 群机器人).
    pub notify: NotifyConfig,
    /// Attachments and document bodies: a local directory or S3-compatible storage.
    pub storage: crate::attach::StorageConfig,
}

/// `[smtp]`: where e-mail notices are handed over.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    /// Empty turns e-mail off.
    pub host: String,
    /// 0 means the usual port for `tls`: 25, 587 (starttls) or 465 (tls).
    pub port: u16,
    pub username: String,
    pub password: String,
    /// The sender, e.g. `三办 <oa@example.gov.cn>`.
    pub from: String,
    /// `none`, `starttls` or `tls`.
    pub tls: String,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 0,
            username: String::new(),
            password: String::new(),
            from: String::new(),
            tls: "starttls".into(),
        }
    }
}

impl SmtpConfig {
    pub fn enabled(&self) -> bool {
        !self.host.trim().is_empty()
    }

    pub fn effective_port(&self) -> u16 {
        match (self.port, self.tls.as_str()) {
            (0, "tls") => 465,
            (0, "starttls") => 587,
            (0, _) => 25,
            (p, _) => p,
        }
    }
}

/// `[notify]`: how hard the outbox tries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifyConfig {
    /// Attempts before a message is given up (失败) and waits for 重试 on the admin page.
    pub max_attempts: i32,
    /// Seconds a mail server or robot may take to answer one message.
    pub timeout_seconds: u64,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            timeout_seconds: 10,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("sanban-data"),
            database_url: String::new(),
            bind: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            demo: true,
            classified_network: false,
            log_format: "text".into(),
            session_idle_minutes: 120,
            session_absolute_hours: 12,
            login_max_failures: 5,
            login_lockout_minutes: 15,
            max_body_bytes: 20 * 1024 * 1024,
            trusted_proxies: Vec::new(),
            schedules: Default::default(),
            smtp: SmtpConfig::default(),
            notify: NotifyConfig::default(),
            storage: Default::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("配置有误：{0}")]
pub struct ConfigError(String);

const KEYS: &[&str] = &[
    "data_dir",
    "database_url",
    "bind",
    "public_url",
    "demo",
    "classified_network",
    "log_format",
    "session_idle_minutes",
    "session_absolute_hours",
    "login_max_failures",
    "login_lockout_minutes",
    "max_body_bytes",
    "trusted_proxies",
    "schedules",
    "smtp",
    "notify",
    "storage",
];

fn explain(e: figment::Error) -> ConfigError {
    use figment::error::Kind;
    let source = e
        .metadata
        .as_ref()
        .map(|m| format!("（来自 {}）", m.name))
        .unwrap_or_default();
    let msg = match &e.kind {
        // Inside a section ([smtp], [notify]) the choices are that section's keys.
        Kind::UnknownField(field, expected) if !e.path.is_empty() => {
            let mut path = e.path.clone();
            if path.last() != Some(field) {
                path.push(field.clone());
            }
            format!(
                "未知的配置项「{}」{source}；可用的配置项：{}",
                path.join("."),
                expected.join("、")
            )
        }
        Kind::UnknownField(field, _) => format!(
            "未知的配置项「{field}」{source}；可用的配置项：{}",
            KEYS.join("、")
        ),
        Kind::InvalidType(actual, expected) => {
            format!(
                "配置项「{}」的类型不对{source}：应为 {expected}，实为 {actual}",
                e.path.join(".")
            )
        }
        _ => format!("{e}"),
    };
    ConfigError(msg)
}

impl Config {
    /// Reads the layered configuration. `file` defaults to `sanban.toml` in the working directory
    /// and may be absent; `overrides` are the command-line flags, applied last.
    pub fn load(file: Option<&Path>, overrides: Figment) -> Result<Self, ConfigError> {
        let file = file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("sanban.toml"));
        let config: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            // Other SANBAN_* variables (SANBAN_LOG, test settings) are not configuration keys.
            // Nested keys by a double underscore: SANBAN_SMTP__PASSWORD.
            .merge(
                Env::prefixed("SANBAN_")
                    .filter(|k| {
                        let k = k.as_str().to_lowercase();
                        KEYS.contains(&k.split("__").next().unwrap_or_default())
                    })
                    .split("__"),
            )
            .merge(overrides)
            .extract()
            .map_err(explain)?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !self.database_url.is_empty()
            && !self.database_url.starts_with("sqlite:")
            && !self.database_url.starts_with("postgres://")
            && !self.database_url.starts_with("postgresql://")
        {
            return Err(ConfigError(format!(
                "database_url 只支持 sqlite:// 或 postgres:// 开头的地址，而不是「{}」",
                mask_url(&self.database_url)
            )));
        }
        crate::web::client_addr::parse_trusted(&self.trusted_proxies).map_err(ConfigError)?;
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(ConfigError("log_format 只能是 text 或 json".into()));
        }
        if self.session_idle_minutes <= 0 || self.session_absolute_hours <= 0 {
            return Err(ConfigError("会话时长必须大于零".into()));
        }
        if !matches!(self.smtp.tls.as_str(), "none" | "starttls" | "tls") {
            return Err(ConfigError(format!(
                "smtp.tls 只能是 none、starttls 或 tls，而不是「{}」",
                self.smtp.tls
            )));
        }
        if self.smtp.enabled() && crate::notify::email::parse_mailbox(&self.smtp.from).is_none() {
            return Err(ConfigError(format!(
                "smtp.from 应为发件地址，例如「三办 <oa@example.gov.cn>」，而不是「{}」",
                self.smtp.from
            )));
        }
        if !(1..=100).contains(&self.notify.max_attempts) {
            return Err(ConfigError("notify.max_attempts 应在 1 到 100 之间".into()));
        }
        if !(1..=300).contains(&self.notify.timeout_seconds) {
            return Err(ConfigError(
                "notify.timeout_seconds 应在 1 到 300 之间".into(),
            ));
        }
        if let Some(problem) = self.storage.problem() {
            return Err(ConfigError(problem));
        }
        Ok(())
    }

    pub fn effective_database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("sanban.db").display()
            )
        } else {
            self.database_url.clone()
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The configuration as TOML with passwords and secret keys replaced by `***`.
    pub fn to_masked_toml(&self) -> String {
        let mut shown = self.clone();
        shown.database_url = mask_url(&self.database_url);
        if !shown.smtp.password.is_empty() {
            shown.smtp.password = "***".into();
        }
        shown.storage = self.storage.masked();
        let value = serde_json::to_value(&shown).unwrap_or_default();
        let mut out = String::new();
        if let serde_json::Value::Object(map) = value {
            write_table(&mut out, "", &map);
        }
        out
    }
}

/// Plain keys first, then each nested table under its own `[header]`, as TOML wants.
fn write_table(out: &mut String, prefix: &str, map: &serde_json::Map<String, serde_json::Value>) {
    for (k, v) in map {
        if !v.is_object() {
            out.push_str(&format!("{} = {v}\n", toml_key(k)));
        }
    }
    for (k, v) in map {
        if let serde_json::Value::Object(inner) = v {
            let name = format!("{prefix}{k}");
            out.push_str(&format!("\n[{name}]\n"));
            write_table(out, &format!("{name}."), inner);
        }
    }
}

/// A bare key when TOML allows one, else a quoted one (`"sessions.sweep"`).
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        serde_json::Value::String(k.to_string()).to_string()
    }
}

/// Hides the password part of `scheme://user:password@host`.
pub fn mask_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let Some(at) = rest.find('@') else {
        return url.to_string();
    };
    let userinfo = &rest[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}://{}:***@{}",
            &url[..scheme_end],
            &userinfo[..colon],
            &rest[at + 1..]
        ),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_password_in_url() {
        assert_eq!(
            mask_url("postgres://sanban:s3cret@db:5432/sanban"),
            "postgres://sanban:***@db:5432/sanban"
        );
        assert_eq!(mask_url("postgres://db/sanban"), "postgres://db/sanban");
    }

    #[test]
    fn smtp_password_is_masked_and_tls_checked() {
        let mut cfg = Config::default();
        cfg.smtp.host = "mail.example.gov.cn".into();
        cfg.smtp.from = "三办 <oa@example.gov.cn>".into();
        cfg.smtp.password = "s3cret-pass".into();
        assert!(cfg.validate().is_ok());
        let shown = cfg.to_masked_toml();
        assert!(!shown.contains("s3cret-pass"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
        cfg.smtp.tls = "ssl".into();
        assert!(cfg.validate().unwrap_err().to_string().contains("smtp.tls"));
        cfg.smtp.tls = "tls".into();
        cfg.smtp.from = "办公室".into();
        assert!(
            cfg.validate()
                .unwrap_err()
                .to_string()
                .contains("smtp.from")
        );
        assert_eq!(cfg.smtp.effective_port(), 465);
    }

    #[test]
    fn masked_toml_reads_back_and_hides_the_secret_key() {
        let mut cfg = Config::default();
        cfg.storage.s3.secret_key = "wJalrXUtnFEMI/K7MDENG".into();
        cfg.schedules
            .insert("sessions.sweep".into(), "0 0 * * * *".into());
        let text = cfg.to_masked_toml();
        assert!(!text.contains("wJalrXUtnFEMI"), "{text}");
        let back: Config = Figment::from(Toml::string(&text)).extract().unwrap();
        assert_eq!(back.storage.s3.secret_key, "***");
        assert_eq!(back.schedules["sessions.sweep"], "0 0 * * * *");
        assert_eq!(back.storage.max_upload_mb, 100);
    }

    #[test]
    fn unknown_key_in_storage_names_the_table() {
        let err = Config::load(
            Some(Path::new("/nonexistent/sanban.toml")),
            Figment::from(Toml::string("[storage]\nbucket = \"x\"")),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("storage.bucket"), "{err}");
        assert!(err.contains("max_upload_mb"), "{err}");
    }

    #[test]
    fn rejects_unknown_database_scheme() {
        let cfg = Config {
            database_url: "mysql://x".into(),
            ..Config::default()
        };
        assert!(
            cfg.validate()
                .unwrap_err()
                .to_string()
                .contains("sqlite://")
        );
    }
}
