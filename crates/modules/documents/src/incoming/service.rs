//! The 收文 use-cases. Each write is one transaction with its audit row; the workflow engine
//! runs inside the same transaction, so a record and its steps never disagree.

use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Map, json};

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Permission, Role},
    db::{WriteTx, now_ms},
    entity::{
        department, user, user_role, workflow_instance as winst, workflow_opinion as wop,
        workflow_task as wtask,
    },
    org::validate,
    sequence,
    web::format,
    workflow::{
        Action,
        engine::{self, StartRequest, status, task_status},
    },
};

use super::{
    DEFINITION, STEP_CHECK, STEP_HANDLE, STEP_INSTRUCT, STEP_PROPOSE, access,
    model::{self, CLASSIFICATIONS, Incoming, KINDS, RegisterInput, Status, URGENCIES, ids_json},
    store,
};
use crate::MODULE;

/// The outcome of a registration: either the record, or the earlier ones it may duplicate.
pub enum Registered {
    Created(Box<Incoming>),
    Duplicate(Vec<Incoming>),
}

fn text(field: &str, v: &str, max: usize, required: bool) -> AppResult<String> {
    let v = v.trim();
    if required && v.is_empty() {
        return Err(AppError::bad(format!("请填写{field}")));
    }
    if v.chars().count() > max {
        return Err(AppError::bad(format!("{field}过长（最多 {max} 字）")));
    }
    Ok(v.to_string())
}

fn parse_date(field: &str, v: &str) -> AppResult<Option<NaiveDate>> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    validate::date(field, v).map(Some)
}

/// Everyone in the office who checks and proposes (收发员 and 办公室主任).
async fn office_people(conn: &impl ConnectionTrait) -> AppResult<Vec<i64>> {
    let mut ids: Vec<i64> = user_role::Entity::find()
        .filter(user_role::Column::Role.is_in([Role::Clerk.code(), Role::OfficeDirector.code()]))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The heads (部门负责人) of the given departments; each department must have one.
async fn heads_of(conn: &impl ConnectionTrait, departments: &[i64]) -> AppResult<Vec<i64>> {
    let heads: Vec<i64> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(Role::DepartmentHead.code()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut out = Vec::new();
    for d in departments {
        let dept = department::Entity::find_by_id(*d)
            .one(conn)
            .await?
            .ok_or_else(|| AppError::bad("所选部门不存在"))?;
        let found: Vec<i64> = user::Entity::find()
            .filter(user::Column::Id.is_in(heads.clone()))
            .filter(user::Column::DepartmentId.eq(*d))
            .filter(user::Column::Active.eq(true))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        if found.is_empty() {
            return Err(AppError::bad(format!(
                "「{}」没有部门负责人，请先在组织机构中设置",
                dept.name
            )));
        }
        out.extend(found);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

async fn check_users(conn: &impl ConnectionTrait, ids: &[i64], what: &str) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let n = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.to_vec()))
        .filter(user::Column::Active.eq(true))
        .all(conn)
        .await?
        .len();
    if n != ids.len() {
        return Err(AppError::bad(format!("{what}中有人员不存在或已停用")));
    }
    Ok(())
}

/// Checked registration data.
struct Checked {
    source_unit: String,
    source_number: String,
    title: String,
    kind: String,
    classification: String,
    urgency: String,
    copies: i32,
    received_on: NaiveDate,
    due_on: Option<NaiveDate>,
}

fn check(input: &RegisterInput) -> AppResult<Checked> {
    let kind = input.kind.trim().to_string();
    if !KINDS.contains(&kind.as_str()) {
        return Err(AppError::bad(format!("文种「{kind}」不在可选范围内")));
    }
    let classification = input.classification.trim().to_string();
    if !CLASSIFICATIONS.contains(&classification.as_str()) {
        return Err(AppError::bad("密级只能是秘密、机密、绝密或不填"));
    }
    let urgency = input.urgency.trim().to_string();
    if !URGENCIES.contains(&urgency.as_str()) {
        return Err(AppError::bad("紧急程度只能是加急、特急或不填"));
    }
    if !(1..=9999).contains(&input.copies) {
        return Err(AppError::bad("份数须为 1 至 9999"));
    }
    if input.classified && classification.is_empty() {
        return Err(AppError::bad("登记为密件须选择密级"));
    }
    let received_on = parse_date("收文日期", &input.received_on)?.unwrap_or_else(format::today);
    let due_on = parse_date("办理时限", &input.due_on)?;
    if due_on.is_some_and(|d| d < received_on) {
        return Err(AppError::bad("办理时限不能早于收文日期"));
    }
    Ok(Checked {
        source_unit: text("来文单位", &input.source_unit, 200, true)?,
        source_number: text("来文字号", &input.source_number, 100, false)?,
        title: text("标题", &input.title, 200, true)?,
        kind,
        classification,
        urgency,
        copies: input.copies,
        received_on,
        due_on,
    })
}

fn due_ms(due_on: Option<&str>) -> Option<i64> {
    // The time limit is the whole day: 催办 speaks up once that day has passed.
    due_on
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| format::day_start_ms(d) + 86_400_000 - 1)
}

