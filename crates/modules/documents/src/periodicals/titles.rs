//! The 刊物 titles the office publishes.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Permission},
    db::now_ms,
};
use serde::Deserialize;

use super::{
    model::Periodical,
    sql::{self, text},
};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TitleInput {
    pub name: String,
    /// 编印单位; 办公室 when empty.
    #[serde(default)]
    pub unit: String,
}

/// Every title; anyone who can sign in may know which titles exist.
pub async fn list(db: &Db) -> AppResult<Vec<Periodical>> {
    sql::all(
        db.conn(),
        "SELECT id, name, unit FROM doc_periodicals ORDER BY id",
        vec![],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Periodical {
            id: r.try_get("", "id")?,
            name: r.try_get("", "name")?,
            unit: r.try_get("", "unit")?,
        })
    })
    .collect()
}

pub async fn get(conn: &impl sea_orm::ConnectionTrait, id: i64) -> AppResult<Periodical> {
    let r = sql::one(
        conn,
        "SELECT id, name, unit FROM doc_periodicals WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("刊物"))?;
    Ok(Periodical {
        id: r.try_get("", "id")?,
        name: r.try_get("", "name")?,
        unit: r.try_get("", "unit")?,
    })
}

pub async fn create(db: &Db, actor: &Actor, input: &TitleInput) -> AppResult<Periodical> {
    actor.require(Permission::DocumentsOffice)?;
    let name = text("刊物名称", &input.name, 50, true)?;
    let unit = match text("编印单位", &input.unit, 100, false)? {
        u if u.is_empty() => "办公室".to_string(),
        u => u,
    };
    let tx = db.begin_write().await?;
    if sql::one(
        &*tx,
        "SELECT id FROM doc_periodicals WHERE name = $1",
        vec![name.clone().into()],
    )
    .await?
    .is_some()
    {
        return Err(AppError::Conflict(format!("刊物「{name}」已经存在")));
    }
    let id = sql::insert(
        &*tx,
        "INSERT INTO doc_periodicals (name, unit, created_at) VALUES ($1, $2, $3) RETURNING id",
        vec![name.clone().into(), unit.clone().into(), now_ms().into()],
    )
    .await?;
    let p = Periodical { id, name, unit };
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.periodical.create",
            "doc_periodical",
            id,
            format!("新增刊物《{}》", p.name),
        )
        .after(&p),
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}
