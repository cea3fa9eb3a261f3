//! Use-cases of accounts: sign-in, passwords, API tokens, and loading who is acting.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use super::{Actor, Permission, Role, password, throttle, token};
use crate::{
    audit::{self, Change},
    db::{Db, WriteTx, now_ms},
    entity::{api_token, session, user, user_role},
    error::{AppError, AppResult},
};

/// Checks a username and password, counting failures per account and per address.
pub async fn authenticate(
    db: &Db,
    policy: throttle::ThrottlePolicy,
    username: &str,
    password_given: &str,
    ip: &str,
) -> AppResult<user::Model> {
    let username = username.trim();
    if username.is_empty() || password_given.is_empty() {
        return Err(AppError::bad("请输入登录名和密码"));
    }
    let keys = [throttle::account_key(username), throttle::address_key(ip)];
    throttle::check(db, policy, &keys).await?;
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db.conn())
        .await?;
    let ok = match found
        .as_ref()
        .and_then(|u| u.password_hash.as_deref().map(|h| (u, h)))
    {
        Some((u, hash)) => password::verify(password_given, hash).await && u.active,
        None => {
            // Spend the same time as a real check so that timing does not reveal accounts.
            let _ = password::verify(password_given, dummy_hash().await).await;
            false
        }
    };
    if !ok {
        throttle::record_failure(db, &keys).await?;
        return Err(AppError::InvalidCredentials);
    }
    throttle::clear(db, &keys[0]).await?;
    let user = found.expect("checked above");
    // Sign-ins are security events that reviewers ask for, so they join the audit chain.
    let tx = db.begin_write().await?;
    let who = Actor {
        user_id: Some(user.id),
        username: user.username.clone(),
        name: user.name.clone(),
        department_id: user.department_id,
        roles: vec![],
        request_id: None,
        ip: Some(ip.to_string()),
    };
    audit::record(
        &tx,
        &who,
        Change::new(
            "user.login",
            "users",
            user.id,
            format!("{} 登录", user.name),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

async fn dummy_hash() -> &'static str {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_init(|| async { password::hash("不存在的账户").await.unwrap_or_default() })
        .await
}

pub async fn roles_of(db: &Db, user_id: i64) -> AppResult<Vec<Role>> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db.conn())
        .await?;
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|r| Role::from_code(&r.role))
        .collect();
    roles.sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
    Ok(roles)
}

/// The acting person for a request, or `None` if the account is gone or disabled.
pub async fn load_actor(
    db: &Db,
    user_id: i64,
    request_id: Option<String>,
    ip: Option<String>,
) -> AppResult<Option<Actor>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db.conn()).await? else {
        return Ok(None);
    };
    if !u.active || u.password_hash.is_none() {
        return Ok(None);
    }
    Ok(Some(Actor {
        user_id: Some(u.id),
        username: u.username,
        name: u.name,
        department_id: u.department_id,
        roles: roles_of(db, user_id).await?,
        request_id,
        ip,
    }))
}

async fn revoke_sessions(tx: &WriteTx, user_id: i64) -> AppResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(&**tx)
        .await?;
    Ok(())
}

async fn store_password(
    tx: &WriteTx,
    u: user::Model,
    hash: String,
    must_change: bool,
) -> AppResult<()> {
    let id = u.id;
    let version = u.version;
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(Some(hash));
    am.must_change_password = Set(must_change);
    am.password_changed_at = Set(Some(now_ms()));
    am.updated_at = Set(now_ms());
    am.version = Set(version + 1);
    am.update(&**tx).await?;
    revoke_sessions(tx, id).await
}

