//! Use-cases of the engine. Every action is one transaction that first takes the instance's
//! row (so actions on one record queue up on every node), then checks the task the person saw
//! is still the one to act on (so two clicks, or two people, cannot both act).

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement,
};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    assign,
    definition::{Definition, SignMode},
};
use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{Db, WriteTx, now_ms, raw},
    entity::{
        user, workflow_definition as wdef, workflow_instance as winst, workflow_opinion as wop,
        workflow_task as wtask,
    },
    error::{AppError, AppResult},
    org::delegation,
    web::format,
};

/// The step index of the initiator's own step after a 退回 to the drafter.
pub const DRAFTER_STEP: i32 = -1;

pub mod status {
    pub const RUNNING: &str = "running";
    pub const COMPLETED: &str = "completed";
    pub const TERMINATED: &str = "terminated";
    pub const WITHDRAWN: &str = "withdrawn";

    /// How pages name an instance's state.
    pub fn label(s: &str) -> &'static str {
        match s {
            RUNNING => "办理中",
            COMPLETED => "已办结",
            TERMINATED => "已终止",
            WITHDRAWN => "已撤回",
            _ => "未知",
        }
    }
}

pub mod task_status {
    pub const PENDING: &str = "pending";
    pub const DONE: &str = "done";
    pub const RETURNED: &str = "returned";
    pub const TRANSFERRED: &str = "transferred";
    pub const CANCELLED: &str = "cancelled";
    pub const WITHDRAWN: &str = "withdrawn";
    /// The holder asked someone else first (加签) and waits for their 意见.
    pub const CONSULTING: &str = "consulting";
    /// The 加签 came back; the holder got a fresh task to go on with.
    pub const CONSULTED: &str = "consulted";
}

pub const KIND_APPROVE: &str = "approve";
pub const KIND_READ: &str = "read";

/// What a module asks the engine to run.
#[derive(Clone, Debug)]
pub struct StartRequest {
    pub definition_key: String,
    pub module: String,
    pub record_id: String,
    pub title: String,
    pub department_id: Option<i64>,
    pub fields: Map<String, Value>,
    pub urgent: bool,
    pub due_at: Option<i64>,
}

#[derive(Clone, Debug)]
pub enum Action {
    /// 同意 / 办理 with an 意见 (may be empty).
    Approve { opinion: String },
    /// 退回 to an earlier step, or to the drafter ([`DRAFTER_STEP`]); a reason is required.
    Return { to_step: i32, reason: String },
    /// 转办: hand this task to someone else.
    Transfer { to_user: i64, note: String },
    /// 已阅 on a 传阅 task.
    MarkRead { comment: String },
    /// 加签: ask someone else for their 意见 first; the task comes back to its holder after.
    AddSign { to_user: i64, note: String },
}

/// Stores a definition version. A stored version is frozen: the same key and version with a
/// different body is refused, so running instances never change underfoot.
pub async fn register(db: &Db, def: &Definition) -> AppResult<()> {
    def.validate().map_err(AppError::BadRequest)?;
    let body = serde_json::to_string(def).map_err(|e| AppError::Internal(e.into()))?;
    let existing = wdef::Entity::find()
        .filter(wdef::Column::Key.eq(def.key.as_str()))
        .filter(wdef::Column::Version.eq(def.version))
        .one(db.conn())
        .await?;
    match existing {
        Some(row) if row.body == body => Ok(()),
        Some(_) => Err(AppError::Conflict(format!(
            "流程「{}」第 {} 版已存在且内容不同；修改流程请使用新版本号",
            def.name, def.version
        ))),
        None => {
            wdef::ActiveModel {
                id: NotSet,
                key: Set(def.key.clone()),
                version: Set(def.version),
                name: Set(def.name.clone()),
                body: Set(body),
                created_at: Set(now_ms()),
            }
            .insert(db.conn())
            .await?;
            Ok(())
        }
    }
}

async fn latest_definition(conn: &impl ConnectionTrait, key: &str) -> AppResult<Definition> {
    let row = wdef::Entity::find()
        .filter(wdef::Column::Key.eq(key))
        .order_by_desc(wdef::Column::Version)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::bad(format!("没有名为「{key}」的流程")))?;
    serde_json::from_str(&row.body).map_err(|e| AppError::Internal(e.into()))
}

async fn definition_of(conn: &impl ConnectionTrait, inst: &winst::Model) -> AppResult<Definition> {
    let row = wdef::Entity::find()
        .filter(wdef::Column::Key.eq(inst.definition_key.as_str()))
        .filter(wdef::Column::Version.eq(inst.definition_version))
        .one(conn)
        .await?
        .ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!(
                "definition {} v{} missing",
                inst.definition_key,
                inst.definition_version
            ))
        })?;
    serde_json::from_str(&row.body).map_err(|e| AppError::Internal(e.into()))
}

