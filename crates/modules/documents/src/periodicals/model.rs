//! What a 刊物 issue is made of, as pages and the API show it.

use serde::Serialize;

/// Where an issue stands: edited (草稿, 已退回), under review (待审核), approved (已审核),
/// out (已印发), or given up (已作废).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = PeriodicalStatus)]
pub enum Status {
    Draft,
    Submitted,
    Returned,
    Approved,
    Issued,
    Abandoned,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Approved => "approved",
            Self::Issued => "issued",
            Self::Abandoned => "abandoned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::Submitted => "待审核",
            Self::Returned => "已退回",
            Self::Approved => "已审核待印发",
            Self::Issued => "已印发",
            Self::Abandoned => "已作废",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "submitted" => Self::Submitted,
            "returned" => Self::Returned,
            "approved" => Self::Approved,
            "issued" => Self::Issued,
            "abandoned" => Self::Abandoned,
            _ => Self::Draft,
        }
    }

    /// Articles, lines and the list are changed only before review.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }
}

/// A 刊物 title.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Periodical {
    pub id: i64,
    pub name: String,
    /// 编印单位.
    pub unit: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Article {
    pub id: i64,
    pub position: i32,
    pub title: String,
    pub author: String,
    pub department: String,
    pub body: String,
}

/// One entry of the 分发 list: a department or a person.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Recipient {
    pub department_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = PeriodicalIssue)]
pub struct Issue {
    pub id: i64,
    pub periodical_id: i64,
    pub periodical_name: String,
    pub unit: String,
    pub year: i32,
    /// 期号 within the year; none until issued.
    pub number: Option<i64>,
    /// 总第N期; none until issued.
    pub total: Option<i64>,
    pub status: Status,
    pub status_label: &'static str,
    pub return_reason: Option<String>,
    /// 报 line.
    pub report_to: String,
    /// 送 line.
    pub send_to: String,
    /// 发 line.
    pub distribute_to: String,
    /// `2022-01-05` once issued.
    pub issue_date: Option<String>,
    /// 2022年1月5日 once issued.
    pub issue_date_text: String,
    /// e.g. 「工作通报 2022年第1期（总第5期）」.
    pub label: String,
    pub articles: Vec<Article>,
    pub recipients: Vec<Recipient>,
}

impl Issue {
    /// 2022年第1期（总第5期）, or 待印发 before a number is taken.
    pub fn number_text(&self) -> String {
        match (self.number, self.total) {
            (Some(n), Some(t)) => format!("{}年第{n}期（总第{t}期）", self.year),
            (Some(n), None) => format!("{}年第{n}期", self.year),
            _ => "期号待印发时编定".to_string(),
        }
    }
}
