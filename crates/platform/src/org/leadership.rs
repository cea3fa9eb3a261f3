//! Leaders' 分管 departments: which departments each 厅领导 is in charge of.

use std::collections::BTreeMap;

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, QueryFilter,
};
use serde::Serialize;

use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::Db,
    entity::{department, leader_department, user},
    error::{AppError, AppResult},
};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct LeaderDepartments {
    pub leader_id: i64,
    pub leader: String,
    pub departments: Vec<DepartmentRef>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, utoipa::ToSchema)]
pub struct DepartmentRef {
    pub id: i64,
    pub name: String,
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<LeaderDepartments>> {
    actor.require(Permission::OrgView)?;
    let rows = leader_department::Entity::find().all(db.conn()).await?;
    let names: BTreeMap<i64, String> = department::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut by_leader: BTreeMap<i64, Vec<DepartmentRef>> = BTreeMap::new();
    for r in rows {
        by_leader
            .entry(r.leader_id)
            .or_default()
            .push(DepartmentRef {
                id: r.department_id,
                name: names.get(&r.department_id).cloned().unwrap_or_default(),
            });
    }
    let mut out = Vec::new();
    for (leader_id, mut departments) in by_leader {
        departments.sort();
        let leader = user::Entity::find_by_id(leader_id)
            .one(db.conn())
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        out.push(LeaderDepartments {
            leader_id,
            leader,
            departments,
        });
    }
    Ok(out)
}

/// The departments a leader is in charge of.
pub async fn departments_of(db: &Db, leader_id: i64) -> AppResult<Vec<i64>> {
    Ok(leader_department::Entity::find()
        .filter(leader_department::Column::LeaderId.eq(leader_id))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|r| r.department_id)
        .collect())
}

/// Replaces the set of departments a leader is in charge of.
pub async fn set(db: &Db, actor: &Actor, leader_id: i64, department_ids: &[i64]) -> AppResult<()> {
    actor.require(Permission::OrgManage)?;
    let leader = user::Entity::find_by_id(leader_id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("领导"))?;
    for d in department_ids {
        if department::Entity::find_by_id(*d)
            .one(db.conn())
            .await?
            .is_none()
        {
            return Err(AppError::bad("所选分管部门不存在"));
        }
    }
    let before = departments_of(db, leader_id).await?;
    let tx = db.begin_write().await?;
    leader_department::Entity::delete_many()
        .filter(leader_department::Column::LeaderId.eq(leader_id))
        .exec(&*tx)
        .await?;
    let mut ids = department_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for d in &ids {
        leader_department::ActiveModel {
            id: NotSet,
            leader_id: Set(leader_id),
            department_id: Set(*d),
        }
        .insert(&*tx)
        .await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "leader.set_departments",
            "users",
            leader_id,
            format!("调整「{}」的分管部门", leader.name),
        )
        .before(&before)
        .after(&ids),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