/// The definitions `instances` were started on, each read once: a page of a list seldom
/// holds more than a few. One that cannot be read is left out and logged; a list names no
/// step for its records rather than failing whole.
pub async fn definitions_of(
    conn: &impl ConnectionTrait,
    instances: &[winst::Model],
) -> AppResult<std::collections::HashMap<(String, i32), Definition>> {
    let mut found = std::collections::HashMap::new();
    let mut tried = std::collections::HashSet::new();
    for inst in instances {
        let key = (inst.definition_key.clone(), inst.definition_version);
        if !tried.insert(key.clone()) {
            continue;
        }
        match definition_of(conn, inst).await {
            Ok(def) => {
                found.insert(key, def);
            }
            Err(AppError::Internal(e)) => {
                tracing::warn!(error = %e, "a record's workflow definition cannot be read");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(found)
}

/// The name of step `step` of `def`; after a 退回 to the starter, 「拟稿人修改」 or the like.
fn step_name(def: &Definition, step: i32) -> String {
    match step {
        DRAFTER_STEP => format!("{}修改", def.starter_person()),
        i => def
            .steps
            .get(i as usize)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
    }
}

/// Where an instance stands, as a list shows it: the step it waits on, or how it ended.
pub fn standing(def: &Definition, inst: &winst::Model) -> String {
    if inst.status == status::RUNNING {
        step_name(def, inst.current_step)
    } else {
        status::label(&inst.status).to_string()
    }
}

fn fields_of(inst: &winst::Model) -> Map<String, Value> {
    serde_json::from_str(&inst.fields).unwrap_or_default()
}

async fn signer(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    on_behalf_of: Option<i64>,
) -> AppResult<(String, Option<String>)> {
    let post = raw::one(
        conn,
        "SELECT posts.name FROM users JOIN posts ON posts.id = users.post_id WHERE users.id = $1",
        vec![actor.user_id.unwrap_or_default().into()],
    )
    .await?
    .map(|r| r.try_get_by_index::<String>(0))
    .transpose()?;
    let name = if on_behalf_of.is_some() {
        format!("{}（代）", actor.name)
    } else {
        actor.name.clone()
    };
    Ok((name, post))
}

/// A row of the 处理过程 by the person who started the instance, under the start's 环节.
async fn starter_row(
    tx: &WriteTx,
    actor: &Actor,
    inst: i64,
    def: &Definition,
    action: &str,
    text: &str,
) -> AppResult<()> {
    opinion(tx, actor, inst, None, def.start_step(), action, None, text).await
}

#[allow(clippy::too_many_arguments)]
async fn opinion(
    tx: &WriteTx,
    actor: &Actor,
    inst: i64,
    task: Option<i64>,
    step: &str,
    action: &str,
    on_behalf_of: Option<i64>,
    text: &str,
) -> AppResult<()> {
    let (signer, post) = signer(&**tx, actor, on_behalf_of).await?;
    wop::ActiveModel {
        id: NotSet,
        instance_id: Set(inst),
        task_id: Set(task),
        step_name: Set(step.to_string()),
        action: Set(action.to_string()),
        person_id: Set(actor.user_id.ok_or(AppError::Forbidden)?),
        signer: Set(signer),
        on_behalf_of: Set(on_behalf_of),
        post: Set(post),
        text: Set(text.trim().to_string()),
        at: Set(now_ms()),
    }
    .insert(&**tx)
    .await?;
    Ok(())
}

/// Keeps the record findable by its title and every 意见 written on it, by everyone who takes
/// part in it. Every public action calls it once, last, when its tasks and 意见 are written.
async fn reindex(tx: &WriteTx, inst: i64) -> AppResult<()> {
    // The title and the 意见 in one statement: this runs inside every action's write.
    let rows = raw::all(
        &**tx,
        "SELECT i.title, o.text FROM workflow_instances i \
         LEFT JOIN workflow_opinions o ON o.instance_id = i.id AND o.text <> '' \
         WHERE i.id = $1 ORDER BY o.id",
        vec![inst.into()],
    )
    .await?;
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let title: String = first.try_get_by_index(0)?;
    let mut texts = Vec::with_capacity(rows.len());
    for r in &rows {
        if let Some(t) = r.try_get_by_index::<Option<String>>(1)? {
            texts.push(t);
        }
    }
    let readers = raw::all(
        &**tx,
        "SELECT started_by FROM workflow_instances WHERE id = $1 \
         UNION SELECT assignee_id FROM workflow_tasks WHERE instance_id = $1 \
         UNION SELECT acted_by FROM workflow_tasks WHERE instance_id = $1 AND acted_by IS NOT NULL",
        vec![inst.into()],
    )
    .await?
    .iter()
    .map(|r| r.try_get_by_index::<i64>(0))
    .collect::<Result<Vec<_>, _>>()?;
    crate::search::index(
        &**tx,
        crate::search::Entry {
            kind: crate::search::KIND_WORKFLOW,
            ref_id: inst,
            title: &title,
            body: &texts.join("\n"),
            readers: &readers,
        },
    )
    .await
}

async fn create_tasks(
    tx: &WriteTx,
    def: &Definition,
    inst: &winst::Model,
    step: i32,
) -> AppResult<()> {
    let (name, people, due_days) = if step == DRAFTER_STEP {
        ("修改后重新提交".to_string(), vec![inst.started_by], None)
    } else {
        let s = &def.steps[step as usize];
        let fields = fields_of(inst);
        let ctx = assign::Context {
            department_id: inst.department_id,
            initiator: inst.started_by,
            fields: &fields,
        };
        (
            s.name.clone(),
            assign::resolve(&**tx, &s.assignee, &s.name, &ctx).await?,
            s.due_days,
        )
    };
    let now = now_ms();
    let due = due_days
        .map(|d| now + Duration::days(d).num_milliseconds())
        .or(inst.due_at);
    insert_tasks(
        tx,
        inst.id,
        &inst.title,
        NewTasks {
            step_index: step,
            step_name: &name,
            kind: KIND_APPROVE,
            due_at: due,
            parent_task_id: None,
        },
        &people,
    )
    .await
}

/// A new task waiting on `assignee`.
async fn pending_task(
    tx: &WriteTx,
    instance_id: i64,
    step_index: i32,
    step_name: &str,
    kind: &str,
    assignee: i64,
    due_at: Option<i64>,
) -> AppResult<()> {
    insert_task(
        tx,
        instance_id,
        step_index,
        step_name,
        kind,
        assignee,
        due_at,
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn insert_task(
    tx: &WriteTx,
    instance_id: i64,
    step_index: i32,
    step_name: &str,
    kind: &str,
    assignee: i64,
    due_at: Option<i64>,
    parent_task_id: Option<i64>,
) -> AppResult<()> {
    let title = winst::Entity::find_by_id(instance_id)
        .one(&**tx)
        .await?
        .map(|i| i.title)
        .unwrap_or_default();
    insert_tasks(
        tx,
        instance_id,
        &title,
        NewTasks {
            step_index,
            step_name,
            kind,
            due_at,
            parent_task_id,
        },
        &[assignee],
    )
    .await
}

/// What the tasks of one step given to several people share.
struct NewTasks<'a> {
    step_index: i32,
    step_name: &'a str,
    kind: &'a str,
    due_at: Option<i64>,
    parent_task_id: Option<i64>,
}

/// New tasks waiting on each of `assignees`, written and announced in a fixed number of
/// statements however many people a step names.
async fn insert_tasks(
    tx: &WriteTx,
    instance_id: i64,
    title: &str,
    t: NewTasks<'_>,
    assignees: &[i64],
) -> AppResult<()> {
    if assignees.is_empty() {
        return Ok(());
    }
    let now = now_ms();
    wtask::Entity::insert_many(assignees.iter().map(|&assignee| wtask::ActiveModel {
        id: NotSet,
        instance_id: Set(instance_id),
        step_index: Set(t.step_index),
        step_name: Set(t.step_name.to_string()),
        kind: Set(t.kind.into()),
        assignee_id: Set(assignee),
        status: Set(task_status::PENDING.into()),
        acted_by: Set(None),
        created_at: Set(now),
        acted_at: Set(None),
        due_at: Set(t.due_at),
        version: Set(1),
        parent_task_id: Set(t.parent_task_id),
    }))
    .exec_without_returning(&**tx)
    .await?;
    // The people learn of the new 待办 where they look (the bell, e-mail, the department's
    // robot), not only when they next open the inbox.
    let heading = match (t.kind, t.parent_task_id) {
        (KIND_READ, _) => "请阅知".to_string(),
        (_, Some(_)) => format!("请就「{}」提出意见（加签）", t.step_name),
        _ => format!("新待办：{}", t.step_name),
    };
    crate::notify::send_many(
        &**tx,
        assignees,
        &heading,
        title,
        Some(&format!("/workflow/{instance_id}")),
    )
    .await
}

/// Takes the instance's row for the rest of the transaction and returns it as now committed.
async fn lock_instance(tx: &WriteTx, id: i64) -> AppResult<winst::Model> {
    let backend = tx.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "UPDATE workflow_instances SET version = version + 1 WHERE id = $1"
        }
        _ => "UPDATE workflow_instances SET version = version + 1 WHERE id = ?",
    };
    let res = tx
        .execute_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await?;
    if res.rows_affected() != 1 {
        return Err(AppError::not_found("流转事项"));
    }
    winst::Entity::find_by_id(id)
        .one(&**tx)
        .await?
        .ok_or_else(|| AppError::not_found("流转事项"))
}

/// Starts an instance on the latest version of a definition; the first applicable step's
/// people get their tasks.
pub async fn start(db: &Db, actor: &Actor, req: StartRequest) -> AppResult<winst::Model> {
    let tx = db.begin_write().await?;
    let inst = start_in(&tx, actor, req).await?;
    tx.commit().await?;
    Ok(inst)
}

/// [`start`] inside a module's own transaction, so its record and the instance are written
/// together or not at all.
pub async fn start_in(tx: &WriteTx, actor: &Actor, req: StartRequest) -> AppResult<winst::Model> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let title = crate::org::validate::name("标题", &req.title, 200)?;
    let def = latest_definition(&**tx, &req.definition_key).await?;
    let first = def
        .next_applicable(0, &req.fields)
        .ok_or_else(|| AppError::bad("按当前内容，该流程没有需要办理的步骤"))?;
    let inst = winst::ActiveModel {
        id: NotSet,
        definition_key: Set(def.key.clone()),
        definition_version: Set(def.version),
        module: Set(req.module.clone()),
        record_id: Set(req.record_id.clone()),
        title: Set(title.clone()),
        department_id: Set(req.department_id),
        fields: Set(Value::Object(req.fields.clone()).to_string()),
        status: Set(status::RUNNING.into()),
        current_step: Set(first as i32),
        started_by: Set(uid),
        started_at: Set(now_ms()),
        finished_at: Set(None),
        due_at: Set(req.due_at),
        urgent: Set(req.urgent),
        version: Set(1),
    }
    .insert(&**tx)
    .await?;
    create_tasks(tx, &def, &inst, first as i32).await?;
    starter_row(tx, actor, inst.id, &def, "submit", "提交").await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "workflow.start",
            "workflow_instances",
            inst.id,
            format!("提交「{title}」（{}）", def.name),
        ),
    )
    .await?;
    reindex(tx, inst.id).await?;
    Ok(inst)
}