/// Registers a 收文 and starts it on 初审, or reports earlier ones with the same 来文单位 and
/// 来文字号 unless the caller confirmed.
pub async fn register(db: &Db, actor: &Actor, input: RegisterInput) -> AppResult<Registered> {
    actor.require(Permission::DocumentsRegister)?;
    if input.classified && !actor.can(Permission::ClassifiedHandle) {
        return Err(AppError::bad("密件须由保密员登记"));
    }
    let c = check(&input)?;
    check_users(db.conn(), &input.need_to_know, "知悉范围").await?;
    let tx = db.begin_write().await?;
    if !c.source_number.is_empty() && !input.confirm_duplicate {
        let earlier = store::same_source(&*tx, &c.source_unit, &c.source_number).await?;
        if !earlier.is_empty() {
            return Ok(Registered::Duplicate(earlier));
        }
    }
    let inc = insert(&tx, actor, &c, &input, None).await?;
    if !inc.classified {
        start_on_check(&tx, actor, &inc).await?;
    }
    tx.commit().await?;
    Ok(Registered::Created(Box::new(inc)))
}

/// Writes the record inside the caller's transaction without the duplicate question (a 分发
/// knows where it came from); returns its id.
pub async fn register_in(
    tx: &WriteTx,
    actor: &Actor,
    input: &RegisterInput,
    outgoing_id: Option<i64>,
) -> AppResult<i64> {
    let c = check(input)?;
    Ok(insert(tx, actor, &c, input, outgoing_id).await?.id)
}

async fn insert(
    tx: &WriteTx,
    actor: &Actor,
    c: &Checked,
    input: &RegisterInput,
    outgoing_id: Option<i64>,
) -> AppResult<Incoming> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let year = c.received_on.year();
    let seq = sequence::next(tx, "documents.incoming", year).await?;
    let number = model::number(year, seq);
    let mut need = input.need_to_know.clone();
    need.sort_unstable();
    need.dedup();
    let inc = store::insert_returning(
        &**tx,
        "INSERT INTO doc_incoming (year, seq, number, source_unit, source_number, title, kind, \
             classification, urgency, copies, received_on, due_on, due_at, channel, source_class, status, \
             host_department_id, co_departments, instruct_leaders, read_leaders, proposal, result, \
             finished_at, reject_reason, outgoing_id, classified, need_to_know, registered_by, \
             registered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
             $15, $16, NULL, '[]', '[]', '[]', '', '', NULL, '', $17, $18, $19, $20, $21) RETURNING *",
            vec![
                year.into(),
                seq.into(),
                number.clone().into(),
                c.source_unit.clone().into(),
                c.source_number.clone().into(),
                c.title.clone().into(),
                c.kind.clone().into(),
                c.classification.clone().into(),
                c.urgency.clone().into(),
                c.copies.into(),
                c.received_on.format("%Y-%m-%d").to_string().into(),
                c.due_on.map(|d| d.format("%Y-%m-%d").to_string()).into(),
                c.due_on
                    .map(|d| format::day_start_ms(d) + 86_400_000 - 1)
                    .into(),
                input.channel.code().into(),
                input.source_class.code().into(),
                Status::Processing.code().into(),
                outgoing_id.into(),
                input.classified.into(),
                ids_json(&need).into(),
                uid.into(),
            now_ms().into(),
        ],
    )
    .await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "documents.incoming.register",
            "doc_incoming",
            inc.id,
            format!(
                "登记收文 {number}「{}」（来文单位：{}）",
                c.title, c.source_unit
            ),
        ),
    )
    .await?;
    Ok(inc)
}

/// Starts the record's workflow at 初审, with the office of the day as its checkers.
pub async fn start_on_check(
    tx: &WriteTx,
    actor: &Actor,
    inc: &Incoming,
) -> AppResult<winst::Model> {
    let office = office_people(&**tx).await?;
    let mut fields = Map::new();
    fields.insert("office".into(), json!(office));
    engine::start_in(
        tx,
        actor,
        StartRequest {
            definition_key: DEFINITION.into(),
            module: MODULE.into(),
            record_id: inc.record_id(),
            title: inc.title.clone(),
            department_id: None,
            fields,
            urgent: !inc.urgency.is_empty(),
            due_at: due_ms(inc.due_on.as_deref()),
        },
    )
    .await
}

