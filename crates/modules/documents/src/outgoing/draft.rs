//! The 稿纸's fields, their validation, and the draft text the 规范 checker reads.

use sanban_gongwen::{Finding, check_text};
use sanban_platform::{AppError, AppResult};
use serde::{Deserialize, Serialize};

pub const DIRECTIONS: [&str; 3] = ["上行文", "下行文", "平行文"];
pub const PUBLICITY: [&str; 3] = ["主动公开", "依申请公开", "不予公开"];
pub const KINDS: [&str; 15] = [
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
    "议案", "函", "纪要",
];
pub const URGENCIES: [&str; 3] = ["", "特急", "加急"];
pub const CLASSIFICATIONS: [&str; 4] = ["", "秘密", "机密", "绝密"];

/// What the drafter fills in on the 发文稿纸.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct DraftInput {
    /// 文种, e.g. 通知.
    pub kind: String,
    pub title: String,
    /// 主送
    pub main_to: String,
    /// 抄送
    #[serde(default)]
    pub copy_to: String,
    /// 密级, empty when none.
    #[serde(default)]
    pub classification: String,
    /// 紧急程度, empty when none.
    #[serde(default)]
    pub urgency: String,
    /// 上行文, 下行文 or 平行文.
    pub direction: String,
    /// 主动公开, 依申请公开 or 不予公开.
    pub publicity: String,
    /// Important: signed by the 主要领导.
    #[serde(default)]
    pub important: bool,
    /// 正文, one paragraph a line.
    pub body: String,
    /// Departments that must 会签.
    #[serde(default)]
    pub countersign_departments: Vec<i64>,
}

fn one_of(what: &str, v: &str, allowed: &[&str]) -> AppResult<String> {
    let v = v.trim();
    if allowed.contains(&v) {
        Ok(v.to_string())
    } else {
        Err(AppError::bad(format!(
            "{what}须为以下之一：{}",
            allowed
                .iter()
                .filter(|a| !a.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("、")
        )))
    }
}

fn text(what: &str, v: &str, max: usize, required: bool) -> AppResult<String> {
    let v = v.trim();
    if required && v.is_empty() {
        return Err(AppError::bad(format!("请填写{what}")));
    }
    if v.chars().count() > max {
        return Err(AppError::bad(format!("{what}不能超过 {max} 个字")));
    }
    Ok(v.to_string())
}

impl DraftInput {
    /// The input with every field checked and trimmed.
    pub fn validated(&self) -> AppResult<DraftInput> {
        let mut d = DraftInput {
            kind: one_of("文种", &self.kind, &KINDS)?,
            title: text("标题", &self.title, 200, true)?,
            main_to: text("主送", &self.main_to, 500, true)?,
            copy_to: text("抄送", &self.copy_to, 500, false)?,
            classification: one_of("密级", &self.classification, &CLASSIFICATIONS)?,
            urgency: one_of("紧急程度", &self.urgency, &URGENCIES)?,
            direction: one_of("行文方向", &self.direction, &DIRECTIONS)?,
            publicity: one_of("公开属性", &self.publicity, &PUBLICITY)?,
            important: self.important,
            body: text("正文", &self.body.replace("\r\n", "\n"), 100_000, true)?,
            countersign_departments: self.countersign_departments.clone(),
        };
        // GONGWEN.md W08: a non-classified system refuses documents carrying a 密级.
        if !d.classification.is_empty() {
            return Err(AppError::bad(
                "本系统不处理涉密公文：有密级的发文须按保密规定在涉密网络或纸质办理",
            ));
        }
        d.countersign_departments.sort_unstable();
        d.countersign_departments.dedup();
        Ok(d)
    }
}

/// The whole draft as the checker and the printed 公文 read it: 标题, 主送, 正文, 署名 and
/// 日期, then 抄送 in the 版记.
pub fn assemble(d: &DraftInput, issuer: &str, date: &str) -> String {
    let mut out = String::new();
    out.push_str(d.title.trim());
    out.push_str("\n\n");
    let main_to = d.main_to.trim().trim_end_matches(['：', ':']);
    out.push_str(main_to);
    out.push_str("：\n");
    for line in d.body.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        out.push_str("　　");
        out.push_str(l.trim_start_matches('　'));
        out.push('\n');
    }
    out.push('\n');
    if !issuer.trim().is_empty() {
        out.push_str(issuer.trim());
        out.push('\n');
    }
    out.push_str(date);
    out.push('\n');
    let copy_to = d.copy_to.trim().trim_end_matches(['。', '.']);
    if !copy_to.is_empty() {
        out.push_str("\n————————————————————————————\n抄送：");
        out.push_str(copy_to);
        out.push_str("。\n————————————————————————————\n");
    }
    out
}

/// One finding as shown beside the draft.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FindingView {
    pub code: String,
    /// 错误, 警告 or 提示.
    pub severity: String,
    pub error: bool,
    pub line: usize,
    pub message: String,
    pub rule: String,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> Self {
        Self {
            code: f.code.to_string(),
            severity: f.severity.label().to_string(),
            error: f.severity == sanban_gongwen::Severity::Error,
            line: f.line,
            message: f.message.clone(),
            rule: f.rule.to_string(),
        }
    }
}

/// The checker's findings on an assembled draft.
pub fn check(full_text: &str) -> Vec<FindingView> {
    check_text(full_text)
        .findings
        .iter()
        .map(FindingView::from)
        .collect()
}
