//! Page forms read by hand: repeated names (a list of 参会人员) and empty optional numbers
//! are ordinary in a browser's form but not in `serde_urlencoded`.

use sanban_platform::{AppError, AppResult};

pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of a field, or empty.
    pub fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of a repeated field, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.one(name).as_str(), "on" | "true" | "1" | "yes")
    }

    /// An optional id: empty means none.
    pub fn id(&self, name: &str, label: &str) -> AppResult<Option<i64>> {
        let v = self.one(name);
        if v.trim().is_empty() {
            return Ok(None);
        }
        v.trim()
            .parse()
            .map(Some)
            .map_err(|_| AppError::bad(format!("{label}选择有误")))
    }

    /// Every value of a repeated field, and comma-separated ones, as ids.
    pub fn ids(&self, name: &str, label: &str) -> AppResult<Vec<i64>> {
        let mut out = Vec::new();
        for (_, v) in self.0.iter().filter(|(k, _)| k == name) {
            for part in v.split([',', '，', ' ']).filter(|p| !p.trim().is_empty()) {
                out.push(
                    part.trim()
                        .parse()
                        .map_err(|_| AppError::bad(format!("{label}选择有误")))?,
                );
            }
        }
        Ok(out)
    }
}
