//! Registering 督办事项 and finding them. Every task starts its workflow in the same
//! transaction, so a task without its 落实反馈 step never exists.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::{WriteTx, now_ms},
    workflow::{StartRequest, start_in},
};
use sea_orm::{ConnectionTrait, Value};
use serde::Deserialize;
use serde_json::json;

use super::{
    access::{self, record_id},
    flow,
    input::{Clean, TaskInput, clean},
    model::{self, DAY_MS, Partner, SELECT, Source, State, Task},
};
use crate::{MODULE, sql};

/// Where a task taken from another module came from.
pub struct Origin {
    pub module: String,
    pub record: String,
    pub url: Option<String>,
}

/// Registers a task; the 督查 staff only.
pub async fn create(db: &Db, actor: &Actor, input: &TaskInput) -> AppResult<Task> {
    access::require_office(actor)?;
    let c = clean(db.conn(), input).await?;
    let tx = db.begin_write().await?;
    let id = create_in(&tx, actor, &c, None).await?;
    let task = get_in(&*tx, id).await?;
    tx.commit().await?;
    Ok(task)
}

/// Writes the task, its 配合 departments and milestones, starts its workflow and records it.
pub async fn create_in(
    tx: &WriteTx,
    actor: &Actor,
    c: &Clean,
    origin: Option<&Origin>,
) -> AppResult<i64> {
    let now = now_ms();
    let id = sql::insert(
        &**tx,
        "INSERT INTO sup_tasks (source, parent_id, title, content, measures, due_at, leader_id, \
         department_id, owner_id, state, source_module, source_record, source_url, created_by, \
         created_at, updated_at, report_every) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         RETURNING id",
        vec![
            c.source.code().into(),
            c.parent_id.into(),
            c.title.clone().into(),
            c.content.clone().into(),
            c.measures.clone().into(),
            c.due_at.into(),
            c.leader_id.into(),
            c.department_id.into(),
            c.owner_id.into(),
            State::Handling.code().into(),
            origin.map(|o| o.module.clone()).into(),
            origin.map(|o| o.record.clone()).into(),
            origin.and_then(|o| o.url.clone()).into(),
            actor.user_id.into(),
            now.into(),
            now.into(),
            c.report_every.code().into(),
        ],
    )
    .await?;
    for p in &c.partner_ids {
        sql::exec(
            &**tx,
            "INSERT INTO sup_task_departments (task_id, department_id) VALUES ($1, $2)",
            vec![id.into(), (*p).into()],
        )
        .await?;
    }
    for (title, at) in &c.milestones {
        sql::exec(
            &**tx,
            "INSERT INTO sup_milestones (task_id, title, due_at) VALUES ($1, $2, $3)",
            vec![id.into(), title.clone().into(), (*at).into()],
        )
        .await?;
    }
    let mut fields = serde_json::Map::new();
    fields.insert(flow::OWNER_FIELD.into(), json!([c.owner_id]));
    fields.insert("source".into(), json!(c.source.code()));
    let inst = start_in(
        tx,
        actor,
        StartRequest {
            definition_key: flow::DEFINITION.into(),
            module: MODULE.into(),
            record_id: record_id(id),
            title: c.title.clone(),
            department_id: Some(c.department_id),
            fields,
            urgent: false,
            due_at: Some(c.due_at),
        },
    )
    .await?;
    sql::exec(
        &**tx,
        "UPDATE sup_tasks SET instance_id = $1 WHERE id = $2",
        vec![inst.id.into(), id.into()],
    )
    .await?;
    let task = get_in(&**tx, id).await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "supervision.task.create",
            "sup_tasks",
            id,
            format!("立项督办「{}」（{}）", c.title, c.source.label()),
        )
        .after(&task),
    )
    .await?;
    Ok(id)
}

pub async fn get_in(conn: &impl ConnectionTrait, id: i64) -> AppResult<Task> {
    let r = sql::one(conn, &format!("{SELECT} WHERE t.id = $1"), vec![id.into()])
        .await?
        .ok_or_else(|| AppError::not_found("督办事项"))?;
    let mut task = model::row(&r, now_ms())?;
    task.partners = sql::all(
        conn,
        "SELECT d.id, d.name FROM sup_task_departments p JOIN departments d \
         ON d.id = p.department_id WHERE p.task_id = $1 ORDER BY d.sort_order, d.id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Partner {
            id: r.try_get("", "id")?,
            name: r.try_get("", "name")?,
        })
    })
    .collect::<AppResult<_>>()?;
    Ok(task)
}

