//! The delivery worker: takes due rows from the outbox under a lease and sends them.
//! Runs as the frequent scheduled job `notify.outbox`; tests call [`Delivery::run`] with the
//! time they want.

use std::time::Duration;

use sea_orm::EntityTrait;
use serde::Serialize;

use super::{
    email::{self, MailError, Mailer},
    outbox::{self, EMAIL, Outcome, state},
    robots::RobotKind,
    webhook,
};
use crate::{
    config::Config,
    db::{Db, now_ms},
    entity::{notify_outbox, notify_robot},
    error::AppResult,
};

/// Rows taken per lease; the lease outlasts sending all of them at the longest time-out.
const BATCH: u64 = 20;
/// Batches per run, so one run ends even when messages keep arriving.
const MAX_BATCHES: usize = 25;

/// Counts from one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
    pub skipped: usize,
}

pub struct Delivery {
    worker: String,
    mailer: Option<Mailer>,
    mail_error: Option<String>,
    /// A client that could not be built (no usable TLS roots, say) fails robot posts, not start-up.
    http: Result<reqwest::Client, String>,
    public_url: String,
    max_attempts: i32,
    lease_ms: i64,
}

impl Delivery {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        crate::install_crypto_provider();
        let timeout = Duration::from_secs(config.notify.timeout_seconds);
        let (mailer, mail_error) = if config.smtp.enabled() {
            match Mailer::new(&config.smtp, timeout) {
                Ok(m) => (Some(m), None),
                Err(e) => anyhow::bail!(e),
            }
        } else {
            (
                None,
                Some("未配置邮件服务器（smtp.host），邮件未发送".to_string()),
            )
        };
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| format!("无法创建 HTTP 客户端：{e}"));
        if let Err(e) = &http {
            tracing::warn!(error = %e, "robot posts will fail");
        }
        Ok(Self {
            worker: uuid::Uuid::new_v4().to_string(),
            mailer,
            mail_error,
            http,
            public_url: config.public_url.trim_end_matches('/').to_string(),
            max_attempts: config.notify.max_attempts,
            lease_ms: 2 * BATCH as i64 * config.notify.timeout_seconds as i64 * 1000 + 60_000,
        })
    }

    /// Sends what is due at `now`, batch by batch, until nothing is due.
    pub async fn run(&self, db: &Db, now: i64) -> AppResult<Report> {
        let mut report = Report::default();
        for _ in 0..MAX_BATCHES {
            let rows = outbox::claim(db, &self.worker, now, BATCH, self.lease_ms).await?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let outcome = if row.attempts > self.max_attempts {
                    // Leased this many times without an answer: a send that keeps killing
                    // its worker must not be tried for ever.
                    Outcome::GiveUp("多次发送中断，已放弃".into())
                } else {
                    self.attempt(db, &row).await
                };
                match outbox::finish(db, &self.worker, &row, outcome, now, self.max_attempts)
                    .await?
                {
                    Some(state::SENT) => report.sent += 1,
                    Some(state::PENDING) => report.retrying += 1,
                    Some(state::DEAD) => report.dead += 1,
                    Some(state::SKIPPED) => report.skipped += 1,
                    _ => {}
                }
            }
        }
        Ok(report)
    }

    fn url(&self, link: Option<&str>) -> Option<String> {
        link.map(|l| format!("{}{l}", self.public_url))
    }

    async fn attempt(&self, db: &Db, row: &notify_outbox::Model) -> Outcome {
        if row.channel == EMAIL {
            let Some(mailer) = &self.mailer else {
                return Outcome::Skip(self.mail_error.clone().unwrap_or_default());
            };
            let text = email::text(
                &row.to_name,
                &row.body,
                self.url(row.link.as_deref()).as_deref(),
            );
            return match mailer
                .send(&row.to_name, &row.recipient, &row.subject, &text)
                .await
            {
                Ok(()) => Outcome::Sent,
                Err(MailError::Transient(e)) => Outcome::Retry(e),
                Err(MailError::Permanent(e)) => Outcome::GiveUp(e),
            };
        }
        let robot = match row.robot_id {
            Some(id) => notify_robot::Entity::find_by_id(id).one(db.conn()).await,
            None => Ok(None),
        };
        let robot = match robot {
            Ok(Some(r)) => r,
            Ok(None) => return Outcome::GiveUp("群机器人已被删除".into()),
            Err(e) => return Outcome::Retry(format!("读取群机器人失败：{e}")),
        };
        if !robot.enabled {
            return Outcome::Skip("群机器人已停用".into());
        }
        let Some(kind) = RobotKind::from_code(&robot.kind) else {
            return Outcome::GiveUp(format!("未知的机器人类型「{}」", robot.kind));
        };
        let mut text = format!("【三办】{}\n{}：{}", row.subject, row.to_name, row.body);
        if let Some(url) = self.url(row.link.as_deref()) {
            text.push_str(&format!("\n{url}"));
        }
        let body = webhook::message(kind, &text, row.mention.as_deref());
        // 钉钉 accepts a signature only within an hour of its own clock: sign with the real
        // time, not the time the run was asked to act at.
        let url = match webhook::signed_url(
            &robot.webhook_url,
            kind,
            robot.secret.as_deref(),
            now_ms(),
        ) {
            Ok(u) => u,
            Err(e) => return Outcome::GiveUp(e),
        };
        let http = match &self.http {
            Ok(c) => c,
            Err(e) => return Outcome::Retry(e.clone()),
        };
        match webhook::post(http, url, &body).await {
            Ok(()) => Outcome::Sent,
            Err(e) => Outcome::Retry(e),
        }
    }
}