/// Whom `actor` may act for today: themself and anyone they are 代理 for.
pub async fn acting_for(db: &Db, actor: &Actor) -> AppResult<Vec<i64>> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let mut ids = vec![uid];
    ids.extend(delegation::principals_of(db, uid, format::today()).await?);
    Ok(ids)
}

fn already_handled() -> AppError {
    AppError::Conflict(
        "该事项已被处理（可能是重复提交，或已由他人办理），请刷新页面查看最新状态".into(),
    )
}

/// Moves past the current step once it is complete: to the next applicable step, or done.
async fn advance(
    tx: &WriteTx,
    actor: &Actor,
    def: &Definition,
    inst: &winst::Model,
) -> AppResult<()> {
    let from = if inst.current_step == DRAFTER_STEP {
        0
    } else {
        inst.current_step as usize + 1
    };
    let fields = fields_of(inst);
    let mut am: winst::ActiveModel = inst.clone().into();
    match def.next_applicable(from, &fields) {
        Some(next) => {
            am.current_step = Set(next as i32);
            let updated = am.update(&**tx).await?;
            create_tasks(tx, def, &updated, next as i32).await?;
        }
        None => {
            am.status = Set(status::COMPLETED.into());
            am.finished_at = Set(Some(now_ms()));
            am.update(&**tx).await?;
            audit::record(
                tx,
                actor,
                Change::new(
                    "workflow.complete",
                    "workflow_instances",
                    inst.id,
                    format!("「{}」办结", inst.title),
                ),
            )
            .await?;
        }
    }
    Ok(())
}

async fn set_status(
    tx: &WriteTx,
    task: &wtask::Model,
    status: &str,
    acted_by: Option<i64>,
) -> AppResult<()> {
    let mut am: wtask::ActiveModel = task.clone().into();
    am.status = Set(status.into());
    am.acted_by = Set(acted_by);
    am.acted_at = Set(Some(now_ms()));
    am.version = Set(task.version + 1);
    let res = wtask::Entity::update_many()
        .set(am)
        .filter(wtask::Column::Id.eq(task.id))
        .filter(wtask::Column::Version.eq(task.version))
        .exec(&**tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(already_handled());
    }
    Ok(())
}