/// A person changes their own password; every session of theirs ends, this one included.
pub async fn change_own_password(
    db: &Db,
    actor: &Actor,
    current: &str,
    new: &str,
) -> AppResult<()> {
    let uid = actor.user_id.ok_or(AppError::Unauthorized)?;
    let u = user::Entity::find_by_id(uid)
        .one(db.conn())
        .await?
        .ok_or(AppError::Unauthorized)?;
    let ok = match u.password_hash.as_deref() {
        Some(h) => password::verify(current, h).await,
        None => false,
    };
    if !ok {
        return Err(AppError::bad("当前密码不正确"));
    }
    if current == new {
        return Err(AppError::bad("新密码不能与当前密码相同"));
    }
    password::check_policy(&u.username, new)?;
    let hash = password::hash(new).await?;
    let tx = db.begin_write().await?;
    let name = u.name.clone();
    store_password(&tx, u, hash, false).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "user.password_change",
            "users",
            uid,
            format!("{name} 修改了自己的密码"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An administrator sets a person's password: a new random one when `new` is `None`, which
/// the person must change at next sign-in; a chosen one (command line) is kept as given.
pub async fn set_password(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    new: Option<String>,
) -> AppResult<String> {
    let must_change = new.is_none();
    actor.require(Permission::AccountManage)?;
    let u = user::Entity::find_by_id(user_id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("人员"))?;
    let new = new.unwrap_or_else(password::generate);
    password::check_policy(&u.username, &new)?;
    let hash = password::hash(&new).await?;
    let tx = db.begin_write().await?;
    let summary = format!("重置了 {}（{}）的密码", u.name, u.username);
    store_password(&tx, u, hash, must_change).await?;
    audit::record(
        &tx,
        actor,
        Change::new("user.password_reset", "users", user_id, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

pub async fn user_by_username(db: &Db, username: &str) -> AppResult<user::Model> {
    user::Entity::find()
        .filter(user::Column::Username.eq(username.trim()))
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::NotFound(format!("没有登录名为「{}」的账户", username.trim())))
}

// ---- API tokens ----

pub async fn create_token(
    db: &Db,
    actor: &Actor,
    name: &str,
) -> AppResult<(api_token::Model, String)> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::bad("令牌名称不能为空，且不超过 50 个字"));
    }
    let plain = token::generate();
    let tx = db.begin_write().await?;
    let model = api_token::ActiveModel {
        id: NotSet,
        user_id: Set(uid),
        name: Set(name.to_string()),
        prefix: Set(token::display_prefix(&plain)),
        token_hash: Set(token::hash(&plain)),
        created_at: Set(now_ms()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&*tx)
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "api_token.create",
            "api_tokens",
            model.id,
            format!("创建了 API 令牌「{name}」"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((model, plain))
}

pub async fn list_tokens(db: &Db, actor: &Actor) -> AppResult<Vec<api_token::Model>> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(uid))
        .order_by_desc(api_token::Column::Id)
        .all(db.conn())
        .await?)
}

pub async fn revoke_token(db: &Db, actor: &Actor, token_id: i64) -> AppResult<()> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let t = api_token::Entity::find_by_id(token_id)
        .filter(api_token::Column::UserId.eq(uid))
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("令牌"))?;
    if t.revoked_at.is_some() {
        return Err(AppError::Conflict("该令牌已被吊销".into()));
    }
    let tx = db.begin_write().await?;
    let name = t.name.clone();
    let mut am: api_token::ActiveModel = t.into();
    am.revoked_at = Set(Some(now_ms()));
    am.update(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "api_token.revoke",
            "api_tokens",
            token_id,
            format!("吊销了 API 令牌「{name}」"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

const TOKEN_USE_RESOLUTION_MS: i64 = 60_000;

/// The user a bearer token belongs to, if the token is known and not revoked.
pub async fn user_for_token(db: &Db, plain: &str) -> AppResult<Option<i64>> {
    if !plain.starts_with(token::PREFIX) {
        return Ok(None);
    }
    let Some(t) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token::hash(plain)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    // 最近使用 is shown to the minute: writing it on every call would add a write transaction,
    // under SQLite's single writer, to every API read.
    let now = now_ms();
    if t.last_used_at
        .is_none_or(|at| now - at >= TOKEN_USE_RESOLUTION_MS)
    {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(t.id))
            .exec(db.conn())
            .await?;
    }
    Ok(Some(t.user_id))
}
