//! Departments as a tree: 领导班子, 办公室, 处室 and 直属单位.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::validate;
use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{Db, now_ms},
    entity::{department, user},
    error::{AppError, AppResult},
};

/// What kind of body a department is; decides its place in lists and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DepartmentKind {
    /// 领导班子
    Leadership,
    /// 办公室
    Office,
    /// 处室（部门）
    Department,
    /// 直属单位（二级单位）
    Unit,
}

impl DepartmentKind {
    pub const ALL: [Self; 4] = [Self::Leadership, Self::Office, Self::Department, Self::Unit];

    pub fn code(self) -> &'static str {
        match self {
            Self::Leadership => "leadership",
            Self::Office => "office",
            Self::Department => "department",
            Self::Unit => "unit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Leadership => "领导班子",
            Self::Office => "办公室",
            Self::Department => "处室",
            Self::Unit => "直属单位",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct DepartmentInput {
    pub name: String,
    pub parent_id: Option<i64>,
    pub kind: DepartmentKind,
    #[serde(default)]
    pub sort_order: i32,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Department {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: DepartmentKind,
    pub sort_order: i32,
}

impl Department {
    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }
}

impl From<department::Model> for Department {
    fn from(m: department::Model) -> Self {
        Self {
            id: m.id,
            parent_id: m.parent_id,
            kind: DepartmentKind::from_code(&m.kind).unwrap_or(DepartmentKind::Department),
            name: m.name,
            sort_order: m.sort_order,
        }
    }
}

/// One node of the tree as pages draw it: depth-first order with its depth.
#[derive(Clone, Debug, Serialize)]
pub struct TreeRow {
    pub department: Department,
    pub depth: usize,
    pub people: u64,
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Department>> {
    actor.require(Permission::OrgView)?;
    Ok(department::Entity::find()
        .order_by_asc(department::Column::SortOrder)
        .order_by_asc(department::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(Department::from)
        .collect())
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Department> {
    actor.require(Permission::OrgView)?;
    find(db, id).await.map(Department::from)
}

async fn find(db: &Db, id: i64) -> AppResult<department::Model> {
    department::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("部门"))
}

pub async fn tree(db: &Db, actor: &Actor) -> AppResult<Vec<TreeRow>> {
    let all = list(db, actor).await?;
    let people = user::Entity::find().all(db.conn()).await?;
    let count = |id: i64| {
        people
            .iter()
            .filter(|p| p.department_id == Some(id) && p.active)
            .count() as u64
    };
    let mut out = Vec::with_capacity(all.len());
    fn walk(
        all: &[Department],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<TreeRow>,
        count: &dyn Fn(i64) -> u64,
    ) {
        for d in all.iter().filter(|d| d.parent_id == parent) {
            out.push(TreeRow {
                department: d.clone(),
                depth,
                people: count(d.id),
            });
            walk(all, Some(d.id), depth + 1, out, count);
        }
    }
    walk(&all, None, 0, &mut out, &count);
    Ok(out)
}

/// Refuses a parent that does not exist, or that lies under the department itself.
async fn check_parent(db: &Db, id: Option<i64>, parent: Option<i64>) -> AppResult<()> {
    let mut cursor = parent;
    let mut steps = 0;
    while let Some(p) = cursor {
        if Some(p) == id {
            return Err(AppError::bad("上级部门不能是本部门或其下级部门"));
        }
        let Some(d) = department::Entity::find_by_id(p).one(db.conn()).await? else {
            return Err(AppError::bad("所选的上级部门不存在"));
        };
        cursor = d.parent_id;
        steps += 1;
        if steps > 64 {
            return Err(AppError::bad("部门层级过深"));
        }
    }
    Ok(())
}

pub async fn create(db: &Db, actor: &Actor, input: DepartmentInput) -> AppResult<Department> {
    actor.require(Permission::OrgManage)?;
    let name = validate::name("部门名称", &input.name, 40)?;
    check_parent(db, None, input.parent_id).await?;
    let tx = db.begin_write().await?;
    let m = department::ActiveModel {
        id: NotSet,
        parent_id: Set(input.parent_id),
        name: Set(name.clone()),
        kind: Set(input.kind.code().into()),
        sort_order: Set(input.sort_order),
        created_at: Set(now_ms()),
    }
    .insert(&*tx)
    .await?;
    let d = Department::from(m);
    audit::record(
        &tx,
        actor,
        Change::new(
            "department.create",
            "departments",
            d.id,
            format!("新增部门「{name}」"),
        )
        .after(&d),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: DepartmentInput,
) -> AppResult<Department> {
    actor.require(Permission::OrgManage)?;
    let name = validate::name("部门名称", &input.name, 40)?;
    let before = find(db, id).await?;
    check_parent(db, Some(id), input.parent_id).await?;
    let tx = db.begin_write().await?;
    let old = Department::from(before.clone());
    let mut am: department::ActiveModel = before.into();
    am.name = Set(name.clone());
    am.parent_id = Set(input.parent_id);
    am.kind = Set(input.kind.code().into());
    am.sort_order = Set(input.sort_order);
    let d = Department::from(am.update(&*tx).await?);
    audit::record(
        &tx,
        actor,
        Change::new(
            "department.update",
            "departments",
            id,
            format!("修改部门「{name}」"),
        )
        .before(&old)
        .after(&d),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::OrgManage)?;
    let d = find(db, id).await?;
    let children = department::Entity::find()
        .filter(department::Column::ParentId.eq(id))
        .count(db.conn())
        .await?;
    if children > 0 {
        return Err(AppError::Conflict(format!(
            "「{}」下还有 {children} 个下级部门，请先移走或删除",
            d.name
        )));
    }
    let members = user::Entity::find()
        .filter(user::Column::DepartmentId.eq(id))
        .count(db.conn())
        .await?;
    if members > 0 {
        return Err(AppError::Conflict(format!(
            "「{}」还有 {members} 名人员，请先调整其所在部门",
            d.name
        )));
    }
    let tx = db.begin_write().await?;
    let old = Department::from(d.clone());
    department::Entity::delete_by_id(id).exec(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "department.delete",
            "departments",
            id,
            format!("删除部门「{}」", old.name),
        )
        .before(&old),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn by_name(db: &Db, name: &str) -> AppResult<Option<department::Model>> {
    Ok(department::Entity::find()
        .filter(department::Column::Name.eq(name.trim()))
        .one(db.conn())
        .await?)
}