/// The step's tasks still open: pending, waiting on a 加签, or the 加签 asked of someone.
async fn pending_in_step(tx: &WriteTx, inst: i64, step: i32) -> AppResult<Vec<wtask::Model>> {
    Ok(wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst))
        .filter(wtask::Column::StepIndex.eq(step))
        .filter(wtask::Column::Kind.eq(KIND_APPROVE))
        .filter(wtask::Column::Status.is_in([task_status::PENDING, task_status::CONSULTING]))
        .all(&**tx)
        .await?)
}

/// Acts on a task the person saw at `seen_version`.
pub async fn act(
    db: &Db,
    actor: &Actor,
    task_id: i64,
    seen_version: i32,
    action: Action,
) -> AppResult<()> {
    // A task never changes instance, so it is read once. Who may not see the record hears
    // 403 or 404, not that its module owns it.
    let instance = wtask::Entity::find_by_id(task_id)
        .one(db.conn())
        .await?
        .map(|t| t.instance_id);
    if let Some(i) = instance {
        detail(db, actor, i).await?;
    }
    let tx = db.begin_write().await?;
    if let Some(i) = instance {
        refuse_module_only(&*tx, i).await?;
    }
    if matches!(action, Action::Approve { .. }) {
        refuse_module_step(&tx, task_id).await?;
    }
    act_in(&tx, actor, task_id, seen_version, action).await?;
    tx.commit().await?;
    Ok(())
}

/// The generic actions leave alone the instances whose module must see every move.
async fn refuse_module_only(conn: &impl ConnectionTrait, instance_id: i64) -> AppResult<()> {
    let Some(inst) = winst::Entity::find_by_id(instance_id).one(conn).await? else {
        return Ok(());
    };
    if definition_of(conn, &inst).await?.module_only {
        return Err(AppError::bad("该事项只能在其所属业务的页面上办理"));
    }
    Ok(())
}

/// The generic 同意 may not stand in for a step its module handles with its own form.
async fn refuse_module_step(tx: &WriteTx, task_id: i64) -> AppResult<()> {
    let Some(task) = wtask::Entity::find_by_id(task_id).one(&**tx).await? else {
        return Ok(());
    };
    if task.parent_task_id.is_some() || task.kind != KIND_APPROVE {
        return Ok(());
    }
    let Some(inst) = winst::Entity::find_by_id(task.instance_id)
        .one(&**tx)
        .await?
    else {
        return Ok(());
    };
    let def = definition_of(&**tx, &inst).await?;
    if def.module_steps.contains(&task.step_name) {
        return Err(AppError::bad(format!(
            "「{}」须在该事项的页面上填写相应内容后办理",
            task.step_name
        )));
    }
    Ok(())
}

/// [`act`] inside a module's own transaction: the module writes what the step decided (a
/// 拟办 proposal, a number) in the same transaction as the step itself.
pub async fn act_in(
    tx: &WriteTx,
    actor: &Actor,
    task_id: i64,
    seen_version: i32,
    action: Action,
) -> AppResult<()> {
    let instance_id = act_on_task(tx, actor, task_id, seen_version, action).await?;
    reindex(tx, instance_id).await
}

