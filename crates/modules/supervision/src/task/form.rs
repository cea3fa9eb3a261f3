//! Form fields as a browser sends them, repeated names kept (the 配合部门 list).

use sanban_platform::{AppError, AppResult};

pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn parse(body: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn ids(&self, name: &str, what: &str) -> AppResult<Vec<i64>> {
        self.all(name)
            .iter()
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                v.trim()
                    .parse()
                    .map_err(|_| AppError::bad(format!("{what}的取值无效")))
            })
            .collect()
    }

    /// An id the form must carry; a clear message when it is missing.
    pub fn id(&self, name: &str, what: &str) -> AppResult<i64> {
        self.get(name)
            .trim()
            .parse()
            .map_err(|_| AppError::bad(format!("请选择{what}")))
    }

    pub fn opt_id(&self, name: &str, what: &str) -> AppResult<Option<i64>> {
        let v = self.get(name);
        if v.trim().is_empty() {
            return Ok(None);
        }
        v.trim()
            .parse()
            .map(Some)
            .map_err(|_| AppError::bad(format!("{what}的取值无效")))
    }
}
