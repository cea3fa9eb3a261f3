//! A 复盘 as the office enters it and as it is shown.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = MeetingReviewInput)]
pub struct ReviewInput {
    /// 经验做法: what went well.
    #[serde(default)]
    pub went_well: String,
    /// 存在问题
    #[serde(default)]
    pub problems: String,
    /// 改进措施
    #[serde(default)]
    pub improvements: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = MeetingReview)]
pub struct Review {
    pub meeting_id: i64,
    pub went_well: String,
    pub problems: String,
    pub improvements: String,
    pub recorded_by_name: String,
    /// Epoch ms.
    pub recorded_at: i64,
    /// 2026年1月5日 11:30
    pub recorded_text: String,
}
