//! 代理: while a person is away, another acts for them between two dates (inclusive).

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::validate;
use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{Db, now_ms},
    entity::{delegation, user},
    error::{AppError, AppResult},
};

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct DelegationInput {
    pub principal_id: i64,
    pub acting_id: i64,
    /// 2022-01-05 or 2022年1月5日
    pub starts_on: String,
    pub ends_on: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Delegation {
    pub id: i64,
    pub principal_id: i64,
    pub principal: String,
    pub acting_id: i64,
    pub acting: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub reason: String,
    pub revoked: bool,
}

async fn person_name(db: &Db, id: i64) -> AppResult<String> {
    Ok(user::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .map(|u| u.name)
        .unwrap_or_default())
}

async fn view(db: &Db, m: delegation::Model) -> AppResult<Delegation> {
    Ok(Delegation {
        id: m.id,
        principal: person_name(db, m.principal_id).await?,
        acting: person_name(db, m.acting_id).await?,
        principal_id: m.principal_id,
        acting_id: m.acting_id,
        starts_on: NaiveDate::parse_from_str(&m.starts_on, "%Y-%m-%d").unwrap_or_default(),
        ends_on: NaiveDate::parse_from_str(&m.ends_on, "%Y-%m-%d").unwrap_or_default(),
        reason: m.reason,
        revoked: m.revoked_at.is_some(),
    })
}

/// A person may name who acts for themself; the office may arrange it for anyone.
fn may_manage(actor: &Actor, principal_id: i64) -> AppResult<()> {
    if actor.user_id == Some(principal_id) {
        Ok(())
    } else {
        actor.require(Permission::OrgManage)
    }
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Delegation>> {
    actor.require(Permission::OrgView)?;
    let rows = delegation::Entity::find()
        .order_by_desc(delegation::Column::StartsOn)
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(view(db, r).await?);
    }
    Ok(out)
}

pub async fn create(db: &Db, actor: &Actor, input: DelegationInput) -> AppResult<Delegation> {
    may_manage(actor, input.principal_id)?;
    let starts = validate::date("开始日期", &input.starts_on)?;
    let ends = validate::date("结束日期", &input.ends_on)?;
    if ends < starts {
        return Err(AppError::bad("结束日期不能早于开始日期"));
    }
    if input.principal_id == input.acting_id {
        return Err(AppError::bad("代理人不能是本人"));
    }
    let reason = validate::name("代理事由", &input.reason, 100)?;
    for id in [input.principal_id, input.acting_id] {
        let u = user::Entity::find_by_id(id)
            .one(db.conn())
            .await?
            .ok_or_else(|| AppError::bad("所选人员不存在"))?;
        if !u.active {
            return Err(AppError::bad(format!("{} 已停用，不能参与代理", u.name)));
        }
    }
    let (s, e) = (
        starts.format("%Y-%m-%d").to_string(),
        ends.format("%Y-%m-%d").to_string(),
    );
    let overlapping = delegation::Entity::find()
        .filter(delegation::Column::PrincipalId.eq(input.principal_id))
        .filter(delegation::Column::RevokedAt.is_null())
        .filter(delegation::Column::StartsOn.lte(e.clone()))
        .filter(delegation::Column::EndsOn.gte(s.clone()))
        .one(db.conn())
        .await?;
    if overlapping.is_some() {
        return Err(AppError::Conflict(
            "该人员在这段时间已有代理安排，请先撤销原安排".into(),
        ));
    }
    let tx = db.begin_write().await?;
    let m = delegation::ActiveModel {
        id: NotSet,
        principal_id: Set(input.principal_id),
        acting_id: Set(input.acting_id),
        starts_on: Set(s),
        ends_on: Set(e),
        reason: Set(reason),
        created_by: Set(actor.user_id.unwrap_or(input.principal_id)),
        created_at: Set(now_ms()),
        revoked_at: Set(None),
    }
    .insert(&*tx)
    .await?;
    let d = view(db, m).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "delegation.create",
            "delegations",
            d.id,
            format!(
                "安排 {} 代理 {} 的工作（{} 至 {}）",
                d.acting,
                d.principal,
                crate::web::format::date_cn(d.starts_on),
                crate::web::format::date_cn(d.ends_on)
            ),
        )
        .after(&d),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

pub async fn revoke(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let m = delegation::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("代理安排"))?;
    may_manage(actor, m.principal_id)?;
    if m.revoked_at.is_some() {
        return Err(AppError::Conflict("该代理安排已撤销".into()));
    }
    let tx = db.begin_write().await?;
    let mut am: delegation::ActiveModel = m.into();
    am.revoked_at = Set(Some(now_ms()));
    am.update(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new("delegation.revoke", "delegations", id, "撤销代理安排"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whose work `acting_id` does on `day`: the people they act for.
pub async fn principals_of(db: &Db, acting_id: i64, day: NaiveDate) -> AppResult<Vec<i64>> {
    principals_on(db.conn(), acting_id, day).await
}

/// [`principals_of`] on a given connection, e.g. inside a transaction.
pub async fn principals_on(
    conn: &impl sea_orm::ConnectionTrait,
    acting_id: i64,
    day: NaiveDate,
) -> AppResult<Vec<i64>> {
    let d = day.format("%Y-%m-%d").to_string();
    Ok(delegation::Entity::find()
        .filter(delegation::Column::ActingId.eq(acting_id))
        .filter(delegation::Column::RevokedAt.is_null())
        .filter(delegation::Column::StartsOn.lte(d.clone()))
        .filter(delegation::Column::EndsOn.gte(d))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.principal_id)
        .collect())
}
