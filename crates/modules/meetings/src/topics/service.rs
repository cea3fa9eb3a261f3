//! Submitting a 议题单 and following its approval. A department's people submit; its
//! 分管领导 and then the office approve through the workflow; the department, the office and
//! those who approve see it.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
    web::format,
    workflow::{
        StartRequest,
        engine::{self, DRAFTER_STEP, status},
        start_in,
    },
};
use sea_orm::{ConnectionTrait, QueryResult, Value};
use serde_json::{Map, json};

use super::{
    flow,
    model::{Topic, TopicInput},
};
use crate::{MODULE, access, sql};

pub fn record_id(id: i64) -> String {
    format!("topic:{id}")
}

const COLUMNS: &str = "id, title, department_id, department_name, background, proposal, major, \
    submitted_by_name, created_at";

async fn row(conn: &impl ConnectionTrait, r: &QueryResult) -> AppResult<Topic> {
    let id: i64 = r.try_get("", "id")?;
    let inst = engine::instance_of_record(conn, MODULE, &record_id(id)).await?;
    let returned = inst
        .as_ref()
        .is_some_and(|i| i.status == status::RUNNING && i.current_step == DRAFTER_STEP);
    let (status_label, approved) = match &inst {
        None => ("未提交".to_string(), false),
        Some(i) if i.status == status::COMPLETED => ("已通过".to_string(), true),
        Some(i) if i.status == status::RUNNING && i.current_step == DRAFTER_STEP => {
            ("已退回修改".to_string(), false)
        }
        Some(i) if i.status == status::RUNNING => {
            let step = flow::definition()
                .steps
                .get(i.current_step.max(0) as usize)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| "修改".into());
            (format!("审批中（{step}）"), false)
        }
        Some(i) if i.status == status::WITHDRAWN => ("已撤回".to_string(), false),
        Some(_) => ("未通过".to_string(), false),
    };
    Ok(Topic {
        id,
        title: r.try_get("", "title")?,
        department_id: r.try_get("", "department_id")?,
        department_name: r.try_get("", "department_name")?,
        background: r.try_get("", "background")?,
        proposal: r.try_get("", "proposal")?,
        major: r.try_get("", "major")?,
        submitted_by_name: r.try_get("", "submitted_by_name")?,
        submitted_text: format::datetime_cn(r.try_get("", "created_at")?),
        status_label,
        approved,
        returned,
        instance_id: inst.map(|i| i.id),
    })
}

pub async fn get_in(conn: &impl ConnectionTrait, id: i64) -> AppResult<Topic> {
    let r = sql::one(
        conn,
        &format!("SELECT {COLUMNS} FROM mtg_topics WHERE id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("议题"))?;
    row(conn, &r).await
}

pub async fn submit(db: &Db, actor: &Actor, input: &TopicInput) -> AppResult<Topic> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let dept = actor
        .department_id
        .ok_or_else(|| AppError::bad("议题由部门提交：您还没有所属部门，请联系管理员"))?;
    let title = sql::text("议题名称", &input.title, 200, true)?;
    let background = sql::text("背景情况", &input.background, 10_000, true)?;
    let proposal = sql::text("建议方案", &input.proposal, 10_000, true)?;
    let tx = db.begin_write().await?;
    let dept_name: String = sql::one(
        &*tx,
        "SELECT name FROM departments WHERE id = $1",
        vec![dept.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("部门"))?
    .try_get("", "name")?;
    let id = sql::insert(
        &*tx,
        "INSERT INTO mtg_topics (title, department_id, department_name, background, proposal, \
         major, submitted_by, submitted_by_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        vec![
            title.clone().into(),
            dept.into(),
            dept_name.into(),
            background.into(),
            proposal.into(),
            Value::from(input.major),
            uid.into(),
            actor.name.clone().into(),
            now_ms().into(),
        ],
    )
    .await?;
    let mut fields = Map::new();
    fields.insert("major".into(), json!(input.major));
    start_in(
        &tx,
        actor,
        StartRequest {
            definition_key: flow::KEY.into(),
            module: MODULE.into(),
            record_id: record_id(id),
            title: format!("议题：{title}"),
            department_id: Some(dept),
            fields,
            urgent: false,
            due_at: None,
        },
    )
    .await?;
    let topic = get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.topic.submit",
            "mtg_topic",
            id,
            format!("提交议题「{title}」"),
        )
        .after(&topic),
    )
    .await?;
    tx.commit().await?;
    Ok(topic)
}

/// Revises a 议题单 sent back for changes; the department then submits it again through its
/// task in the approval.
pub async fn revise(db: &Db, actor: &Actor, id: i64, input: &TopicInput) -> AppResult<Topic> {
    let title = sql::text("议题名称", &input.title, 200, true)?;
    let background = sql::text("背景情况", &input.background, 10_000, true)?;
    let proposal = sql::text("建议方案", &input.proposal, 10_000, true)?;
    let tx = db.begin_write().await?;
    let before = get_in(&*tx, id).await?;
    if actor.department_id != Some(before.department_id) {
        return Err(AppError::Forbidden);
    }
    if !before.returned {
        return Err(AppError::bad("只有退回修改的议题单才能修改"));
    }
    sql::exec(
        &*tx,
        "UPDATE mtg_topics SET title = $1, background = $2, proposal = $3, major = $4 \
         WHERE id = $5",
        vec![
            title.clone().into(),
            background.into(),
            proposal.into(),
            Value::from(input.major),
            id.into(),
        ],
    )
    .await?;
    if let Some(i) = before.instance_id {
        let mut fields = Map::new();
        fields.insert("major".into(), json!(input.major));
        engine::set_fields(&tx, i, fields).await?;
    }
    let after = get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.topic.revise",
            "mtg_topic",
            id,
            format!("修改议题「{title}」"),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The office, the submitting department, and whoever has acted or is to act on it.
async fn can_see(db: &Db, actor: &Actor, t: &Topic) -> AppResult<bool> {
    if access::is_office(actor) || actor.department_id == Some(t.department_id) {
        return Ok(true);
    }
    match t.instance_id {
        Some(i) => match engine::detail(db, actor, i).await {
            Ok(_) => Ok(true),
            Err(AppError::Forbidden) => Ok(false),
            Err(e) => Err(e),
        },
        None => Ok(false),
    }
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Topic> {
    let t = get_in(db.conn(), id).await?;
    if !can_see(db, actor, &t).await? {
        return Err(AppError::Forbidden);
    }
    Ok(t)
}

/// Newest first: all for the office, the department's own for anyone else.
pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Topic>> {
    let (filter, vals): (&str, Vec<Value>) = if access::is_office(actor) {
        ("", vec![])
    } else {
        match actor.department_id {
            Some(d) => (" WHERE department_id = $1", vec![d.into()]),
            None => return Ok(Vec::new()),
        }
    };
    let rows = sql::all(
        db.conn(),
        &format!("SELECT {COLUMNS} FROM mtg_topics{filter} ORDER BY id DESC LIMIT 1000"),
        vals,
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(row(db.conn(), r).await?);
    }
    Ok(out)
}
