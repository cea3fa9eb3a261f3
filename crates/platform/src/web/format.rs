//! How dates and times are shown to people: 2022年1月5日, in China Standard Time.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// The most a badge in the navigation counts; from there on it shows "99+".
pub const BADGE_CAP: u64 = 100;

/// A count as a badge shows it: nothing for none, the number, or "99+" from [`BADGE_CAP`] on.
pub fn badge(n: u64) -> Option<String> {
    match n {
        0 => None,
        n if n >= BADGE_CAP => Some(format!("{}+", BADGE_CAP - 1)),
        n => Some(n.to_string()),
    }
}

fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

pub fn date_cn(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&china()).date_naive()
}

/// 2022年1月5日 14:03 for an instant stored as epoch milliseconds.
pub fn datetime_cn(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&china())
                .format("%Y年%-m月%-d日 %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// The epoch milliseconds at 00:00 China time of a date.
pub fn day_start_ms(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(china()).single())
        .map(|t| t.timestamp_millis())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates() {
        assert_eq!(
            date_cn(NaiveDate::from_ymd_opt(2022, 1, 5).unwrap()),
            "2022年1月5日"
        );
        // 2022-01-04T16:30Z is 00:30 on the 5th in Beijing.
        assert_eq!(datetime_cn(1_641_313_800_000), "2022年1月5日 00:30");
        assert_eq!(
            day_start_ms(NaiveDate::from_ymd_opt(2022, 1, 5).unwrap()),
            1_641_312_000_000
        );
    }
}
