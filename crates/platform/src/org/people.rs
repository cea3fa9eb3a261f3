//! People (人员) and their accounts and roles.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::validate;
use crate::{
    audit::{self, Change},
    auth::{Actor, Permission, Role, password, service::roles_of},
    db::{Db, WriteTx, now_ms},
    entity::{department, post, user, user_role},
    error::{AppError, AppResult},
};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct PersonInput {
    pub username: String,
    pub name: String,
    pub department_id: Option<i64>,
    pub post_id: Option<i64>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Role codes, e.g. `["staff"]`.
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub sort_order: i32,
    /// On creation: give the person a sign-in with a random first password.
    #[serde(default)]
    pub create_account: bool,
    /// On update: the version read before editing; a stale one is refused.
    pub version: Option<i32>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub post_id: Option<i64>,
    pub post: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    pub has_account: bool,
    pub roles: Vec<String>,
    pub role_labels: Vec<String>,
    pub sort_order: i32,
    pub version: i32,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    pub department_id: Option<i64>,
    /// Part of a name or login name.
    pub q: Option<String>,
}

/// The first password of a new account, shown once.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    pub person: Person,
    pub initial_password: Option<String>,
}

struct Lookups {
    departments: HashMap<i64, String>,
    posts: HashMap<i64, (String, i32)>,
    roles: HashMap<i64, Vec<Role>>,
}

impl Lookups {
    async fn load(db: &Db) -> AppResult<Self> {
        let departments = department::Entity::find()
            .all(db.conn())
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        let posts = post::Entity::find()
            .all(db.conn())
            .await?
            .into_iter()
            .map(|p| (p.id, (p.name, p.rank)))
            .collect();
        let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
        for r in user_role::Entity::find().all(db.conn()).await? {
            if let Some(role) = Role::from_code(&r.role) {
                roles.entry(r.user_id).or_default().push(role);
            }
        }
        for list in roles.values_mut() {
            list.sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
        }
        Ok(Self {
            departments,
            posts,
            roles,
        })
    }

    fn person(&self, u: user::Model) -> Person {
        let roles = self.roles.get(&u.id).cloned().unwrap_or_default();
        Person {
            id: u.id,
            department: u
                .department_id
                .and_then(|d| self.departments.get(&d).cloned()),
            post: u
                .post_id
                .and_then(|p| self.posts.get(&p).map(|x| x.0.clone())),
            username: u.username,
            name: u.name,
            department_id: u.department_id,
            post_id: u.post_id,
            phone: u.phone,
            email: u.email,
            active: u.active,
            has_account: u.password_hash.is_some(),
            roles: roles.iter().map(|r| r.code().to_string()).collect(),
            role_labels: roles.iter().map(|r| r.label().to_string()).collect(),
            sort_order: u.sort_order,
            version: u.version,
        }
    }

    fn rank(&self, p: &Person) -> i32 {
        p.post_id
            .and_then(|id| self.posts.get(&id))
            .map(|x| x.1)
            .unwrap_or(i32::MAX)
    }
}

pub async fn list(db: &Db, actor: &Actor, f: &PeopleFilter) -> AppResult<Vec<Person>> {
    actor.require(Permission::OrgView)?;
    let mut cond = Condition::all();
    if let Some(d) = f.department_id {
        cond = cond.add(user::Column::DepartmentId.eq(d));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        cond = cond.add(
            Condition::any()
                .add(user::Column::Name.contains(q))
                .add(user::Column::Username.contains(q)),
        );
    }
    let rows = user::Entity::find()
        .filter(cond)
        .order_by_asc(user::Column::SortOrder)
        .order_by_asc(user::Column::Id)
        .all(db.conn())
        .await?;
    let lk = Lookups::load(db).await?;
    let mut people: Vec<Person> = rows.into_iter().map(|u| lk.person(u)).collect();
    people.sort_by_key(|p| (p.sort_order, lk.rank(p), p.id));
    Ok(people)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Person> {
    actor.require(Permission::OrgView)?;
    let u = find(db, id).await?;
    Ok(Lookups::load(db).await?.person(u))
}

async fn find(db: &Db, id: i64) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("人员"))
}

/// A person's fields after validation, ready to store.
pub(crate) struct CleanPerson {
    pub username: String,
    pub name: String,
    pub department_id: Option<i64>,
    pub post_id: Option<i64>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub roles: Vec<Role>,
    pub active: bool,
    pub sort_order: i32,
}

pub(crate) fn parse_roles(codes: &[String]) -> AppResult<Vec<Role>> {
    let mut roles = Vec::new();
    for c in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let r = Role::from_code(c)
            .or_else(|| Role::parse(c))
            .ok_or_else(|| AppError::bad(format!("没有名为「{c}」的角色")))?;
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    Ok(roles)
}

async fn clean(db: &Db, input: &PersonInput) -> AppResult<CleanPerson> {
    if let Some(d) = input.department_id
        && department::Entity::find_by_id(d)
            .one(db.conn())
            .await?
            .is_none()
    {
        return Err(AppError::bad("所选部门不存在"));
    }
    if let Some(p) = input.post_id
        && post::Entity::find_by_id(p).one(db.conn()).await?.is_none()
    {
        return Err(AppError::bad("所选职务不存在"));
    }
    Ok(CleanPerson {
        username: validate::username(&input.username)?,
        name: validate::name("姓名", &input.name, 30)?,
        department_id: input.department_id,
        post_id: input.post_id,
        phone: validate::phone(&input.phone)?,
        email: validate::email(&input.email)?,
        roles: parse_roles(&input.roles)?,
        active: input.active,
        sort_order: input.sort_order,
    })
}

