//! The one inbox across all modules: 待办, 已办, 我发起的, 传阅. Keyset-paged on indexed
//! columns, so a person's page costs the same however many items the database holds.

use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

use super::engine::{KIND_APPROVE, KIND_READ, acting_for, task_status};
use crate::{
    auth::Actor,
    db::{Db, now_ms},
    entity::{user, workflow_instance as winst, workflow_task as wtask},
    error::AppResult,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Folder {
    /// 待办
    #[default]
    Todo,
    /// 已办
    Done,
    /// 我发起的
    Started,
    /// 传阅（未阅）
    Unread,
    /// 传阅（已阅）
    Read,
}

impl Folder {
    pub const ALL: [Folder; 5] = [
        Self::Todo,
        Self::Done,
        Self::Started,
        Self::Unread,
        Self::Read,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Todo => "待办",
            Self::Done => "已办",
            Self::Started => "我发起的",
            Self::Unread => "传阅未阅",
            Self::Read => "传阅已阅",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::Done => "done",
            Self::Started => "started",
            Self::Unread => "unread",
            Self::Read => "read",
        }
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InboxItem {
    /// The task's id; for 我发起的, the instance's.
    pub id: i64,
    pub instance_id: i64,
    pub title: String,
    pub module: String,
    pub step_name: String,
    pub status: String,
    pub urgent: bool,
    pub created_at: i64,
    pub due_at: Option<i64>,
    pub overdue: bool,
    /// Set when the item is someone else's that the viewer handles as 代理.
    pub for_whom: Option<String>,
}

pub const PAGE: u64 = 30;

fn task_filter(folder: Folder, people: &[i64], me: i64) -> Condition {
    match folder {
        Folder::Todo => Condition::all()
            .add(wtask::Column::AssigneeId.is_in(people.to_vec()))
            .add(wtask::Column::Status.eq(task_status::PENDING))
            .add(wtask::Column::Kind.eq(KIND_APPROVE)),
        Folder::Done => Condition::all()
            .add(wtask::Column::ActedBy.eq(me))
            .add(wtask::Column::Kind.eq(KIND_APPROVE)),
        Folder::Unread => Condition::all()
            .add(wtask::Column::AssigneeId.eq(me))
            .add(wtask::Column::Status.eq(task_status::PENDING))
            .add(wtask::Column::Kind.eq(KIND_READ)),
        Folder::Read => Condition::all()
            .add(wtask::Column::AssigneeId.eq(me))
            .add(wtask::Column::Status.eq(task_status::DONE))
            .add(wtask::Column::Kind.eq(KIND_READ)),
        Folder::Started => Condition::all(),
    }
}

/// One page of a folder, newest first; `before` is the last id of the previous page.
pub async fn list(
    db: &Db,
    actor: &Actor,
    folder: Folder,
    before: Option<i64>,
) -> AppResult<Vec<InboxItem>> {
    let me = actor.user_id.unwrap_or_default();
    let people = acting_for(db, actor).await?;
    let now = now_ms();
    if folder == Folder::Started {
        let mut q = winst::Entity::find().filter(winst::Column::StartedBy.eq(me));
        if let Some(b) = before {
            q = q.filter(winst::Column::Id.lt(b));
        }
        return Ok(q
            .order_by_desc(winst::Column::Id)
            .limit(PAGE)
            .all(db.conn())
            .await?
            .into_iter()
            .map(|i| InboxItem {
                id: i.id,
                instance_id: i.id,
                overdue: i.due_at.is_some_and(|d| d < now)
                    && i.status == super::engine::status::RUNNING,
                title: i.title,
                module: i.module,
                step_name: String::new(),
                status: i.status,
                urgent: i.urgent,
                created_at: i.started_at,
                due_at: i.due_at,
                for_whom: None,
            })
            .collect());
    }
    let mut cond = task_filter(folder, &people, me);
    if let Some(b) = before {
        cond = cond.add(wtask::Column::Id.lt(b));
    }
    let tasks = wtask::Entity::find()
        .filter(cond)
        .order_by_desc(wtask::Column::Id)
        .limit(PAGE)
        .all(db.conn())
        .await?;
    let instances: std::collections::HashMap<i64, winst::Model> = winst::Entity::find()
        .filter(winst::Column::Id.is_in(tasks.iter().map(|t| t.instance_id).collect::<Vec<_>>()))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let others: Vec<i64> = tasks
        .iter()
        .map(|t| t.assignee_id)
        .filter(|a| *a != me)
        .collect();
    let names: std::collections::HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(others))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(tasks
        .into_iter()
        .filter_map(|t| {
            let i = instances.get(&t.instance_id)?;
            Some(InboxItem {
                id: t.id,
                instance_id: i.id,
                title: i.title.clone(),
                module: i.module.clone(),
                overdue: t.status == task_status::PENDING && t.due_at.is_some_and(|d| d < now),
                step_name: t.step_name,
                status: t.status,
                urgent: i.urgent,
                created_at: t.created_at,
                due_at: t.due_at,
                for_whom: (t.assignee_id != me)
                    .then(|| names.get(&t.assignee_id).cloned().unwrap_or_default()),
            })
        })
        .collect())
}

/// Counts shown in the navigation: 待办 and unread 传阅.
pub async fn counts(db: &Db, actor: &Actor) -> AppResult<(u64, u64)> {
    let me = actor.user_id.unwrap_or_default();
    let people = acting_for(db, actor).await?;
    let todo = wtask::Entity::find()
        .filter(task_filter(Folder::Todo, &people, me))
        .count(db.conn())
        .await?;
    let unread = wtask::Entity::find()
        .filter(task_filter(Folder::Unread, &people, me))
        .count(db.conn())
        .await?;
    Ok((todo, unread))
}
