//! E-mail through the configured SMTP server (lettre, rustls).

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{
        Body, Mailbox, SinglePart,
        header::{ContentTransferEncoding, ContentType},
    },
    transport::smtp::authentication::Credentials,
};

use crate::config::SmtpConfig;

/// `三办 <oa@example.gov.cn>` or a bare address.
pub fn parse_mailbox(text: &str) -> Option<Mailbox> {
    text.trim().parse().ok()
}

/// Why one message could not be handed over.
#[derive(Debug)]
pub enum MailError {
    /// Worth trying again later (server away, 4xx).
    Transient(String),
    /// Trying again will not help (bad address, 5xx).
    Permanent(String),
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(cfg: &SmtpConfig, timeout: Duration) -> Result<Self, String> {
        let from = parse_mailbox(&cfg.from)
            .ok_or_else(|| format!("smtp.from「{}」不是有效的发件地址", cfg.from))?;
        let host = cfg.host.trim();
        let builder = match cfg.tls.as_str() {
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
            "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
            _ => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                host,
            )),
        }
        .map_err(|e| format!("邮件服务器「{host}」配置有误：{e}"))?;
        let mut builder = builder.port(cfg.effective_port()).timeout(Some(timeout));
        if !cfg.username.is_empty() {
            builder =
                builder.credentials(Credentials::new(cfg.username.clone(), cfg.password.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }

    pub async fn send(
        &self,
        to_name: &str,
        to_address: &str,
        subject: &str,
        text: &str,
    ) -> Result<(), MailError> {
        let to = to_address
            .parse::<lettre::Address>()
            .map_err(|e| MailError::Permanent(format!("收件地址「{to_address}」无效：{e}")))?;
        let message = compose(
            self.from.clone(),
            Mailbox::new(Some(to_name.to_string()), to),
            subject,
            text,
        )
        .map_err(MailError::Permanent)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(MailError::Permanent(format!("邮件服务器拒收：{e}"))),
            Err(e) => Err(MailError::Transient(format!("邮件发送失败：{e}"))),
        }
    }
}

/// A plain-text message; base64 keeps Chinese intact through any relay.
fn compose(from: Mailbox, to: Mailbox, subject: &str, text: &str) -> Result<Message, String> {
    let body = Body::new_with_encoding(text.to_string(), ContentTransferEncoding::Base64)
        .map_err(|_| "邮件正文无法编码".to_string())?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(body),
        )
        .map_err(|e| format!("邮件无法生成：{e}"))
}

/// The text of a notice as an e-mail.
pub fn text(to_name: &str, body: &str, url: Option<&str>) -> String {
    let mut out = format!("{to_name}：\n\n{body}\n");
    if let Some(url) = url {
        out.push_str(&format!("\n查看详情：{url}\n"));
    }
    out.push_str("\n——\n此邮件由三办系统自动发送，请勿直接回复。\n");
    out
}