/// One task, for someone who may see it.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Task> {
    access::require_read(db.conn(), actor, id).await?;
    get_in(db.conn(), id).await
}

/// Which tasks a list shows, and in what order.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// `mine` (I am the 责任人), `led` (departments I am in charge of, for leaders), or empty
    /// for every task I may see.
    #[serde(default)]
    pub view: String,
    pub department_id: Option<i64>,
    /// A 任务来源 code.
    #[serde(default)]
    pub source: String,
    /// `open`, `overdue`, `closed`, `terminated`, or empty for all.
    #[serde(default)]
    pub state: String,
    /// `overdue` puts overdue tasks first; otherwise the nearest deadline first.
    #[serde(default)]
    pub sort: String,
    /// Sub-tasks of one 年度重点工作任务.
    pub parent_id: Option<i64>,
}

pub async fn list(db: &Db, actor: &Actor, f: &Filter) -> AppResult<Vec<Task>> {
    list_at(db.conn(), actor, f, now_ms()).await
}

/// [`list`] as seen at `now`, which decides what is overdue.
pub async fn list_at(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    f: &Filter,
    now: i64,
) -> AppResult<Vec<Task>> {
    let mut vals: Vec<Value> = Vec::new();
    let mut conds = vec![access::visible(actor, &mut vals)];
    match f.view.as_str() {
        "" | "all" => {}
        "mine" => {
            vals.push(actor.user_id.unwrap_or_default().into());
            conds.push(format!("t.owner_id = ${}", vals.len()));
        }
        "led" => {
            vals.push(actor.user_id.unwrap_or_default().into());
            let n = vals.len();
            conds.push(format!(
                "(t.leader_id = ${n} OR t.department_id IN \
                 (SELECT department_id FROM leader_departments WHERE leader_id = ${n}))"
            ));
        }
        _ => return Err(AppError::bad("未知的视图")),
    }
    if let Some(d) = f.department_id {
        vals.push(d.into());
        let n = vals.len();
        conds.push(format!(
            "(t.department_id = ${n} OR EXISTS (SELECT 1 FROM sup_task_departments p \
             WHERE p.task_id = t.id AND p.department_id = ${n}))"
        ));
    }
    if !f.source.trim().is_empty() {
        let s = Source::parse(&f.source).ok_or_else(|| AppError::bad("未知的任务来源"))?;
        vals.push(s.code().into());
        conds.push(format!("t.source = ${}", vals.len()));
    }
    if let Some(p) = f.parent_id {
        vals.push(p.into());
        conds.push(format!("t.parent_id = ${}", vals.len()));
    }
    let late = if f.state == "overdue" || f.sort == "overdue" {
        vals.push((now - DAY_MS).into());
        vals.len()
    } else {
        0
    };
    let open = "t.state IN ('handling', 'reviewing')";
    match f.state.as_str() {
        "" => {}
        "open" => conds.push(open.into()),
        "overdue" => conds.push(format!("{open} AND t.due_at <= ${late}")),
        "closed" => conds.push("t.state = 'closed'".into()),
        "terminated" => conds.push("t.state = 'terminated'".into()),
        _ => return Err(AppError::bad("未知的办理状态")),
    }
    let order = if f.sort == "overdue" {
        format!(
            "CASE WHEN {open} AND t.due_at <= ${late} THEN 0 WHEN {open} THEN 1 ELSE 2 END, \
             t.due_at, t.id"
        )
    } else {
        format!("CASE WHEN {open} THEN 0 ELSE 1 END, t.due_at, t.id")
    };
    sql::all(
        conn,
        &format!(
            "{SELECT} WHERE {} ORDER BY {order} LIMIT 2000",
            conds.join(" AND ")
        ),
        vals,
    )
    .await?
    .iter()
    .map(|r| model::row(r, now))
    .collect()
}
