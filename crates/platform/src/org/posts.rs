//! Posts (职务): 厅长, 副厅长, 处长, 科员 … ranked for ordering lists.

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
    db::{Db, WriteTx, now_ms},
    entity::post,
    error::AppResult,
};

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct PostInput {
    pub name: String,
    #[serde(default = "default_rank")]
    pub rank: i32,
}

fn default_rank() -> i32 {
    100
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Post {
    pub id: i64,
    pub name: String,
    pub rank: i32,
}

impl From<post::Model> for Post {
    fn from(m: post::Model) -> Self {
        Self {
            id: m.id,
            name: m.name,
            rank: m.rank,
        }
    }
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Post>> {
    actor.require(Permission::OrgView)?;
    Ok(post::Entity::find()
        .order_by_asc(post::Column::Rank)
        .order_by_asc(post::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(Post::from)
        .collect())
}

pub async fn create(db: &Db, actor: &Actor, input: PostInput) -> AppResult<Post> {
    actor.require(Permission::OrgManage)?;
    let tx = db.begin_write().await?;
    let p = insert(&tx, actor, &input.name, input.rank).await?;
    tx.commit().await?;
    Ok(p)
}

/// Inside a caller's transaction: also used by sheet import for posts it has not seen.
pub(crate) async fn insert(tx: &WriteTx, actor: &Actor, name: &str, rank: i32) -> AppResult<Post> {
    let name = validate::name("职务名称", name, 30)?;
    let p = Post::from(
        post::ActiveModel {
            id: NotSet,
            name: Set(name.clone()),
            rank: Set(rank),
            created_at: Set(now_ms()),
        }
        .insert(&**tx)
        .await?,
    );
    audit::record(
        tx,
        actor,
        Change::new("post.create", "posts", p.id, format!("新增职务「{name}」")).after(&p),
    )
    .await?;
    Ok(p)
}

pub(crate) async fn by_name(tx: &WriteTx, name: &str) -> AppResult<Option<post::Model>> {
    Ok(post::Entity::find()
        .filter(post::Column::Name.eq(name.trim()))
        .one(&**tx)
        .await?)
}
