//! A meeting as it is entered and as it is shown.

use serde::{Deserialize, Serialize};

use super::state::State;

/// What the office fills in for a meeting.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct MeetingInput {
    /// 会议类型, e.g. 党委会, 总经理办公会 (总办会), 专题会.
    pub kind: String,
    /// 会议名称
    pub title: String,
    /// `2026-01-05T09:00`, China time.
    pub starts_at: String,
    pub ends_at: String,
    /// 会议室: booked for the whole time; none for a meeting held elsewhere.
    #[serde(default)]
    pub room_id: Option<i64>,
    /// 地点, when not in one of the rooms.
    #[serde(default)]
    pub place: String,
    /// 主持人
    #[serde(default)]
    pub host_id: Option<i64>,
    /// 参会人员 who attend with a vote (出席).
    #[serde(default)]
    pub attendee_ids: Vec<i64>,
    /// 列席人员: they sit in without a vote.
    #[serde(default)]
    pub sit_in_ids: Vec<i64>,
    /// 列入上级统计范围
    #[serde(default)]
    pub in_stats: bool,
    /// 会议经费, in 元, e.g. `1200.50`.
    #[serde(default)]
    pub budget: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Attendee {
    pub user_id: i64,
    pub name: String,
    /// 签到 time, epoch ms.
    pub checked_in_at: Option<i64>,
    pub checked_in_text: String,
    /// Arrived after the start: 迟到.
    pub late: bool,
    /// 列席 (sits in without a vote); otherwise 出席.
    pub sits_in: bool,
    /// 出席 or 列席
    pub role_label: &'static str,
}

impl Attendee {
    pub fn label_of(sits_in: bool) -> &'static str {
        if sits_in { "列席" } else { "出席" }
    }
}

/// How many attend and sit in, and how many of each have signed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Turnout {
    pub attend: usize,
    pub attend_signed: usize,
    pub sit_in: usize,
    pub sit_in_signed: usize,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Meeting {
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// Epoch ms, UTC.
    pub starts_at: i64,
    pub ends_at: i64,
    /// 2026年1月5日 09:00—11:30
    pub time_text: String,
    pub room_id: Option<i64>,
    pub room_name: String,
    pub place: String,
    pub host_id: Option<i64>,
    pub host_name: String,
    pub in_stats: bool,
    pub budget_cents: i64,
    /// 1200.50
    pub budget_text: String,
    pub state: State,
    pub state_label: &'static str,
    /// 会议记录
    pub record: String,
    /// 纪要 text (besides the 决定事项).
    pub minutes: String,
    pub attendees: Vec<Attendee>,
    pub created_by_name: String,
}

impl Meeting {
    /// Where it is held: the room, or the place typed in.
    pub fn venue(&self) -> &str {
        if self.room_name.is_empty() {
            &self.place
        } else {
            &self.room_name
        }
    }

    pub fn starts_input(&self) -> String {
        crate::time::input(self.starts_at)
    }

    pub fn ends_input(&self) -> String {
        crate::time::input(self.ends_at)
    }

    pub fn date_text(&self) -> String {
        crate::time::date_cn(self.starts_at)
    }

    pub fn turnout(&self) -> Turnout {
        let mut t = Turnout::default();
        for a in &self.attendees {
            let signed = usize::from(a.checked_in_at.is_some());
            if a.sits_in {
                t.sit_in += 1;
                t.sit_in_signed += signed;
            } else {
                t.attend += 1;
                t.attend_signed += signed;
            }
        }
        t
    }

    /// 出席 8 人、列席 2 人, or 8 人 when no one sits in.
    pub fn attendees_text(&self) -> String {
        let t = self.turnout();
        if t.sit_in == 0 {
            format!("{}人", t.attend)
        } else {
            format!("出席{}人、列席{}人", t.attend, t.sit_in)
        }
    }
}

/// 元 with two decimals from 分.
pub fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

/// `1200`, `1200.5`, `1,200.50` → 分.
pub fn parse_yuan(v: &str) -> sanban_platform::AppResult<i64> {
    let v: String = v
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    if v.is_empty() {
        return Ok(0);
    }
    let bad = || sanban_platform::AppError::bad("会议经费应为不小于 0 的金额（元），如 1200.50");
    let (whole, frac) = v.split_once('.').unwrap_or((&v, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) || whole.len() > 12 {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(whole * 100 + frac)
}
