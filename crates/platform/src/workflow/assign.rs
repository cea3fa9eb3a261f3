//! Resolving who acts on a step, from the organisation as it is when the step starts.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Map, Value};

use super::definition::AssigneeRule;
use crate::{
    auth::Role,
    entity::{leader_department, user, user_role},
    error::{AppError, AppResult},
};

/// The record a step is resolved for.
pub struct Context<'a> {
    pub department_id: Option<i64>,
    pub initiator: i64,
    pub fields: &'a Map<String, Value>,
}

async fn holders(conn: &impl ConnectionTrait, role: Role) -> AppResult<Vec<i64>> {
    Ok(user_role::Entity::find()
        .filter(user_role::Column::Role.eq(role.code()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect())
}

async fn in_department(
    conn: &impl ConnectionTrait,
    ids: Vec<i64>,
    department: Option<i64>,
) -> AppResult<Vec<i64>> {
    let Some(d) = department else {
        return Ok(vec![]);
    };
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::DepartmentId.eq(d))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// The people who act on a step: active, with a sign-in, in a stable order. An empty answer
/// is an error: a step nobody can act on would stall the record silently.
pub async fn resolve(
    conn: &impl ConnectionTrait,
    rule: &AssigneeRule,
    step: &str,
    ctx: &Context<'_>,
) -> AppResult<Vec<i64>> {
    let ids = match rule {
        AssigneeRule::Person { user_id } => vec![*user_id],
        AssigneeRule::Role { role } => holders(conn, *role).await?,
        AssigneeRule::RoleInDepartment { role } => {
            in_department(conn, holders(conn, *role).await?, ctx.department_id).await?
        }
        AssigneeRule::DepartmentHead => {
            in_department(
                conn,
                holders(conn, Role::DepartmentHead).await?,
                ctx.department_id,
            )
            .await?
        }
        AssigneeRule::DeputyLeader => match ctx.department_id {
            Some(d) => leader_department::Entity::find()
                .filter(leader_department::Column::DepartmentId.eq(d))
                .all(conn)
                .await?
                .into_iter()
                .map(|r| r.leader_id)
                .collect(),
            None => vec![],
        },
        AssigneeRule::ChiefLeader => holders(conn, Role::ChiefLeader).await?,
        AssigneeRule::Initiator => vec![ctx.initiator],
        AssigneeRule::Field { name } => ctx
            .fields
            .get(name)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default(),
    };
    let mut active: Vec<i64> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::PasswordHash.is_not_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    active.sort_unstable();
    active.dedup();
    if active.is_empty() {
        return Err(AppError::bad(format!(
            "步骤「{step}」找不到办理人：请先在组织机构中设置相应的人员、角色或分管关系"
        )));
    }
    Ok(active)
}
