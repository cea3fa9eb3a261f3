//! Field rules shared by forms, the API and sheet import, each failing with a Chinese sentence.

use chrono::NaiveDate;

use crate::error::{AppError, AppResult};

pub fn name(field: &str, value: &str, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::bad(format!("{field}不能为空")));
    }
    if v.chars().count() > max {
        return Err(AppError::bad(format!("{field}不能超过 {max} 个字")));
    }
    if v.chars().any(char::is_control) {
        return Err(AppError::bad(format!("{field}含有不可见的控制字符")));
    }
    Ok(v.to_string())
}

pub fn username(value: &str) -> AppResult<String> {
    let v = value.trim().to_lowercase();
    let ok_len = (2..=32).contains(&v.len());
    let ok_chars = v
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    let starts = v.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if !(ok_len && ok_chars && starts) {
        return Err(AppError::bad(
            "登录名须为 2–32 位小写字母、数字或 . _ -，并以字母开头（如 zhangwei）",
        ));
    }
    Ok(v)
}

pub fn phone(value: &str) -> AppResult<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if !(7..=20).contains(&digits)
        || !v
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return Err(AppError::bad(format!(
            "电话号码「{v}」格式不正确，只能包含数字和 -"
        )));
    }
    Ok(Some(v.to_string()))
}

pub fn email(value: &str) -> AppResult<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let valid = v.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    }) && !v.contains(char::is_whitespace);
    if !valid {
        return Err(AppError::bad(format!("电子邮箱「{v}」格式不正确")));
    }
    Ok(Some(v.to_string()))
}

/// Accepts 2022-01-05, 2022/1/5 and 2022年1月5日.
pub fn date(field: &str, value: &str) -> AppResult<NaiveDate> {
    let v = value.trim();
    let normalised: String = v
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    NaiveDate::parse_from_str(&normalised, "%Y-%m-%d").map_err(|_| {
        AppError::bad(format!(
            "{field}「{v}」不是有效日期，请写成 2022-01-05 或 2022年1月5日"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_three_spellings() {
        let d = NaiveDate::from_ymd_opt(2022, 1, 5).unwrap();
        assert_eq!(date("开始日期", "2022-01-05").unwrap(), d);
        assert_eq!(date("开始日期", "2022/1/5").unwrap(), d);
        assert_eq!(date("开始日期", "2022年1月5日").unwrap(), d);
        assert!(
            date("开始日期", "2022年2月30日")
                .unwrap_err()
                .to_string()
                .contains("不是有效日期")
        );
    }

    #[test]
    fn usernames() {
        assert_eq!(username(" ZhangWei ").unwrap(), "zhangwei");
        assert!(username("张伟").is_err());
        assert!(username("1abc").is_err());
        assert!(username("a").is_err());
    }

    #[test]
    fn phones_and_emails() {
        assert_eq!(
            phone("0551-62601234").unwrap().as_deref(),
            Some("0551-62601234")
        );
        assert!(phone("12ab").is_err());
        assert_eq!(phone("").unwrap(), None);
        assert!(email("a@b.cn").unwrap().is_some());
        assert!(email("a@b").is_err());
        assert!(email("a b@c.cn").is_err());
    }

    #[test]
    fn names() {
        assert_eq!(name("部门名称", "  办公室 ", 40).unwrap(), "办公室");
        assert!(name("部门名称", "   ", 40).is_err());
        assert!(name("部门名称", &"长".repeat(41), 40).is_err());
    }
}
