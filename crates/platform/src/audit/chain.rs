//! The hash chain: each row's hash covers its content and the previous row's hash, so an
//! edited or removed row breaks every link after it.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};

use crate::{db::Db, entity::audit_log, error::AppResult};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub fn row_hash(row: &audit_log::Model) -> String {
    let content = serde_json::json!([
        row.prev_hash,
        row.at,
        row.actor_id,
        row.actor_name,
        row.action,
        row.entity,
        row.entity_id,
        row.summary,
        row.before_json,
        row.after_json,
        row.request_id,
        row.ip,
    ]);
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub enum VerifyOutcome {
    /// Every row checked out.
    Intact { rows: u64 },
    /// The first row whose content no longer matches its hash, or whose link to the row
    /// before it is broken (that row was altered or a row between them removed).
    Broken {
        row_id: i64,
        reason: String,
        rows_checked: u64,
    },
}

/// Walks the whole chain in id order, a page at a time.
pub async fn verify(db: &Db) -> AppResult<VerifyOutcome> {
    const PAGE: u64 = 1000;
    let mut expected_prev = GENESIS.to_string();
    let mut last_id = 0i64;
    let mut checked = 0u64;
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(last_id))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(db.conn())
            .await?;
        if rows.is_empty() {
            return Ok(VerifyOutcome::Intact { rows: checked });
        }
        for row in rows {
            if row.prev_hash != expected_prev {
                return Ok(VerifyOutcome::Broken {
                    row_id: row.id,
                    reason: "与上一条记录的链接断开：上一条记录被篡改或其间的记录被删除".into(),
                    rows_checked: checked,
                });
            }
            if row_hash(&row) != row.hash {
                return Ok(VerifyOutcome::Broken {
                    row_id: row.id,
                    reason: "记录内容与其哈希值不符：该记录被篡改".into(),
                    rows_checked: checked,
                });
            }
            expected_prev = row.hash;
            last_id = row.id;
            checked += 1;
        }
    }
}
