//! Years and months as an office counts them: boundaries at midnight Beijing time, while
//! stored instants are UTC.

use chrono::{Datelike, NaiveDate};

use crate::{
    error::{AppError, AppResult},
    web::format,
};

/// A year, or one month of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub year: i32,
    pub month: Option<u32>,
}

pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

impl Period {
    pub fn new(year: i32, month: Option<u32>) -> AppResult<Self> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(AppError::bad(format!(
                "年份须在 {FIRST_YEAR} 至 {LAST_YEAR} 之间"
            )));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(AppError::bad("月份须在 1 至 12 之间"));
        }
        Ok(Self { year, month })
    }

    /// `[start, end)` in epoch milliseconds.
    pub fn bounds(self) -> (i64, i64) {
        match self.month {
            None => (month_start(self.year, 1), month_start(self.year + 1, 1)),
            Some(12) => (month_start(self.year, 12), month_start(self.year + 1, 1)),
            Some(m) => (month_start(self.year, m), month_start(self.year, m + 1)),
        }
    }

    pub fn label(self) -> String {
        match self.month {
            None => format!("{}年", self.year),
            Some(m) => format!("{}年{}月", self.year, m),
        }
    }
}

/// 00:00 Beijing time on the first day of a month.
pub fn month_start(year: i32, month: u32) -> i64 {
    format::day_start_ms(NaiveDate::from_ymd_opt(year, month, 1).expect("valid month"))
}

pub fn current_year() -> i32 {
    format::today().year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_starts_at_midnight_in_beijing() {
        let (start, end) = Period::new(2026, None).unwrap().bounds();
        // 2025-12-31T16:00:00Z
        assert_eq!(start, 1_767_196_800_000);
        // 2026-12-31T16:00:00Z
        assert_eq!(end, 1_798_732_800_000);
        let (dec, next) = Period::new(2026, Some(12)).unwrap().bounds();
        assert_eq!(next, end);
        assert_eq!(dec, month_start(2026, 12));
        let (feb, mar) = Period::new(2024, Some(2)).unwrap().bounds();
        assert_eq!(mar - feb, 29 * 86_400_000, "2024 is a leap year");
    }

    #[test]
    fn out_of_range_is_refused() {
        assert!(Period::new(1999, None).is_err());
        assert!(Period::new(2026, Some(13)).is_err());
        assert!(Period::new(2026, Some(0)).is_err());
        assert_eq!(Period::new(2026, Some(3)).unwrap().label(), "2026年3月");
    }
}
