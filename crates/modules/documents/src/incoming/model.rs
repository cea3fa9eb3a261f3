//! What a 收文 is: the registration data, and the few closed sets (channel, source class,
//! status, 文种, 密级, 紧急程度) as types that cannot hold anything else.

use sea_orm::FromQueryResult;
use serde::{Deserialize, Serialize};

use sanban_platform::{AppError, AppResult};

/// Each set has its own name in the OpenAPI document (`Status as IncomingStatus`): there, one
/// module's type would silently take the place of another's of the same name.
macro_rules! closed_set {
    ($(#[$m:meta])* $name:ident as $schema:ident {
        $($v:ident = $code:literal, $label:literal;)+
    }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        #[schema(as = $schema)]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(self) -> &'static str { match self { $($name::$v => $code),+ } }
            pub fn label(self) -> &'static str { match self { $($name::$v => $label),+ } }
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$v),)+ _ => None }
            }
        }
    };
}

closed_set!(
    /// How the paper or file reached the office.
    Channel as IncomingChannel {
        Oa = "oa", "OA电子";
        Intranet = "intranet", "内网";
        Paper = "paper", "纸质";
        Email = "email", "邮箱";
    }
);

closed_set!(
    /// Where it came from, as the 收文 statistics count it.
    SourceClass as IncomingSourceClass {
        Superior = "superior", "上级";
        Government = "government", "市委市政府（省委省政府）";
        Peer = "peer", "同级";
        Subordinate = "subordinate", "基层/下级";
    }
);

closed_set!(
    Status as IncomingStatus {
        Processing = "processing", "办理中";
        Done = "done", "已办结";
        Rejected = "rejected", "已退文";
    }
);

/// The 15 文种 of the 党政机关公文处理工作条例, plus the ones offices receive every day that
/// are not 公文 in the strict sense.
pub const KINDS: &[&str] = &[
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
    "议案", "函", "纪要", "其他",
];

/// 密级; empty for none.
pub const CLASSIFICATIONS: &[&str] = &["", "秘密", "机密", "绝密"];

/// 紧急程度; empty for none.
pub const URGENCIES: &[&str] = &["", "加急", "特急"];

/// The stored row.
#[derive(Clone, Debug, FromQueryResult)]
pub struct Row {
    pub id: i64,
    pub year: i32,
    pub seq: i64,
    pub number: String,
    pub source_unit: String,
    pub source_number: String,
    pub title: String,
    pub kind: String,
    pub classification: String,
    pub urgency: String,
    pub copies: i32,
    pub received_on: String,
    pub due_on: Option<String>,
    pub due_at: Option<i64>,
    pub channel: String,
    pub source_class: String,
    pub status: String,
    pub host_department_id: Option<i64>,
    pub co_departments: String,
    pub instruct_leaders: String,
    pub read_leaders: String,
    pub proposal: String,
    pub result: String,
    pub finished_at: Option<i64>,
    pub reject_reason: String,
    pub outgoing_id: Option<i64>,
    pub classified: bool,
    pub need_to_know: String,
    pub registered_by: i64,
    pub registered_at: i64,
}

/// A 收文 as the rest of the module and the API see it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Incoming {
    pub id: i64,
    /// 收文编号, e.g. 收〔2022〕0153.
    pub number: String,
    pub year: i32,
    pub source_unit: String,
    pub source_number: String,
    pub title: String,
    pub kind: String,
    pub classification: String,
    pub urgency: String,
    pub copies: i32,
    /// YYYY-MM-DD
    pub received_on: String,
    /// 办理时限, YYYY-MM-DD.
    pub due_on: Option<String>,
    pub channel: Channel,
    pub source_class: SourceClass,
    pub status: Status,
    pub host_department_id: Option<i64>,
    pub co_departments: Vec<i64>,
    pub instruct_leaders: Vec<i64>,
    pub read_leaders: Vec<i64>,
    /// 拟办意见
    pub proposal: String,
    /// 办理结果
    pub result: String,
    pub finished_at: Option<i64>,
    /// 退文理由
    pub reject_reason: String,
    /// The 发文 it came from by 分发.
    pub outgoing_id: Option<i64>,
    /// A paper 密件: metadata only.
    pub classified: bool,
    /// 知悉范围: the people named to see a 密件.
    pub need_to_know: Vec<i64>,
    pub registered_by: i64,
    pub registered_at: i64,
}

