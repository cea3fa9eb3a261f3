//! 会议室.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct RoomInput {
    /// e.g. 三楼第一会议室
    pub name: String,
    /// 容纳人数
    pub capacity: i64,
    /// 设备, e.g. 投影、视频会议终端、扩音
    #[serde(default)]
    pub equipment: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
    pub equipment: String,
}

/// One booking of a room, as the week calendar shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Booking {
    pub meeting_id: i64,
    pub title: String,
    pub kind: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// 09:00—11:30
    pub time_text: String,
}
