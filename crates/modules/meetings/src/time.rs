//! Times as people type and read them: China Standard Time, whatever the server's zone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use sanban_platform::{AppError, AppResult};

/// Half an hour: a room is booked in such slots.
pub const SLOT_MS: i64 = 30 * 60 * 1000;

pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// `2026-01-05T09:00` (as a `datetime-local` field sends it) in China time → epoch ms.
pub fn parse_at(field: &str, v: &str) -> AppResult<i64> {
    let v = v.trim();
    if v.is_empty() {
        return Err(AppError::bad(format!("请填写{field}")));
    }
    let t = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .map_err(|_| AppError::bad(format!("{field}格式不正确，应如 2026-01-05T09:00")))?;
    t.and_local_timezone(china())
        .single()
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| AppError::bad(format!("{field}不存在")))
}

/// `2026-01-05` in China time → the epoch ms of the day's end (23:59:59.999), for 时限.
pub fn parse_day_end(field: &str, v: &str) -> AppResult<i64> {
    let d = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::bad(format!("{field}格式不正确，应如 2026-01-05")))?;
    let next = d
        .succ_opt()
        .ok_or_else(|| AppError::bad(format!("{field}不正确")))?;
    Ok(sanban_platform::web::format::day_start_ms(next) - 1)
}

fn local(ms: i64) -> Option<DateTime<FixedOffset>> {
    DateTime::<Utc>::from_timestamp_millis(ms).map(|t| t.with_timezone(&china()))
}

/// For a form field: `2026-01-05T09:00`.
pub fn input(ms: i64) -> String {
    local(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// 2026年1月5日
pub fn date_cn(ms: i64) -> String {
    local(ms)
        .map(|t| t.format("%Y年%-m月%-d日").to_string())
        .unwrap_or_default()
}

/// 09:00
pub fn clock(ms: i64) -> String {
    local(ms)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

/// 2026年1月5日 09:00—11:30, or with both dates when it runs past midnight.
pub fn span_cn(starts: i64, ends: i64) -> String {
    if date_cn(starts) == date_cn(ends) {
        format!("{} {}—{}", date_cn(starts), clock(starts), clock(ends))
    } else {
        format!(
            "{}—{}",
            sanban_platform::web::format::datetime_cn(starts),
            sanban_platform::web::format::datetime_cn(ends)
        )
    }
}

/// Epoch ms of the first of a month (1–12) at 00:00 China time; month 13 is next January.
pub fn month_start(year: i32, month: u32) -> AppResult<i64> {
    let (y, m) = if month == 13 {
        (year + 1, 1)
    } else {
        (year, month)
    };
    let d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(|| AppError::bad("月份无效"))?;
    Ok(sanban_platform::web::format::day_start_ms(d))
}

/// Epoch ms of 1 January 00:00 China time.
pub fn year_start(year: i32) -> AppResult<i64> {
    let d = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::bad("年份无效"))?;
    Ok(sanban_platform::web::format::day_start_ms(d))
}