fn ids(s: &str) -> Vec<i64> {
    serde_json::from_str(s).unwrap_or_default()
}

pub fn ids_json(v: &[i64]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn broken(what: &str, v: &str) -> AppError {
    AppError::Internal(anyhow::anyhow!(
        "doc_incoming holds an unknown {what} {v:?}"
    ))
}

impl TryFrom<Row> for Incoming {
    type Error = AppError;

    fn try_from(r: Row) -> AppResult<Self> {
        Ok(Self {
            channel: Channel::from_code(&r.channel).ok_or_else(|| broken("channel", &r.channel))?,
            source_class: SourceClass::from_code(&r.source_class)
                .ok_or_else(|| broken("source class", &r.source_class))?,
            status: Status::from_code(&r.status).ok_or_else(|| broken("status", &r.status))?,
            co_departments: ids(&r.co_departments),
            instruct_leaders: ids(&r.instruct_leaders),
            read_leaders: ids(&r.read_leaders),
            need_to_know: ids(&r.need_to_know),
            id: r.id,
            number: r.number,
            year: r.year,
            source_unit: r.source_unit,
            source_number: r.source_number,
            title: r.title,
            kind: r.kind,
            classification: r.classification,
            urgency: r.urgency,
            copies: r.copies,
            received_on: r.received_on,
            due_on: r.due_on,
            host_department_id: r.host_department_id,
            proposal: r.proposal,
            result: r.result,
            finished_at: r.finished_at,
            reject_reason: r.reject_reason,
            outgoing_id: r.outgoing_id,
            classified: r.classified,
            registered_by: r.registered_by,
            registered_at: r.registered_at,
        })
    }
}

impl Incoming {
    pub fn record_id(&self) -> String {
        record_id(self.id)
    }

    /// 收文日期 as 2022年1月5日.
    pub fn received_text(&self) -> String {
        date_text(&self.received_on)
    }

    /// 办理时限 as 2022年1月5日, or 无.
    pub fn due_text(&self) -> String {
        self.due_on
            .as_deref()
            .map(date_text)
            .unwrap_or_else(|| "无".into())
    }
}

fn date_text(s: &str) -> String {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(sanban_platform::web::format::date_cn)
        .unwrap_or_else(|_| s.to_string())
}

/// How a 收文's workflow instance names it: `incoming:17`.
pub const RECORD_PREFIX: &str = "incoming:";

pub fn record_id(id: i64) -> String {
    format!("{RECORD_PREFIX}{id}")
}

/// 收〔2022〕0153
pub fn number(year: i32, seq: i64) -> String {
    format!("收〔{year}〕{seq:04}")
}

/// What the 收发员 (or an outside system) types in.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct RegisterInput {
    pub source_unit: String,
    #[serde(default)]
    pub source_number: String,
    pub title: String,
    pub kind: String,
    #[serde(default)]
    pub classification: String,
    #[serde(default)]
    pub urgency: String,
    #[serde(default = "one")]
    pub copies: i32,
    /// YYYY-MM-DD; today when empty.
    #[serde(default)]
    pub received_on: String,
    /// 办理时限, YYYY-MM-DD.
    #[serde(default)]
    pub due_on: String,
    pub channel: Channel,
    pub source_class: SourceClass,
    /// Register as a paper 密件 (needs a 密级).
    #[serde(default)]
    pub classified: bool,
    /// 知悉范围: user ids.
    #[serde(default)]
    pub need_to_know: Vec<i64>,
    /// Register even though the same 来文单位 + 来文字号 exists.
    #[serde(default)]
    pub confirm_duplicate: bool,
}

fn one() -> i32 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded_per_year() {
        assert_eq!(number(2022, 153), "收〔2022〕0153");
        assert_eq!(number(2023, 1), "收〔2023〕0001");
    }

    #[test]
    fn closed_sets_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(*c));
        }
        assert_eq!(SourceClass::Superior.label(), "上级");
        assert_eq!(Channel::from_code("fax"), None);
    }
}