/// The step of [`act_in`]; returns the instance acted on.
async fn act_on_task(
    tx: &WriteTx,
    actor: &Actor,
    task_id: i64,
    seen_version: i32,
    action: Action,
) -> AppResult<i64> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    // On the transaction's own connection: a second one from the pool, taken while this one
    // waits on the instance lock, runs the pool dry when many act on one record at once.
    let mut for_whom = vec![uid];
    for_whom.extend(delegation::principals_on(&**tx, uid, format::today()).await?);
    let peek = wtask::Entity::find_by_id(task_id)
        .one(&**tx)
        .await?
        .ok_or_else(|| AppError::not_found("待办事项"))?;
    if !for_whom.contains(&peek.assignee_id) {
        return Err(AppError::Forbidden);
    }
    let inst = lock_instance(tx, peek.instance_id).await?;
    let task = wtask::Entity::find_by_id(task_id)
        .one(&**tx)
        .await?
        .ok_or_else(|| AppError::not_found("待办事项"))?;
    if task.status != task_status::PENDING || task.version != seen_version {
        return Err(already_handled());
    }
    let on_behalf = (task.assignee_id != uid).then_some(task.assignee_id);
    let def = definition_of(&**tx, &inst).await?;

    if task.kind == KIND_READ {
        let Action::MarkRead { comment } = action else {
            return Err(AppError::bad("传阅件只能标记为已阅"));
        };
        set_status(tx, &task, task_status::DONE, Some(uid)).await?;
        opinion(
            tx,
            actor,
            inst.id,
            Some(task.id),
            "传阅",
            "read",
            on_behalf,
            &comment,
        )
        .await?;
        audit::record(
            tx,
            actor,
            Change::new(
                "workflow.read",
                "workflow_instances",
                inst.id,
                format!("阅知「{}」", inst.title),
            ),
        )
        .await?;
        return Ok(inst.id);
    }
    if inst.status != status::RUNNING || task.step_index != inst.current_step {
        return Err(already_handled());
    }

    if task.parent_task_id.is_some() && !matches!(action, Action::Approve { .. }) {
        return Err(AppError::bad("加签事项只需填写意见后提交"));
    }

    match action {
        Action::Approve { opinion: text } if task.parent_task_id.is_some() => {
            reply_add_sign(tx, actor, &inst, &task, on_behalf, &text).await?;
        }
        Action::Approve { opinion: text } => {
            set_status(tx, &task, task_status::DONE, Some(uid)).await?;
            let label = if task.step_index == DRAFTER_STEP {
                "submit"
            } else {
                "approve"
            };
            opinion(
                tx,
                actor,
                inst.id,
                Some(task.id),
                &task.step_name,
                label,
                on_behalf,
                &text,
            )
            .await?;
            let mode = if task.step_index == DRAFTER_STEP {
                SignMode::Any
            } else {
                def.steps[task.step_index as usize].mode
            };
            let others = pending_in_step(tx, inst.id, task.step_index).await?;
            let step_done = match mode {
                SignMode::Any => {
                    for t in &others {
                        set_status(tx, t, task_status::CANCELLED, None).await?;
                    }
                    true
                }
                SignMode::All => others.is_empty(),
            };
            audit::record(
                tx,
                actor,
                Change::new(
                    "workflow.approve",
                    "workflow_instances",
                    inst.id,
                    format!("在「{}」步骤办理「{}」", task.step_name, inst.title),
                ),
            )
            .await?;
            if step_done {
                advance(tx, actor, &def, &inst).await?;
            }
        }
        Action::Return { to_step, reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(AppError::bad("退回须写明理由"));
            }
            if to_step != DRAFTER_STEP
                && (to_step < 0
                    || to_step >= task.step_index
                    || to_step as usize >= def.steps.len())
            {
                return Err(AppError::bad("只能退回到之前的步骤"));
            }
            if task.step_index == DRAFTER_STEP {
                return Err(AppError::bad("拟稿人不能退回"));
            }
            for t in pending_in_step(tx, inst.id, task.step_index).await? {
                let st = if t.id == task.id {
                    task_status::RETURNED
                } else {
                    task_status::CANCELLED
                };
                set_status(tx, &t, st, (t.id == task.id).then_some(uid)).await?;
            }
            opinion(
                tx,
                actor,
                inst.id,
                Some(task.id),
                &task.step_name,
                "return",
                on_behalf,
                reason,
            )
            .await?;
            let mut am: winst::ActiveModel = inst.clone().into();
            am.current_step = Set(to_step);
            let updated = am.update(&**tx).await?;
            create_tasks(tx, &def, &updated, to_step).await?;
            let target = if to_step == DRAFTER_STEP {
                "拟稿人".to_string()
            } else {
                def.steps[to_step as usize].name.clone()
            };
            audit::record(
                tx,
                actor,
                Change::new(
                    "workflow.return",
                    "workflow_instances",
                    inst.id,
                    format!("将「{}」退回至{target}：{reason}", inst.title),
                ),
            )
            .await?;
        }
        Action::Transfer { to_user, note } => {
            let target = user::Entity::find_by_id(to_user)
                .one(&**tx)
                .await?
                .filter(|u| u.active && u.password_hash.is_some())
                .ok_or_else(|| AppError::bad("转办对象不存在或不能登录"))?;
            if target.id == task.assignee_id {
                return Err(AppError::bad("不能转办给本人"));
            }
            set_status(tx, &task, task_status::TRANSFERRED, Some(uid)).await?;
            let text = if note.trim().is_empty() {
                format!("转办给{}", target.name)
            } else {
                format!("转办给{}：{}", target.name, note.trim())
            };
            opinion(
                tx,
                actor,
                inst.id,
                Some(task.id),
                &task.step_name,
                "transfer",
                on_behalf,
                &text,
            )
            .await?;
            pending_task(
                tx,
                inst.id,
                task.step_index,
                &task.step_name,
                KIND_APPROVE,
                target.id,
                task.due_at,
            )
            .await?;
            audit::record(
                tx,
                actor,
                Change::new("workflow.transfer", "workflow_instances", inst.id, text),
            )
            .await?;
        }
        Action::AddSign { to_user, note } => {
            add_sign(tx, actor, &inst, &task, on_behalf, to_user, &note).await?;
        }
        Action::MarkRead { .. } => return Err(AppError::bad("只有传阅件可以标记为已阅")),
    }
    Ok(inst.id)
}

/// 加签: the holder's task waits while `to_user` gives an 意见 on the same step.
async fn add_sign(
    tx: &WriteTx,
    actor: &Actor,
    inst: &winst::Model,
    task: &wtask::Model,
    on_behalf: Option<i64>,
    to_user: i64,
    note: &str,
) -> AppResult<()> {
    if task.step_index == DRAFTER_STEP {
        return Err(AppError::bad("拟稿人修改环节不能加签"));
    }
    let target = user::Entity::find_by_id(to_user)
        .one(&**tx)
        .await?
        .filter(|u| u.active && u.password_hash.is_some())
        .ok_or_else(|| AppError::bad("加签对象不存在或不能登录"))?;
    if target.id == task.assignee_id || Some(target.id) == actor.user_id {
        return Err(AppError::bad("不能加签给本人"));
    }
    if pending_in_step(tx, inst.id, task.step_index)
        .await?
        .iter()
        .any(|t| t.assignee_id == target.id)
    {
        return Err(AppError::bad(format!(
            "{}在本环节已有待办，无需加签",
            target.name
        )));
    }
    set_status(tx, task, task_status::CONSULTING, actor.user_id).await?;
    insert_task(
        tx,
        inst.id,
        task.step_index,
        &task.step_name,
        KIND_APPROVE,
        target.id,
        task.due_at,
        Some(task.id),
    )
    .await?;
    let text = if note.trim().is_empty() {
        format!("加签：请{}先行提出意见", target.name)
    } else {
        format!("加签：请{}先行提出意见（{}）", target.name, note.trim())
    };
    opinion(
        tx,
        actor,
        inst.id,
        Some(task.id),
        &task.step_name,
        "add_sign",
        on_behalf,
        &text,
    )
    .await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "workflow.add_sign",
            "workflow_instances",
            inst.id,
            format!("在「{}」步骤办理「{}」时{text}", task.step_name, inst.title),
        ),
    )
    .await
}

/// The 加签 person's 意见 goes on the record and the holder gets a fresh task to go on with.
async fn reply_add_sign(
    tx: &WriteTx,
    actor: &Actor,
    inst: &winst::Model,
    task: &wtask::Model,
    on_behalf: Option<i64>,
    text: &str,
) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::bad("请填写加签意见"));
    }
    let parent_id = task.parent_task_id.expect("only 加签 tasks come here");
    let parent = wtask::Entity::find_by_id(parent_id)
        .one(&**tx)
        .await?
        .filter(|p| p.status == task_status::CONSULTING)
        .ok_or_else(already_handled)?;
    set_status(tx, task, task_status::DONE, actor.user_id).await?;
    opinion(
        tx,
        actor,
        inst.id,
        Some(task.id),
        &task.step_name,
        "add_sign_reply",
        on_behalf,
        text,
    )
    .await?;
    set_status(tx, &parent, task_status::CONSULTED, parent.acted_by).await?;
    reopen(tx, &parent).await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "workflow.add_sign_reply",
            "workflow_instances",
            inst.id,
            format!("对「{}」提出加签意见", inst.title),
        ),
    )
    .await
}

