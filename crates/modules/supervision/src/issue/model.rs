//! 督办通知书 and 月度督办通报: drafted from the records, edited, then issued with a number.

use sanban_platform::{AppError, AppResult, web::format::datetime_cn};
use sea_orm::QueryResult;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = IssueKind)]
pub enum Kind {
    /// 督办通知书, for one task.
    Notice,
    /// 月度督办通报, for a month.
    Bulletin,
    /// 督办周报 (周督办), for an ISO week and optionally one 专项.
    Weekly,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Notice => "notice",
            Self::Bulletin => "bulletin",
            Self::Weekly => "weekly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Notice => "督办通知书",
            Self::Bulletin => "月度督办通报",
            Self::Weekly => "督办周报",
        }
    }

    /// The 代字 of its number: 督通〔2026〕3号, 督报〔2026〕3号, 督周〔2026〕3号.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Notice => "督通",
            Self::Bulletin => "督报",
            Self::Weekly => "督周",
        }
    }

    /// The gap-free per-year counter it is numbered from.
    pub fn sequence(self) -> &'static str {
        match self {
            Self::Notice => "supervision.notice",
            Self::Bulletin => "supervision.bulletin",
            Self::Weekly => "supervision.weekly",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "notice" => Some(Self::Notice),
            "bulletin" => Some(Self::Bulletin),
            "weekly" => Some(Self::Weekly),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = SupervisionIssue)]
pub struct Issue {
    pub id: i64,
    pub kind: Kind,
    pub kind_label: &'static str,
    pub task_id: Option<i64>,
    /// `2026-03` for a 通报.
    pub month: Option<String>,
    /// `2026-W12` for a 周报.
    pub week: Option<String>,
    /// The 专项 (task source code) a 周报 is limited to, if any.
    pub special: Option<String>,
    pub title: String,
    pub body: String,
    /// `draft` or `issued`.
    pub state: String,
    pub issued: bool,
    /// 督通〔2026〕3号, once issued.
    pub number_text: Option<String>,
    pub issued_by_name: Option<String>,
    pub issued_at_text: String,
    pub recipients: Vec<String>,
}

pub const COLUMNS: &str = "id, kind, task_id, month, week, special, title, body, state, number_text, \
     issued_by_name, issued_at";

pub fn row(r: &QueryResult) -> AppResult<Issue> {
    let kind = Kind::parse(&r.try_get::<String>("", "kind")?)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown issue kind")))?;
    let state: String = r.try_get("", "state")?;
    let issued_at: Option<i64> = r.try_get("", "issued_at")?;
    Ok(Issue {
        id: r.try_get("", "id")?,
        kind,
        kind_label: kind.label(),
        task_id: r.try_get("", "task_id")?,
        month: r.try_get("", "month")?,
        week: r.try_get("", "week")?,
        special: r.try_get("", "special")?,
        title: r.try_get("", "title")?,
        body: r.try_get("", "body")?,
        issued: state == "issued",
        state,
        number_text: r.try_get("", "number_text")?,
        issued_by_name: r.try_get("", "issued_by_name")?,
        issued_at_text: issued_at.map(datetime_cn).unwrap_or_default(),
        recipients: Vec::new(),
    })
}
