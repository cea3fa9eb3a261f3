//! The demo organisation's people who handle the sample records, the task each one holds, and
//! their 同意 on it.

use sanban_platform::{
    AppError, AppResult, Db,
    auth::{Actor, service::load_actor},
    entity::{department, user, workflow_task as wtask},
    workflow::{
        Action,
        engine::{self, task_status},
    },
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::MODULE;

pub(super) struct People {
    /// 收发员
    pub clerk: Actor,
    /// 办公室主任
    pub director: Actor,
    /// 主要领导
    pub chief: Actor,
    /// 分管领导
    pub deputy: Actor,
    /// 政策法规处处长
    pub policy_head: Actor,
    /// 财务审计处处长
    pub finance_head: Actor,
    /// 政策法规处科员
    pub policy_staff: Actor,
    /// 办公室科员
    pub office_staff: Actor,
    pub policy: i64,
    pub planning: i64,
    pub finance: i64,
}

async fn person(db: &Db, username: &str) -> AppResult<Option<Actor>> {
    let Some(u) = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    load_actor(db, u.id, None, None).await
}

async fn department(db: &Db, name: &str) -> AppResult<Option<i64>> {
    Ok(department::Entity::find()
        .filter(department::Column::Name.eq(name))
        .one(db.conn())
        .await?
        .map(|d| d.id))
}

impl People {
    /// `None` unless every one of them is in the organisation.
    pub async fn find(db: &Db) -> AppResult<Option<People>> {
        let people = (
            person(db, "zhoulei").await?,
            person(db, "zhangwei").await?,
            person(db, "chenjianguo").await?,
            person(db, "liminghua").await?,
            person(db, "majun").await?,
            person(db, "xieping").await?,
            person(db, "linfang").await?,
            person(db, "hejing").await?,
        );
        let departments = (
            department(db, "政策法规处").await?,
            department(db, "综合规划处").await?,
            department(db, "财务审计处").await?,
        );
        let (
            (
                Some(clerk),
                Some(director),
                Some(chief),
                Some(deputy),
                Some(policy_head),
                Some(finance_head),
                Some(policy_staff),
                Some(office_staff),
            ),
            (Some(policy), Some(planning), Some(finance)),
        ) = (people, departments)
        else {
            return Ok(None);
        };
        Ok(Some(People {
            clerk,
            director,
            chief,
            deputy,
            policy_head,
            finance_head,
            policy_staff,
            office_staff,
            policy,
            planning,
            finance,
        }))
    }
}

/// The task `who` holds now on the record's workflow.
pub(super) async fn task_of(db: &Db, record_id: &str, who: &Actor) -> AppResult<wtask::Model> {
    let missing = || {
        AppError::Internal(anyhow::anyhow!(
            "demo: {} holds no task on {record_id}",
            who.username
        ))
    };
    let inst = engine::instance_of_record(db.conn(), MODULE, record_id)
        .await?
        .ok_or_else(missing)?;
    wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::AssigneeId.eq(who.user_id.ok_or_else(missing)?))
        .filter(wtask::Column::Status.eq(task_status::PENDING))
        .one(db.conn())
        .await?
        .ok_or_else(missing)
}

/// `who` gives 同意 with `opinion` on the task they hold on the record.
pub(super) async fn approve(db: &Db, record_id: &str, who: &Actor, opinion: &str) -> AppResult<()> {
    let task = task_of(db, record_id, who).await?;
    engine::act(
        db,
        who,
        task.id,
        task.version,
        Action::Approve {
            opinion: opinion.into(),
        },
    )
    .await
}