/// The record for someone allowed to see it; a 密件 view is written to the audit log.
pub async fn view(db: &Db, actor: &Actor, id: i64) -> AppResult<Incoming> {
    let inc = store::get(db.conn(), id).await?;
    if !access::may_read(db, actor, &inc).await? {
        return Err(AppError::Forbidden);
    }
    if inc.classified {
        let tx = db.begin_write().await?;
        audit::record(
            &tx,
            actor,
            Change::new(
                "documents.incoming.view_classified",
                "doc_incoming",
                id,
                format!("查看密件 {}「{}」", inc.number, inc.title),
            ),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(inc)
}

/// The pending task `task_id` of this record at `step`; the engine checks who holds it.
async fn my_task(
    tx: &WriteTx,
    inc: &Incoming,
    task_id: i64,
    step: &str,
) -> AppResult<wtask::Model> {
    let inst = engine::instance_of_record(&**tx, MODULE, &inc.record_id())
        .await?
        .ok_or_else(|| AppError::Conflict("该收文未在办理中".into()))?;
    let task = wtask::Entity::find_by_id(task_id)
        .one(&**tx)
        .await?
        .filter(|t| t.instance_id == inst.id)
        .ok_or_else(|| AppError::not_found("待办事项"))?;
    if task.step_name != step || task.status != task_status::PENDING {
        return Err(AppError::Conflict(
            "该事项已被处理（可能是重复提交，或已由他人办理），请刷新页面查看最新状态".into(),
        ));
    }
    Ok(task)
}

/// What the office proposes at 拟办.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct Proposal {
    pub host_department_id: i64,
    #[serde(default)]
    pub co_departments: Vec<i64>,
    /// Leaders to write a 批示.
    #[serde(default)]
    pub instruct_leaders: Vec<i64>,
    /// Leaders to read it (传阅).
    #[serde(default)]
    pub read_leaders: Vec<i64>,
    #[serde(default)]
    pub opinion: String,
}

/// 拟办: the office names the 主办 and 协办 departments and the leaders, and the record moves on.
pub async fn propose(
    db: &Db,
    actor: &Actor,
    id: i64,
    task_id: i64,
    version: i32,
    p: Proposal,
) -> AppResult<()> {
    let opinion = text("拟办意见", &p.opinion, 2000, true)?;
    let mut co: Vec<i64> = p
        .co_departments
        .iter()
        .copied()
        .filter(|d| *d != p.host_department_id)
        .collect();
    co.sort_unstable();
    co.dedup();
    let mut instruct = p.instruct_leaders.clone();
    instruct.sort_unstable();
    instruct.dedup();
    let mut read = p.read_leaders.clone();
    read.sort_unstable();
    read.dedup();
    check_users(db.conn(), &instruct, "批示领导").await?;
    check_users(db.conn(), &read, "传阅领导").await?;
    let tx = db.begin_write().await?;
    let inc = store::get(&*tx, id).await?;
    let task = my_task(&tx, &inc, task_id, STEP_PROPOSE).await?;
    let host_heads = heads_of(&*tx, &[p.host_department_id]).await?;
    let co_heads = heads_of(&*tx, &co).await?;
    store::exec(
        &*tx,
        "UPDATE doc_incoming SET host_department_id = $1, co_departments = $2, \
         instruct_leaders = $3, read_leaders = $4, proposal = $5 WHERE id = $6",
        vec![
            p.host_department_id.into(),
            ids_json(&co).into(),
            ids_json(&instruct).into(),
            ids_json(&read).into(),
            opinion.clone().into(),
            id.into(),
        ],
    )
    .await?;
    let mut fields = Map::new();
    fields.insert("host_heads".into(), json!(host_heads));
    fields.insert("co_heads".into(), json!(co_heads));
    fields.insert("instruct_leaders".into(), json!(instruct));
    fields.insert("host_department_id".into(), json!(p.host_department_id));
    engine::set_fields(&tx, task.instance_id, fields).await?;
    engine::act_in(&tx, actor, task_id, version, Action::Approve { opinion }).await?;
    if !read.is_empty() {
        engine::circulate_in(&tx, actor, task.instance_id, &read, "拟办传阅").await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.incoming.propose",
            "doc_incoming",
            id,
            format!("拟办收文 {}「{}」", inc.number, inc.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// 办结: the 承办 department reports the 办理结果, and the record is done.
pub async fn finish(
    db: &Db,
    actor: &Actor,
    id: i64,
    task_id: Option<i64>,
    version: i32,
    result: &str,
) -> AppResult<()> {
    let result = text("办理结果", result, 4000, true)?;
    let tx = db.begin_write().await?;
    let inc = store::get(&*tx, id).await?;
    if inc.status != Status::Processing {
        return Err(AppError::Conflict("该收文已办结或已退文".into()));
    }
    if inc.classified {
        // A paper 密件 is handled outside the system; its handler records the outcome.
        if !actor.can(Permission::ClassifiedHandle) {
            return Err(AppError::Forbidden);
        }
    } else {
        let task_id = task_id.ok_or_else(|| AppError::bad("缺少待办事项"))?;
        let task = my_task(&tx, &inc, task_id, STEP_HANDLE).await?;
        engine::act_in(
            &tx,
            actor,
            task_id,
            version,
            Action::Approve {
                opinion: format!("办理结果：{result}"),
            },
        )
        .await?;
        let inst = winst::Entity::find_by_id(task.instance_id)
            .one(&*tx)
            .await?
            .ok_or_else(|| AppError::not_found("流转事项"))?;
        if inst.status != status::COMPLETED {
            tx.commit().await?;
            return Ok(());
        }
    }
    store::exec(
        &*tx,
        "UPDATE doc_incoming SET status = $1, result = $2, finished_at = $3 WHERE id = $4",
        vec![
            Status::Done.code().into(),
            result.clone().into(),
            now_ms().into(),
            id.into(),
        ],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.incoming.finish",
            "doc_incoming",
            id,
            format!("办结收文 {}「{}」：{result}", inc.number, inc.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// 退文 at 初审: the record is not for this office (or is malformed); it ends here.
pub async fn reject(db: &Db, actor: &Actor, id: i64, task_id: i64, reason: &str) -> AppResult<()> {
    let reason = text("退文理由", reason, 1000, true)?;
    let tx = db.begin_write().await?;
    let inc = store::get(&*tx, id).await?;
    let task = my_task(&tx, &inc, task_id, STEP_CHECK).await?;
    let for_whom = engine::acting_for(db, actor).await?;
    if !for_whom.contains(&task.assignee_id) {
        return Err(AppError::Forbidden);
    }
    // Holding the 初审 task is the right to 退文, whoever registered the record; the engine's
    // 终止 asks for the initiator or oversight, so the office's oversight is lent for this call.
    let mut office = actor.clone();
    office.roles.push(Role::OfficeDirector);
    engine::terminate_in(&tx, &office, task.instance_id, &format!("退文：{reason}")).await?;
    store::exec(
        &*tx,
        "UPDATE doc_incoming SET status = $1, reject_reason = $2, finished_at = $3 WHERE id = $4",
        vec![
            Status::Rejected.code().into(),
            reason.clone().into(),
            now_ms().into(),
            id.into(),
        ],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.incoming.reject",
            "doc_incoming",
            id,
            format!("退文 {}「{}」：{reason}", inc.number, inc.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// 转督办: a leader's 批示 becomes a 督办 task, taken at once when a sink is installed.
pub async fn hand_off(
    db: &Db,
    actor: &Actor,
    sink: Option<&dyn sanban_platform::handoff::TaskSink>,
    id: i64,
    instruction: &str,
) -> AppResult<sanban_platform::handoff::Handoff> {
    let inc = view(db, actor, id).await?;
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    // Only a leader who wrote a 批示 on this record turns it into a 督办 task.
    let inst = engine::instance_of_record(db.conn(), MODULE, &inc.record_id())
        .await?
        .ok_or(AppError::Forbidden)?;
    let instructed = wop::Entity::find()
        .filter(wop::Column::InstanceId.eq(inst.id))
        .filter(wop::Column::StepName.eq(STEP_INSTRUCT))
        .filter(wop::Column::PersonId.eq(uid))
        .one(db.conn())
        .await?
        .is_some();
    if !instructed {
        return Err(AppError::Forbidden);
    }
    let tx = db.begin_write().await?;
    let h = sanban_platform::handoff::request(
        &tx,
        actor,
        sink,
        sanban_platform::handoff::HandoffRequest {
            source_module: MODULE.into(),
            source_record: inc.record_id(),
            title: inc.title.clone(),
            instruction: instruction.to_string(),
            leader_id: actor.user_id,
            due_at: due_ms(inc.due_on.as_deref()),
            department_id: inc.host_department_id,
            source_url: Some(format!("/documents/incoming/{}", inc.id)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(h)
}

/// Kept for the API's state field: the current step's name, or the record's status.
pub async fn step_of(conn: &impl ConnectionTrait, inc: &Incoming) -> AppResult<String> {
    if inc.status != Status::Processing {
        return Ok(inc.status.label().to_string());
    }
    let Some(inst) = engine::instance_of_record(conn, MODULE, &inc.record_id()).await? else {
        return Ok(inc.status.label().to_string());
    };
    let tasks = wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::Status.eq(task_status::PENDING))
        .filter(wtask::Column::Kind.eq(engine::KIND_APPROVE))
        .all(conn)
        .await?;
    Ok(tasks
        .first()
        .map(|t| t.step_name.clone())
        .unwrap_or_else(|| inc.status.label().to_string()))
}
