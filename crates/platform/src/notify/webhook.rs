//! 群机器人: the JSON that 企业微信 and 钉钉 group robots accept, 钉钉's 加签, and reading
//! their answers (HTTP 200 with `{"errcode": 0}`; any other errcode is a failure).

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::robots::RobotKind;

/// The message body a robot of `kind` posts into its group. `mention` holds the mobile numbers
/// to @, separated by commas.
pub fn message(kind: RobotKind, text: &str, mention: Option<&str>) -> Value {
    let mobiles: Vec<&str> = mention
        .into_iter()
        .flat_map(|m| m.split(','))
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    match kind {
        // https://developer.work.weixin.qq.com/document/path/91770
        RobotKind::Wecom => {
            let mut content = json!({ "content": text });
            if !mobiles.is_empty() {
                content["mentioned_mobile_list"] = json!(mobiles);
            }
            json!({ "msgtype": "text", "text": content })
        }
        // https://open.dingtalk.com/document/robots/custom-robot-access
        // 钉钉 highlights an @ only when the number also appears in the text.
        RobotKind::Dingtalk => {
            let mut content = text.to_string();
            if !mobiles.is_empty() {
                content.push('\n');
                content.push_str(
                    &mobiles
                        .iter()
                        .map(|m| format!("@{m}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            json!({
                "msgtype": "text",
                "text": { "content": content },
                "at": {
                    "atMobiles": mobiles,
                    "isAtAll": false
                }
            })
        }
    }
}

/// 钉钉 加签: base64(HMAC-SHA256(key = secret, "timestamp\nsecret")).
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The address to post to: 钉钉 with a secret gets `timestamp` and `sign` appended.
pub fn signed_url(
    webhook_url: &str,
    kind: RobotKind,
    secret: Option<&str>,
    timestamp_ms: i64,
) -> Result<reqwest::Url, String> {
    let mut url = reqwest::Url::parse(webhook_url).map_err(|e| format!("机器人地址无效：{e}"))?;
    if let (RobotKind::Dingtalk, Some(secret)) = (kind, secret.filter(|s| !s.is_empty())) {
        url.query_pairs_mut()
            .append_pair("timestamp", &timestamp_ms.to_string())
            .append_pair("sign", &dingtalk_sign(secret, timestamp_ms));
    }
    Ok(url)
}

/// Posts one message; `Err` carries what to show on the outbox page.
pub async fn post(client: &reqwest::Client, url: reqwest::Url, body: &Value) -> Result<(), String> {
    let res = client.post(url).json(body).send().await.map_err(|e| {
        if e.is_timeout() {
            "机器人地址应答超时".to_string()
        } else {
            format!("无法连接机器人地址：{e}")
        }
    })?;
    let status = res.status();
    let text = res
        .text()
        .await
        .map_err(|e| format!("读取机器人应答失败：{e}"))?;
    if !status.is_success() {
        return Err(format!("机器人地址返回 HTTP {status}：{}", clip(&text)));
    }
    let answer: Value =
        serde_json::from_str(&text).map_err(|_| format!("机器人应答无法识别：{}", clip(&text)))?;
    match answer.get("errcode").and_then(Value::as_i64) {
        Some(0) => Ok(()),
        Some(code) => Err(format!(
            "机器人拒收（errcode {code}）：{}",
            answer.get("errmsg").and_then(Value::as_str).unwrap_or("")
        )),
        None => Err(format!("机器人应答缺少 errcode：{}", clip(&text))),
    }
}

fn clip(s: &str) -> String {
    s.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dingtalk_signature_matches_the_documented_algorithm() {
        // Computed independently: printf '1700000000000\nSECabc' | openssl dgst -sha256
        // -hmac SECabc -binary | base64
        assert_eq!(
            dingtalk_sign("SECabc", 1_700_000_000_000),
            "jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM="
        );
        let url = signed_url(
            "https://oapi.dingtalk.com/robot/send?access_token=t0k",
            RobotKind::Dingtalk,
            Some("SECabc"),
            1_700_000_000_000,
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://oapi.dingtalk.com/robot/send?access_token=t0k&timestamp=1700000000000\
             &sign=jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM%3D"
        );
    }

    #[test]
    fn message_shapes() {
        let w = message(RobotKind::Wecom, "催办", Some("13800000000"));
        assert_eq!(w["msgtype"], "text");
        assert_eq!(w["text"]["mentioned_mobile_list"][0], "13800000000");
        let d = message(RobotKind::Dingtalk, "催办", None);
        assert_eq!(d["at"]["isAtAll"], false);
        assert_eq!(d["text"]["content"], "催办");
    }
}