/// 撤回: the person whose action moved the record on takes it back, as long as nobody at the
/// next step has acted yet. The initiator withdraws the whole instance while nobody has acted.
pub async fn withdraw(db: &Db, actor: &Actor, instance_id: i64) -> AppResult<()> {
    detail(db, actor, instance_id).await?;
    let tx = db.begin_write().await?;
    refuse_module_only(&*tx, instance_id).await?;
    withdraw_in(&tx, actor, instance_id).await?;
    tx.commit().await?;
    Ok(())
}

/// [`withdraw`] inside a module's own transaction.
pub async fn withdraw_in(tx: &WriteTx, actor: &Actor, instance_id: i64) -> AppResult<()> {
    withdraw_last_step(tx, actor, instance_id).await?;
    reindex(tx, instance_id).await
}

async fn withdraw_last_step(tx: &WriteTx, actor: &Actor, instance_id: i64) -> AppResult<()> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let inst = lock_instance(tx, instance_id).await?;
    if inst.status != status::RUNNING {
        return Err(AppError::Conflict("该事项已办结或已终止，不能撤回".into()));
    }
    let tasks = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::Kind.eq(KIND_APPROVE))
        .order_by_asc(wtask::Column::Id)
        .all(&**tx)
        .await?;
    let acted: Vec<&wtask::Model> = tasks.iter().filter(|t| t.acted_by.is_some()).collect();
    let current_untouched = tasks
        .iter()
        .filter(|t| t.step_index == inst.current_step)
        .all(|t| t.status == task_status::PENDING || t.acted_by.is_none());

    if acted.is_empty() {
        if inst.started_by != uid {
            return Err(AppError::Forbidden);
        }
        for t in tasks.iter().filter(|t| t.status == task_status::PENDING) {
            set_status(tx, t, task_status::WITHDRAWN, None).await?;
        }
        let mut am: winst::ActiveModel = inst.clone().into();
        am.status = Set(status::WITHDRAWN.into());
        am.finished_at = Set(Some(now_ms()));
        am.update(&**tx).await?;
        let def = definition_of(&**tx, &inst).await?;
        starter_row(tx, actor, inst.id, &def, "withdraw", "撤回").await?;
        audit::record(
            tx,
            actor,
            Change::new(
                "workflow.withdraw",
                "workflow_instances",
                inst.id,
                format!("撤回「{}」", inst.title),
            ),
        )
        .await?;
        return Ok(());
    }
    let last = *acted
        .iter()
        .max_by_key(|t| (t.acted_at, t.id))
        .expect("not empty");
    if last.acted_by == Some(uid) && last.status == task_status::CONSULTING {
        return withdraw_add_sign(tx, actor, &inst, last, &tasks).await;
    }
    if last.acted_by != Some(uid) || last.status != task_status::DONE {
        return Err(AppError::Conflict(
            "只有最后办理的人可以撤回，且须在下一步办理之前".into(),
        ));
    }
    if last.step_index == inst.current_step {
        // A 会签 signature on a step still open: reopen just that signature.
        set_status(tx, last, task_status::WITHDRAWN, Some(uid)).await?;
    } else {
        if !current_untouched {
            return Err(AppError::Conflict("下一步已有人办理，不能撤回".into()));
        }
        for t in tasks
            .iter()
            .filter(|t| t.step_index == inst.current_step && t.status == task_status::PENDING)
        {
            set_status(tx, t, task_status::WITHDRAWN, None).await?;
        }
        let mut am: winst::ActiveModel = inst.clone().into();
        am.current_step = Set(last.step_index);
        am.update(&**tx).await?;
    }
    reopen(tx, last).await?;
    finish_withdraw(tx, actor, inst.id, last, "撤回", "办理").await
}

/// A fresh pending task for `task`'s holder on the same step: after a 撤回, or when the 加签
/// they asked for comes back.
async fn reopen(tx: &WriteTx, task: &wtask::Model) -> AppResult<()> {
    pending_task(
        tx,
        task.instance_id,
        task.step_index,
        &task.step_name,
        KIND_APPROVE,
        task.assignee_id,
        task.due_at,
    )
    .await
}

/// The 处理过程 line and the audit row of a 撤回 on `task`'s step, then the commit.
async fn finish_withdraw(
    tx: &WriteTx,
    actor: &Actor,
    instance_id: i64,
    task: &wtask::Model,
    text: &str,
    what: &str,
) -> AppResult<()> {
    opinion(
        tx,
        actor,
        instance_id,
        Some(task.id),
        &task.step_name,
        "withdraw",
        None,
        text,
    )
    .await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "workflow.withdraw",
            "workflow_instances",
            instance_id,
            format!("撤回在「{}」步骤的{what}", task.step_name),
        ),
    )
    .await?;
    Ok(())
}

/// Takes back a 加签 nobody has answered yet: the holder has the task again.
async fn withdraw_add_sign(
    tx: &WriteTx,
    actor: &Actor,
    inst: &winst::Model,
    held: &wtask::Model,
    tasks: &[wtask::Model],
) -> AppResult<()> {
    for t in tasks
        .iter()
        .filter(|t| t.parent_task_id == Some(held.id) && t.status == task_status::PENDING)
    {
        set_status(tx, t, task_status::WITHDRAWN, None).await?;
    }
    set_status(tx, held, task_status::WITHDRAWN, held.acted_by).await?;
    reopen(tx, held).await?;
    finish_withdraw(tx, actor, inst.id, held, "撤回加签", "加签").await
}

