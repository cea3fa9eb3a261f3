//! The 考核 weights, set by the office and kept in the module's settings table, so the rule
//! behind every score is written down and changed on the record.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

use crate::{sql, task::access};

/// How a department's score is made: 100 = (100 − `on_time_points`) + `on_time_points` ×
/// 按时办结率 − `overdue_penalty` per 超期 task − `return_penalty` per 退回 feedback. A task the
/// department only 配合s counts `partner_weight` percent of one it 主办s, in the rate and in the
/// overdue deduction alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Weights {
    /// Points that depend on the 按时办结率 (0–100).
    pub on_time_points: i64,
    /// Points off for each task closed late or still open past its deadline (0–50).
    pub overdue_penalty: i64,
    /// Points off for each 落实情况反馈 sent back (0–50).
    pub return_penalty: i64,
    /// How much a 配合 task counts against a 主办 one, in percent (0–100).
    #[serde(default = "default_partner_weight")]
    pub partner_weight: i64,
}

fn default_partner_weight() -> i64 {
    Weights::default().partner_weight
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            on_time_points: 60,
            overdue_penalty: 5,
            return_penalty: 2,
            partner_weight: 50,
        }
    }
}

const KEYS: [&str; 4] = [
    "score.on_time_points",
    "score.overdue_penalty",
    "score.return_penalty",
    "score.partner_weight",
];

pub async fn get(conn: &impl ConnectionTrait) -> AppResult<Weights> {
    let mut w = Weights::default();
    for r in sql::all(conn, "SELECT key, value FROM sup_settings", Vec::new()).await? {
        let key: String = r.try_get("", "key")?;
        let value: i64 = r.try_get("", "value")?;
        match key.as_str() {
            "score.on_time_points" => w.on_time_points = value,
            "score.overdue_penalty" => w.overdue_penalty = value,
            "score.return_penalty" => w.return_penalty = value,
            "score.partner_weight" => w.partner_weight = value,
            _ => {}
        }
    }
    Ok(w)
}

fn check(w: &Weights) -> AppResult<()> {
    if !(0..=100).contains(&w.on_time_points) {
        return Err(AppError::bad("按时办结率分值应在 0 到 100 之间"));
    }
    if !(0..=50).contains(&w.overdue_penalty) || !(0..=50).contains(&w.return_penalty) {
        return Err(AppError::bad("每件扣分应在 0 到 50 之间"));
    }
    if !(0..=100).contains(&w.partner_weight) {
        return Err(AppError::bad("配合事项计分比例应在 0 到 100 之间"));
    }
    Ok(())
}

/// Sets the weights; the office only.
pub async fn set(db: &Db, actor: &Actor, w: &Weights) -> AppResult<Weights> {
    access::require_office(actor)?;
    check(w)?;
    let tx = db.begin_write().await?;
    let before = get(&*tx).await?;
    let values = [
        w.on_time_points,
        w.overdue_penalty,
        w.return_penalty,
        w.partner_weight,
    ];
    for (key, value) in KEYS.iter().zip(values) {
        sql::exec(
            &*tx,
            "DELETE FROM sup_settings WHERE key = $1",
            vec![(*key).into()],
        )
        .await?;
        sql::exec(
            &*tx,
            "INSERT INTO sup_settings (key, value) VALUES ($1, $2)",
            vec![(*key).into(), value.into()],
        )
        .await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.score.weights",
            "sup_settings",
            0,
            "调整督办考核权重",
        )
        .before(&before)
        .after(w),
    )
    .await?;
    tx.commit().await?;
    Ok(*w)
}