pub(crate) async fn set_roles(tx: &WriteTx, user_id: i64, roles: &[Role]) -> AppResult<()> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(&**tx)
        .await?;
    for r in roles {
        user_role::ActiveModel {
            id: NotSet,
            user_id: Set(user_id),
            role: Set(r.code().into()),
        }
        .insert(&**tx)
        .await?;
    }
    Ok(())
}

/// Inserts inside the caller's transaction; `password_hash` set gives the person a sign-in,
/// which must be changed at first sign-in when `must_change` is set.
pub(crate) async fn insert(
    tx: &WriteTx,
    actor: &Actor,
    p: &CleanPerson,
    password_hash: Option<String>,
    must_change: bool,
) -> AppResult<user::Model> {
    let now = now_ms();
    let m = user::ActiveModel {
        id: NotSet,
        username: Set(p.username.clone()),
        name: Set(p.name.clone()),
        department_id: Set(p.department_id),
        post_id: Set(p.post_id),
        phone: Set(p.phone.clone()),
        email: Set(p.email.clone()),
        must_change_password: Set(must_change && password_hash.is_some()),
        password_hash: Set(password_hash),
        active: Set(p.active),
        sort_order: Set(p.sort_order),
        password_changed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&**tx)
    .await?;
    set_roles(tx, m.id, &p.roles).await?;
    audit::record(
        tx,
        actor,
        Change::new("user.create", "users", m.id, format!("新增人员「{}」（{}）", m.name, m.username))
            .after(&serde_json::json!({"username": m.username, "name": m.name, "department_id": m.department_id, "post_id": m.post_id, "roles": p.roles.iter().map(|r| r.code()).collect::<Vec<_>>()})),
    )
    .await?;
    Ok(m)
}

pub async fn create(db: &Db, actor: &Actor, input: PersonInput) -> AppResult<Created> {
    actor.require(Permission::OrgManage)?;
    let p = clean(db, &input).await?;
    if (!p.roles.is_empty() || input.create_account) && !actor.can(Permission::AccountManage) {
        return Err(AppError::Forbidden);
    }
    let initial = input.create_account.then(password::generate);
    let hash = match &initial {
        Some(pw) => Some(password::hash(pw).await?),
        None => None,
    };
    let tx = db.begin_write().await?;
    let m = insert(&tx, actor, &p, hash, true).await?;
    tx.commit().await?;
    let person = Lookups::load(db).await?.person(m);
    Ok(Created {
        person,
        initial_password: initial,
    })
}

pub async fn update(db: &Db, actor: &Actor, id: i64, input: PersonInput) -> AppResult<Person> {
    actor.require(Permission::OrgManage)?;
    let p = clean(db, &input).await?;
    let before = find(db, id).await?;
    if input.version.is_some_and(|v| v != before.version) {
        return Err(AppError::Conflict(
            "该人员信息已被他人修改，请刷新页面后再改".into(),
        ));
    }
    let old_roles = roles_of(db, id).await?;
    let roles_changed = old_roles != p.roles;
    if roles_changed && !actor.can(Permission::AccountManage) {
        return Err(AppError::Forbidden);
    }
    if actor.user_id == Some(id)
        && (!p.active || (old_roles.contains(&Role::Admin) && !p.roles.contains(&Role::Admin)))
    {
        return Err(AppError::bad("不能停用自己的账户或取消自己的管理员角色"));
    }
    let tx = db.begin_write().await?;
    let lk = Lookups::load(db).await?;
    let old = lk.person(before.clone());
    let version = before.version;
    let mut am: user::ActiveModel = before.into();
    am.username = Set(p.username.clone());
    am.name = Set(p.name.clone());
    am.department_id = Set(p.department_id);
    am.post_id = Set(p.post_id);
    am.phone = Set(p.phone.clone());
    am.email = Set(p.email.clone());
    am.active = Set(p.active);
    am.sort_order = Set(p.sort_order);
    am.updated_at = Set(now_ms());
    am.version = Set(version + 1);
    // The version in the WHERE clause makes a concurrent edit fail rather than overwrite.
    let res = user::Entity::update_many()
        .set(am)
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Version.eq(version))
        .exec(&*tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict(
            "该人员信息已被他人修改，请刷新页面后再改".into(),
        ));
    }
    if roles_changed {
        set_roles(&tx, id, &p.roles).await?;
    }
    if !p.active {
        crate::entity::session::Entity::delete_many()
            .filter(crate::entity::session::Column::UserId.eq(id))
            .exec(&*tx)
            .await?;
    }
    let after_model = user::Entity::find_by_id(id)
        .one(&*tx)
        .await?
        .ok_or_else(|| AppError::not_found("人员"))?;
    let mut after = lk.person(after_model);
    after.roles = p.roles.iter().map(|r| r.code().to_string()).collect();
    after.role_labels = p.roles.iter().map(|r| r.label().to_string()).collect();
    audit::record(
        &tx,
        actor,
        Change::new(
            "user.update",
            "users",
            id,
            format!("修改人员「{}」的信息", p.name),
        )
        .before(&old)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