/// 终止 with a reason: by the initiator, or by someone who oversees all records.
pub async fn terminate(db: &Db, actor: &Actor, instance_id: i64, reason: &str) -> AppResult<()> {
    detail(db, actor, instance_id).await?;
    let tx = db.begin_write().await?;
    refuse_module_only(&*tx, instance_id).await?;
    terminate_in(&tx, actor, instance_id, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// [`terminate`] inside a module's own transaction.
pub async fn terminate_in(
    tx: &WriteTx,
    actor: &Actor,
    instance_id: i64,
    reason: &str,
) -> AppResult<()> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::bad("终止须写明理由"));
    }
    let inst = lock_instance(tx, instance_id).await?;
    if inst.started_by != uid && !actor.can(Permission::WorkflowOversee) {
        return Err(AppError::Forbidden);
    }
    if inst.status != status::RUNNING {
        return Err(AppError::Conflict("该事项已办结或已终止".into()));
    }
    let pending = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::Status.is_in([task_status::PENDING, task_status::CONSULTING]))
        .all(&**tx)
        .await?;
    for t in &pending {
        set_status(tx, t, task_status::CANCELLED, None).await?;
    }
    let mut am: winst::ActiveModel = inst.clone().into();
    am.status = Set(status::TERMINATED.into());
    am.finished_at = Set(Some(now_ms()));
    am.update(&**tx).await?;
    opinion(tx, actor, inst.id, None, "终止", "terminate", None, reason).await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "workflow.terminate",
            "workflow_instances",
            inst.id,
            format!("终止「{}」：{reason}", inst.title),
        ),
    )
    .await?;
    reindex(tx, inst.id).await
}

/// 传阅: sends the record to people for reading; each marks 已阅 with an optional comment.
pub async fn circulate(
    db: &Db,
    actor: &Actor,
    instance_id: i64,
    readers: &[i64],
    note: &str,
) -> AppResult<usize> {
    // Only people who may see the record may send it on.
    detail(db, actor, instance_id).await?;
    let tx = db.begin_write().await?;
    refuse_module_only(&*tx, instance_id).await?;
    let sent = circulate_in(&tx, actor, instance_id, readers, note).await?;
    tx.commit().await?;
    Ok(sent)
}

/// [`circulate`] inside a module's own transaction (a 分发 handing a record to a person); the
/// module has checked that `actor` may send it on.
pub async fn circulate_in(
    tx: &WriteTx,
    actor: &Actor,
    instance_id: i64,
    readers: &[i64],
    note: &str,
) -> AppResult<usize> {
    if readers.is_empty() {
        return Err(AppError::bad("请选择传阅对象"));
    }
    let inst = lock_instance(tx, instance_id).await?;
    let mut names = Vec::new();
    // Written together after the checks, with the instance already in hand.
    let mut added = Vec::new();
    for r in readers {
        let Some(u) = user::Entity::find_by_id(*r)
            .one(&**tx)
            .await?
            .filter(|u| u.active && u.password_hash.is_some())
        else {
            return Err(AppError::bad("传阅对象中有人员不存在或不能登录"));
        };
        let open = wtask::Entity::find()
            .filter(wtask::Column::InstanceId.eq(inst.id))
            .filter(wtask::Column::Kind.eq(KIND_READ))
            .filter(wtask::Column::AssigneeId.eq(u.id))
            .filter(wtask::Column::Status.eq(task_status::PENDING))
            .one(&**tx)
            .await?;
        if open.is_some() || added.contains(&u.id) {
            continue;
        }
        added.push(u.id);
        names.push(u.name);
    }
    insert_tasks(
        tx,
        inst.id,
        &inst.title,
        NewTasks {
            step_index: inst.current_step,
            step_name: "传阅",
            kind: KIND_READ,
            due_at: None,
            parent_task_id: None,
        },
        &added,
    )
    .await?;
    let text = if note.trim().is_empty() {
        format!("传阅：{}", names.join("、"))
    } else {
        format!("传阅：{}（{}）", names.join("、"), note.trim())
    };
    opinion(tx, actor, inst.id, None, "传阅", "circulate", None, &text).await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "workflow.circulate",
            "workflow_instances",
            inst.id,
            format!("将「{}」{text}", inst.title),
        ),
    )
    .await?;
    reindex(tx, inst.id).await?;
    Ok(added.len())
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OpinionView {
    pub person_id: i64,
    pub step_name: String,
    pub action: String,
    pub action_label: &'static str,
    pub signer: String,
    pub post: Option<String>,
    pub text: String,
    pub at: i64,
    pub at_text: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TaskView {
    pub id: i64,
    pub step_index: i32,
    pub step_name: String,
    pub kind: String,
    pub assignee_id: i64,
    pub assignee: String,
    pub status: String,
    pub version: i32,
    pub due_at: Option<i64>,
    /// A 加签 asked of this person by the holder of another task.
    pub add_sign: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InstanceView {
    pub id: i64,
    pub title: String,
    pub module: String,
    pub record_id: String,
    pub definition: String,
    pub status: String,
    pub current_step: i32,
    pub current_step_name: String,
    pub steps: Vec<String>,
    /// Who started it, as a 退回 to them is offered: 拟稿人, 登记人 …
    pub starter: String,
    pub started_by: i64,
    pub version: i32,
    pub tasks: Vec<TaskView>,
    /// The 处理过程, in order: what is printed on 处理笺 and 稿纸.
    pub opinions: Vec<OpinionView>,
    /// Pending tasks the viewer may act on (their own, or as 代理).
    pub my_tasks: Vec<TaskView>,
}

pub fn action_label(action: &str) -> &'static str {
    match action {
        "submit" => "提交",
        "approve" => "同意",
        "return" => "退回",
        "transfer" => "转办",
        "withdraw" => "撤回",
        "terminate" => "终止",
        "read" => "已阅",
        "circulate" => "传阅",
        "add_sign" => "加签",
        "add_sign_reply" => "加签意见",
        _ => "办理",
    }
}

/// Whether any of `people` (a person and those they act for) started a record or has or had a
/// task on it: who, besides those who oversee all records, may open it.
pub fn takes_part(people: &[i64], started_by: i64, tasks: &[wtask::Model]) -> bool {
    people.contains(&started_by)
        || tasks.iter().any(|t| {
            people.contains(&t.assignee_id) || t.acted_by.is_some_and(|a| people.contains(&a))
        })
}

/// The instance with its tasks and 处理过程, for someone who took part in it or oversees all.
pub async fn detail(db: &Db, actor: &Actor, instance_id: i64) -> AppResult<InstanceView> {
    let inst = winst::Entity::find_by_id(instance_id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("流转事项"))?;
    let tasks = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .order_by_asc(wtask::Column::Id)
        .all(db.conn())
        .await?;
    let for_whom = acting_for(db, actor).await?;
    if !takes_part(&for_whom, inst.started_by, &tasks) && !actor.can(Permission::WorkflowOversee) {
        return Err(AppError::Forbidden);
    }
    let def = definition_of(db.conn(), &inst).await?;
    let names: std::collections::HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(tasks.iter().map(|t| t.assignee_id).collect::<Vec<_>>()))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let task_views: Vec<TaskView> = tasks
        .iter()
        .map(|t| TaskView {
            id: t.id,
            step_index: t.step_index,
            step_name: t.step_name.clone(),
            kind: t.kind.clone(),
            assignee_id: t.assignee_id,
            assignee: names.get(&t.assignee_id).cloned().unwrap_or_default(),
            status: t.status.clone(),
            version: t.version,
            due_at: t.due_at,
            add_sign: t.parent_task_id.is_some(),
        })
        .collect();
    let my_tasks = task_views
        .iter()
        .filter(|t| t.status == task_status::PENDING && for_whom.contains(&t.assignee_id))
        .cloned()
        .collect();
    let opinions = wop::Entity::find()
        .filter(wop::Column::InstanceId.eq(inst.id))
        .order_by_asc(wop::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|o| OpinionView {
            person_id: o.person_id,
            action_label: action_label(&o.action),
            step_name: o.step_name,
            action: o.action,
            signer: o.signer,
            post: o.post,
            text: o.text,
            at_text: format::datetime_cn(o.at),
            at: o.at,
        })
        .collect();
    let current_step_name = step_name(&def, inst.current_step);
    Ok(InstanceView {
        id: inst.id,
        title: inst.title,
        module: inst.module,
        record_id: inst.record_id,
        definition: def.name.clone(),
        status: inst.status,
        current_step: inst.current_step,
        current_step_name,
        steps: def.steps.iter().map(|s| s.name.clone()).collect(),
        starter: def.starter_person().to_string(),
        started_by: inst.started_by,
        version: inst.version,
        tasks: task_views,
        opinions,
        my_tasks,
    })
}

