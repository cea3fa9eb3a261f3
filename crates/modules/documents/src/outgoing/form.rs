//! Reading urlencoded forms with repeated fields (checkbox lists) into the 稿纸 input.

use sanban_platform::{AppError, AppResult};

use super::draft::DraftInput;

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

    pub fn ids(&self, name: &str) -> AppResult<Vec<i64>> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| AppError::bad("选择的对象无效"))
            })
            .collect()
    }

    pub fn int(&self, name: &str, what: &str) -> AppResult<i64> {
        self.get(name)
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::bad(format!("{what}无效")))
    }

    pub fn draft(&self) -> AppResult<DraftInput> {
        Ok(DraftInput {
            kind: self.get("kind"),
            title: self.get("title"),
            main_to: self.get("main_to"),
            copy_to: self.get("copy_to"),
            classification: self.get("classification"),
            urgency: self.get("urgency"),
            direction: self.get("direction"),
            publicity: self.get("publicity"),
            important: !self.get("important").is_empty(),
            body: self.get("body"),
            countersign_departments: self.ids("countersign")?,
        })
    }
}