/// The latest instance started for a module's record, if any.
pub async fn instance_of_record(
    conn: &impl ConnectionTrait,
    module: &str,
    record_id: &str,
) -> AppResult<Option<winst::Model>> {
    Ok(winst::Entity::find()
        .filter(winst::Column::Module.eq(module))
        .filter(winst::Column::RecordId.eq(record_id))
        .order_by_desc(winst::Column::Id)
        .one(conn)
        .await?)
}

/// Merges `changes` into a running instance's record fields. Steps that start afterwards are
/// assigned and conditioned on the new values: a 拟办 that names the 主办 department decides
/// who gets the 承办 step.
pub async fn set_fields(
    tx: &WriteTx,
    instance_id: i64,
    changes: Map<String, Value>,
) -> AppResult<()> {
    let inst = lock_instance(tx, instance_id).await?;
    let mut fields = fields_of(&inst);
    fields.extend(changes);
    let mut am: winst::ActiveModel = inst.into();
    am.fields = Set(Value::Object(fields).to_string());
    am.update(&**tx).await?;
    Ok(())
}

/// Sends a running instance back to an earlier step on the record's own rules rather than a
/// task holder's 退回: e.g. a 正文 changed after 签发 goes back to the signer (W05). The open
/// tasks are cancelled, the step's people get new ones, and the reason is kept in the 处理过程.
pub async fn send_back_in(
    tx: &WriteTx,
    actor: &Actor,
    instance_id: i64,
    to_step: i32,
    reason: &str,
) -> AppResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::bad("退回须写明理由"));
    }
    let inst = lock_instance(tx, instance_id).await?;
    if inst.status != status::RUNNING {
        return Err(AppError::Conflict("该事项已办结或已终止".into()));
    }
    let def = definition_of(&**tx, &inst).await?;
    if to_step < 0 || to_step as usize >= def.steps.len() || to_step > inst.current_step {
        return Err(AppError::bad("只能退回到之前的步骤"));
    }
    let open = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::Kind.eq(KIND_APPROVE))
        .filter(wtask::Column::Status.is_in([task_status::PENDING, task_status::CONSULTING]))
        .all(&**tx)
        .await?;
    for t in &open {
        set_status(tx, t, task_status::CANCELLED, None).await?;
    }
    let step_name = def.steps[to_step as usize].name.clone();
    opinion(tx, actor, inst.id, None, &step_name, "return", None, reason).await?;
    let mut am: winst::ActiveModel = inst.clone().into();
    am.current_step = Set(to_step);
    let updated = am.update(&**tx).await?;
    create_tasks(tx, &def, &updated, to_step).await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "workflow.send_back",
            "workflow_instances",
            inst.id,
            format!("将「{}」退回至{step_name}：{reason}", inst.title),
        ),
    )
    .await?;
    reindex(tx, inst.id).await
}

/// Moves a running instance's deadline (an approved 延期): the instance and the pending tasks
/// that took its deadline get the new one; steps with their own working time keep theirs. The
/// automatic 催办 already sent for the old deadline stay on record, but their rule keys are
/// retired so that the new deadline is reminded of in its turn.
pub async fn set_due_in(tx: &WriteTx, instance_id: i64, due_at: i64) -> AppResult<()> {
    let inst = lock_instance(tx, instance_id).await?;
    if inst.status != status::RUNNING {
        return Err(AppError::Conflict("该事项已办结或已终止".into()));
    }
    let inherited = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::Status.is_in([task_status::PENDING, task_status::CONSULTING]))
        .all(&**tx)
        .await?
        .into_iter()
        .filter(|t| t.due_at.is_some() && t.due_at == inst.due_at);
    for t in inherited {
        raw::exec(
            &**tx,
            "UPDATE reminders SET rule_key = rule_key || $1 \
             WHERE task_id = $2 AND rule_key IS NOT NULL",
            vec![
                format!("@{}", t.due_at.unwrap_or_default()).into(),
                t.id.into(),
            ],
        )
        .await?;
        let mut am: wtask::ActiveModel = t.into();
        am.due_at = Set(Some(due_at));
        am.update(&**tx).await?;
    }
    let mut am: winst::ActiveModel = inst.into();
    am.due_at = Set(Some(due_at));
    am.update(&**tx).await?;
    Ok(())
}
