//! 拟稿, saving with the checker, submitting, and the steps the 发文 page decides itself
//! (签发, 编号, 分发), each one transaction with its audit record.

use sanban_gongwen::IssuingNumber;
use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Permission, Role},
    db::{WriteTx, now_ms},
    entity::{department, user, user_role, workflow_instance as winst, workflow_task as wtask},
    sequence,
    web::format,
    workflow::{Action, StartRequest, engine},
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Map, json};

use super::{
    access,
    draft::{self, DraftInput},
    entity::{distribution as dist, outgoing as out, series, version as ver},
    flow,
};
use crate::{
    MODULE,
    incoming::distributed::{self, Distributed},
};

pub fn record_id(id: i64) -> String {
    format!("outgoing:{id}")
}

pub async fn load(conn: &impl ConnectionTrait, id: i64) -> AppResult<out::Model> {
    out::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("发文"))
}

/// The latest workflow instance of the record, if it was ever submitted.
pub async fn instance(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<winst::Model>> {
    engine::instance_of_record(conn, MODULE, &record_id(id)).await
}

async fn department_name(conn: &impl ConnectionTrait, id: Option<i64>) -> AppResult<String> {
    Ok(match id {
        Some(d) => department::Entity::find_by_id(d)
            .one(conn)
            .await?
            .map(|d| d.name)
            .unwrap_or_default(),
        None => String::new(),
    })
}

fn input_of(m: &out::Model) -> DraftInput {
    DraftInput {
        kind: m.kind.clone(),
        title: m.title.clone(),
        main_to: m.main_to.clone(),
        copy_to: m.copy_to.clone(),
        classification: m.classification.clone(),
        urgency: m.urgency.clone(),
        direction: m.direction.clone(),
        publicity: m.publicity.clone(),
        important: m.important,
        body: m.body.clone(),
        countersign_departments: serde_json::from_str(&m.countersign_departments)
            .unwrap_or_default(),
    }
}

pub fn draft_of(m: &out::Model) -> DraftInput {
    input_of(m)
}

/// The draft as checked and printed, with today's date.
pub async fn full_text(conn: &impl ConnectionTrait, m: &out::Model) -> AppResult<String> {
    let issuer = department_name(conn, m.department_id).await?;
    Ok(draft::assemble(
        &input_of(m),
        &issuer,
        &format::date_cn(format::today()),
    ))
}

async fn add_version(
    tx: &WriteTx,
    actor: &Actor,
    m: &out::Model,
    version: i32,
    note: &str,
) -> AppResult<i32> {
    let text = full_text(&**tx, m).await?;
    let findings = draft::check(&text);
    store_version(tx, actor, m.id, version, text, &findings, note).await
}

async fn store_version(
    tx: &WriteTx,
    actor: &Actor,
    outgoing_id: i64,
    version: i32,
    text: String,
    findings: &[draft::FindingView],
    note: &str,
) -> AppResult<i32> {
    let errors = findings.iter().filter(|f| f.error).count() as i32;
    ver::ActiveModel {
        id: NotSet,
        outgoing_id: Set(outgoing_id),
        version: Set(version),
        body: Set(text),
        author_id: Set(actor.user_id.unwrap_or_default()),
        author_name: Set(actor.name.clone()),
        at: Set(now_ms()),
        findings: Set(findings.len() as i32),
        errors: Set(errors),
        findings_json: Set(json!(findings).to_string()),
        note: Set(note.to_string()),
    }
    .insert(&**tx)
    .await?;
    Ok(errors)
}

/// 拟稿: a new 稿纸 in the drafter's department, checked at once.
pub async fn create(db: &Db, actor: &Actor, input: &DraftInput) -> AppResult<out::Model> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let d = input.validated()?;
    let tx = db.begin_write().await?;
    let now = now_ms();
    let m = out::ActiveModel {
        id: NotSet,
        kind: Set(d.kind.clone()),
        title: Set(d.title.clone()),
        main_to: Set(d.main_to.clone()),
        copy_to: Set(d.copy_to.clone()),
        classification: Set(d.classification.clone()),
        urgency: Set(d.urgency.clone()),
        direction: Set(d.direction.clone()),
        publicity: Set(d.publicity.clone()),
        important: Set(d.important),
        department_id: Set(actor.department_id),
        drafter_id: Set(uid),
        drafter_name: Set(actor.name.clone()),
        body: Set(d.body.clone()),
        countersign_departments: Set(json!(d.countersign_departments).to_string()),
        status: Set("draft".into()),
        current_version: Set(1),
        error_count: Set(0),
        series_id: Set(None),
        year: Set(None),
        number: Set(None),
        doc_number: Set(None),
        numbered_at: Set(None),
        signer_id: Set(None),
        signer_name: Set(None),
        signed_at: Set(None),
        signed_version: Set(None),
        override_reason: Set(None),
        override_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&*tx)
    .await?;
    let errors = add_version(&tx, actor, &m, 1, "拟稿").await?;
    let mut am: out::ActiveModel = m.clone().into();
    am.error_count = Set(errors);
    let m = am.update(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.create",
            "doc_outgoing",
            m.id,
            format!("拟稿「{}」", m.title),
        )
        .after(&m),
    )
    .await?;
    tx.commit().await?;
    Ok(m)
}

/// Saves the 稿纸. A changed 正文 becomes a new version, checked; changed after 签发, the
/// record goes back to the signer (W05).
pub async fn save(db: &Db, actor: &Actor, id: i64, input: &DraftInput) -> AppResult<out::Model> {
    let d = input.validated()?;
    let tx = db.begin_write().await?;
    let m = load(&*tx, id).await?;
    if !access::can_edit(&*tx, actor, &m).await? {
        return Err(AppError::Forbidden);
    }
    let before = m.clone();
    let mut am: out::ActiveModel = m.clone().into();
    am.kind = Set(d.kind.clone());
    am.title = Set(d.title.clone());
    am.main_to = Set(d.main_to.clone());
    am.copy_to = Set(d.copy_to.clone());
    am.urgency = Set(d.urgency.clone());
    am.direction = Set(d.direction.clone());
    am.publicity = Set(d.publicity.clone());
    am.important = Set(d.important);
    am.body = Set(d.body.clone());
    am.countersign_departments = Set(json!(d.countersign_departments).to_string());
    am.updated_at = Set(now_ms());
    let mut m = am.update(&*tx).await?;
    let old_text = full_text(&*tx, &before).await?;
    let new_text = full_text(&*tx, &m).await?;
    let changed = old_text != new_text;
    if changed {
        let v = m.current_version + 1;
        let errors = add_version(&tx, actor, &m, v, "修改").await?;
        let mut am: out::ActiveModel = m.clone().into();
        am.current_version = Set(v);
        am.error_count = Set(errors);
        // An override covered the text it was given for, not a new one.
        am.override_reason = Set(None);
        am.override_by = Set(None);
        m = am.update(&*tx).await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.update",
            "doc_outgoing",
            m.id,
            format!("修改发文稿「{}」", m.title),
        )
        .before(&before)
        .after(&m),
    )
    .await?;
    if changed {
        resign_if_signed(&tx, actor, &m).await?;
    }
    tx.commit().await?;
    Ok(m)
}

/// W05: a 正文 changed after 签发 goes back to the signer for re-approval.
async fn resign_if_signed(tx: &WriteTx, actor: &Actor, m: &out::Model) -> AppResult<()> {
    let (Some(signed), Some(inst)) = (m.signed_version, instance(&**tx, m.id).await?) else {
        return Ok(());
    };
    let sign_step = sign_step_of(m);
    if inst.status == engine::status::RUNNING
        && inst.current_step > sign_step
        && signed != m.current_version
    {
        engine::send_back_in(
            tx,
            actor,
            inst.id,
            sign_step,
            &format!(
                "签发后正文有修改（第 {} 版改为第 {} 版），须签发人重新审批",
                signed, m.current_version
            ),
        )
        .await?;
    }
    Ok(())
}

fn chief_signs(m: &out::Model) -> bool {
    m.direction == "上行文" || m.important
}

fn sign_step_of(m: &out::Model) -> i32 {
    flow::index_of(if chief_signs(m) {
        flow::CHIEF_SIGN
    } else {
        flow::SIGN
    })
}

/// The heads of the chosen departments, who 会签.
async fn heads_of(conn: &impl ConnectionTrait, departments: &[i64]) -> AppResult<Vec<i64>> {
    if departments.is_empty() {
        return Ok(vec![]);
    }
    let heads: Vec<i64> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(Role::DepartmentHead.code()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(heads))
        .filter(user::Column::DepartmentId.is_in(departments.to_vec()))
        .filter(user::Column::Active.eq(true))
        .all(conn)
        .await?;
    for d in departments {
        if !people.iter().any(|p| p.department_id == Some(*d)) {
            let name = department_name(conn, Some(*d)).await?;
            return Err(AppError::bad(format!(
                "会签部门「{name}」没有部门负责人，请先在组织机构中设置"
            )));
        }
    }
    Ok(people.into_iter().map(|p| p.id).collect())
}

/// Sends the draft into 核稿. Once more after a 撤回 or 终止, never while it runs.
pub async fn submit(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let tx = db.begin_write().await?;
    let m = load(&*tx, id).await?;
    if actor.user_id != Some(m.drafter_id) {
        return Err(AppError::Forbidden);
    }
    if let Some(i) = instance(&*tx, id).await?
        && (i.status == engine::status::RUNNING || i.status == engine::status::COMPLETED)
    {
        return Err(AppError::Conflict("该发文已在办理中".into()));
    }
    let departments: Vec<i64> =
        serde_json::from_str(&m.countersign_departments).unwrap_or_default();
    let mut fields = Map::new();
    fields.insert(
        flow::F_COUNTERSIGNERS.into(),
        json!(heads_of(&*tx, &departments).await?),
    );
    fields.insert(flow::F_CHIEF_SIGNS.into(), json!(chief_signs(&m)));
    fields.insert("direction".into(), json!(m.direction));
    engine::start_in(
        &tx,
        actor,
        StartRequest {
            definition_key: flow::KEY.into(),
            module: MODULE.into(),
            record_id: record_id(id),
            title: m.title.clone(),
            department_id: m.department_id,
            fields,
            urgent: m.urgency == "特急",
            due_at: None,
        },
    )
    .await?;
    let mut am: out::ActiveModel = m.clone().into();
    am.status = Set("submitted".into());
    am.update(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.submit",
            "doc_outgoing",
            id,
            format!("送审「{}」", m.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The task the actor holds on `step` of the record, checked against what they saw.
async fn held_task(
    tx: &WriteTx,
    id: i64,
    task_id: i64,
    step_ok: impl Fn(&str) -> bool,
) -> AppResult<wtask::Model> {
    let task = wtask::Entity::find_by_id(task_id)
        .one(&**tx)
        .await?
        .ok_or_else(|| AppError::not_found("待办事项"))?;
    let inst = winst::Entity::find_by_id(task.instance_id)
        .one(&**tx)
        .await?
        .ok_or_else(|| AppError::not_found("流转事项"))?;
    if inst.module != MODULE || inst.record_id != record_id(id) {
        return Err(AppError::bad("待办事项不属于该发文"));
    }
    if !step_ok(&task.step_name) {
        return Err(AppError::bad("该待办事项不是本步骤的"));
    }
    Ok(task)
}

/// 签发: refused while error findings stand without the office's override; records who
/// signed which version.
pub async fn sign(
    db: &Db,
    actor: &Actor,
    id: i64,
    task_id: i64,
    seen: i32,
    opinion: &str,
) -> AppResult<()> {
    let tx = db.begin_write().await?;
    let m = load(&*tx, id).await?;
    held_task(&tx, id, task_id, flow::is_sign_step).await?;
    if m.error_count > 0 && m.override_reason.is_none() {
        return Err(AppError::bad(format!(
            "正文有 {} 处错误级规范问题，须修改后再签发，或由办公室说明理由后放行",
            m.error_count
        )));
    }
    let text = if opinion.trim().is_empty() {
        "同意".to_string()
    } else {
        opinion.trim().to_string()
    };
    engine::act_in(&tx, actor, task_id, seen, Action::Approve { opinion: text }).await?;
    let mut am: out::ActiveModel = m.clone().into();
    am.signer_id = Set(actor.user_id);
    am.signer_name = Set(Some(actor.name.clone()));
    am.signed_at = Set(Some(now_ms()));
    am.signed_version = Set(Some(m.current_version));
    am.update(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.sign",
            "doc_outgoing",
            id,
            format!("签发「{}」第 {} 版", m.title, m.current_version),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The office lets a draft with error findings go to 签发, with a reason kept.
pub async fn override_findings(db: &Db, actor: &Actor, id: i64, reason: &str) -> AppResult<()> {
    if !actor.can(Permission::DocumentsOffice) {
        return Err(AppError::Forbidden);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::bad("放行须写明理由"));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::bad("理由不能超过 500 个字"));
    }
    let tx = db.begin_write().await?;
    let m = load(&*tx, id).await?;
    if m.error_count == 0 {
        return Err(AppError::bad("正文没有错误级规范问题，无需放行"));
    }
    let mut am: out::ActiveModel = m.clone().into();
    am.override_reason = Set(Some(reason.to_string()));
    am.override_by = Set(actor.user_id);
    am.update(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.override",
            "doc_outgoing",
            id,
            format!(
                "放行「{}」第 {} 版的 {} 处规范错误：{reason}",
                m.title, m.current_version, m.error_count
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// 编号: the next number of the chosen 代字 series, in the same transaction as the step, so
/// a failed step gives its number back. A record numbered before keeps its number.
pub async fn number(
    db: &Db,
    actor: &Actor,
    id: i64,
    task_id: i64,
    seen: i32,
    series_id: i64,
) -> AppResult<String> {
    let tx = db.begin_write().await?;
    let m = load(&*tx, id).await?;
    held_task(&tx, id, task_id, |s| s == flow::NUMBER).await?;
    let s = series::Entity::find_by_id(series_id)
        .one(&*tx)
        .await?
        .filter(|s| s.active)
        .ok_or_else(|| AppError::bad("请选择可用的代字"))?;
    let already = m.doc_number.clone();
    let text = match &already {
        Some(n) => format!("沿用发文字号 {n}"),
        None => format!("按「{}」编号", s.code),
    };
    engine::act_in(&tx, actor, task_id, seen, Action::Approve { opinion: text }).await?;
    let number = match already {
        Some(n) => n,
        None => {
            let year = format::today()
                .format("%Y")
                .to_string()
                .parse::<i32>()
                .unwrap_or(2000);
            let n = sequence::next(&tx, &format!("documents.outgoing.{}", s.id), year).await?;
            let printed = IssuingNumber::new(&s.code, year as u16, n as u32)
                .map_err(|e| AppError::bad(format!("代字「{}」不能用于编号：{e}", s.code)))?
                .to_string();
            let mut am: out::ActiveModel = m.clone().into();
            am.series_id = Set(Some(s.id));
            am.year = Set(Some(year));
            am.number = Set(Some(n));
            am.doc_number = Set(Some(printed.clone()));
            am.numbered_at = Set(Some(now_ms()));
            am.update(&*tx).await?;
            audit::record(
                &tx,
                actor,
                Change::new(
                    "outgoing.number",
                    "doc_outgoing",
                    id,
                    format!("「{}」编号为 {printed}", m.title),
                ),
            )
            .await?;
            printed
        }
    };
    tx.commit().await?;
    Ok(number)
}

/// An outside recipient of a 分发.
#[derive(Clone, Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct External {
    pub unit: String,
    /// e.g. 机要交换, 电子公文交换, 邮寄.
    pub channel: String,
}

/// Who a 分发 goes to.
#[derive(Clone, Debug, Default)]
pub struct Recipients {
    pub departments: Vec<i64>,
    pub people: Vec<i64>,
    pub external: Vec<External>,
}

/// 分发: each internal recipient gets the 公文 as a 收文 in their hands; outside ones are
/// recorded with the channel used.
pub async fn distribute(
    db: &Db,
    actor: &Actor,
    id: i64,
    task_id: i64,
    seen: i32,
    r: &Recipients,
) -> AppResult<usize> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    if r.departments.is_empty() && r.people.is_empty() && r.external.is_empty() {
        return Err(AppError::bad("请至少选择一个分发对象"));
    }
    for e in &r.external {
        if e.unit.trim().is_empty() || e.channel.trim().is_empty() {
            return Err(AppError::bad("外部分发须写明单位和发送渠道"));
        }
    }
    let tx = db.begin_write().await?;
    let m = load(&*tx, id).await?;
    held_task(&tx, id, task_id, |s| s == flow::DISTRIBUTE).await?;
    let Some(doc_number) = m.doc_number.clone() else {
        return Err(AppError::bad("尚未编号，不能分发"));
    };
    let issuer = match m.series_id {
        Some(s) => series::Entity::find_by_id(s)
            .one(&*tx)
            .await?
            .map(|s| s.issuer)
            .unwrap_or_default(),
        None => String::new(),
    };
    engine::act_in(
        &tx,
        actor,
        task_id,
        seen,
        Action::Approve {
            opinion: "分发".into(),
        },
    )
    .await?;
    let now = now_ms();
    let mut count = 0;
    let internal = r
        .departments
        .iter()
        .map(|d| (Some(*d), None))
        .chain(r.people.iter().map(|p| (None, Some(*p))));
    for (department_id, user_id) in internal {
        let incoming = distributed::receive(
            &tx,
            actor,
            &Distributed {
                outgoing_id: id,
                source_unit: issuer.clone(),
                source_number: doc_number.clone(),
                title: m.title.clone(),
                kind: m.kind.clone(),
                classification: m.classification.clone(),
                urgency: m.urgency.clone(),
                copies: 1,
                department_id,
                user_id,
            },
        )
        .await?;
        dist::ActiveModel {
            id: NotSet,
            outgoing_id: Set(id),
            internal: Set(true),
            department_id: Set(department_id),
            user_id: Set(user_id),
            incoming_id: Set(Some(incoming)),
            unit_name: Set(None),
            channel: Set(None),
            at: Set(now),
            by_id: Set(uid),
        }
        .insert(&*tx)
        .await?;
        count += 1;
    }
    for e in &r.external {
        dist::ActiveModel {
            id: NotSet,
            outgoing_id: Set(id),
            internal: Set(false),
            department_id: Set(None),
            user_id: Set(None),
            incoming_id: Set(None),
            unit_name: Set(Some(e.unit.trim().to_string())),
            channel: Set(Some(e.channel.trim().to_string())),
            at: Set(now),
            by_id: Set(uid),
        }
        .insert(&*tx)
        .await?;
        count += 1;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.distribute",
            "doc_outgoing",
            id,
            format!("分发「{}」（{doc_number}）至 {count} 处", m.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(count)
}

pub async fn distributions(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<dist::Model>> {
    Ok(dist::Entity::find()
        .filter(dist::Column::OutgoingId.eq(id))
        .order_by_asc(dist::Column::Id)
        .all(conn)
        .await?)
}

pub async fn versions(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<ver::Model>> {
    Ok(ver::Entity::find()
        .filter(ver::Column::OutgoingId.eq(id))
        .order_by_asc(ver::Column::Version)
        .all(conn)
        .await?)
}

/// A new 代字 series (the office).
pub async fn create_series(
    db: &Db,
    actor: &Actor,
    code: &str,
    issuer: &str,
) -> AppResult<series::Model> {
    if !actor.can(Permission::DocumentsOffice) {
        return Err(AppError::Forbidden);
    }
    let code = code.trim();
    IssuingNumber::new(code, 2000, 1).map_err(|e| AppError::bad(format!("代字有误：{e}")))?;
    let issuer = issuer.trim();
    if issuer.is_empty() || issuer.chars().count() > 100 {
        return Err(AppError::bad("请填写发文机关名称（不超过 100 个字）"));
    }
    let tx = db.begin_write().await?;
    if series::Entity::find()
        .filter(series::Column::Code.eq(code))
        .one(&*tx)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!("代字「{code}」已存在")));
    }
    let s = series::ActiveModel {
        id: NotSet,
        code: Set(code.to_string()),
        issuer: Set(issuer.to_string()),
        active: Set(true),
        created_at: Set(now_ms()),
    }
    .insert(&*tx)
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.series",
            "doc_series",
            s.id,
            format!("新增代字「{code}」"),
        )
        .after(&s),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

pub async fn all_series(conn: &impl ConnectionTrait) -> AppResult<Vec<series::Model>> {
    Ok(series::Entity::find()
        .order_by_asc(series::Column::Id)
        .all(conn)
        .await?)
}

/// What a 发文 is at now, for lists and the record page.
pub fn status_label(inst: Option<&winst::Model>, step_name: &str) -> String {
    match inst {
        None => "草稿".into(),
        Some(i) => match i.status.as_str() {
            engine::status::RUNNING if i.current_step == engine::DRAFTER_STEP => "退回修改".into(),
            engine::status::RUNNING => format!("{step_name}中"),
            engine::status::COMPLETED => "已归档".into(),
            engine::status::WITHDRAWN => "已撤回".into(),
            _ => "已终止".into(),
        },
    }
}

pub fn step_name(i: &winst::Model) -> String {
    flow::definition()
        .steps
        .get(i.current_step.max(0) as usize)
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

pub fn can_view_all(actor: &Actor) -> bool {
    actor.can(Permission::DocumentsOffice)
}

/// The findings shown beside the current 正文.
pub async fn current_findings(
    conn: &impl ConnectionTrait,
    m: &out::Model,
) -> AppResult<Vec<draft::FindingView>> {
    let v = ver::Entity::find()
        .filter(ver::Column::OutgoingId.eq(m.id))
        .filter(ver::Column::Version.eq(m.current_version))
        .one(conn)
        .await?;
    Ok(v.and_then(|v| serde_json::from_str(&v.findings_json).ok())
        .unwrap_or_default())
}

/// A .docx uploaded as the 正文: checked with the format checks too, its text taken as the
/// 正文 and the file kept as the record's body attachment.
pub async fn upload_docx(
    state: &sanban_platform::web::state::AppState,
    actor: &Actor,
    id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<out::Model> {
    let m = access::readable(&state.db, actor, id).await?;
    if !access::can_edit(state.db.conn(), actor, &m).await? {
        return Err(AppError::Forbidden);
    }
    if !file_name.to_lowercase().ends_with(".docx") {
        return Err(AppError::bad("正文只接受 .docx 文件"));
    }
    let report = sanban_gongwen::check_docx(&bytes)
        .map_err(|e| AppError::bad(format!("无法读取该 .docx 文件：{e}")))?;
    let findings: Vec<draft::FindingView> = report
        .findings
        .iter()
        .map(draft::FindingView::from)
        .collect();
    let body: Vec<String> = report
        .document
        .body
        .iter()
        .map(|p| p.text.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if body.is_empty() {
        return Err(AppError::bad("该 .docx 文件中没有读到正文内容"));
    }
    let chunk: Result<bytes::Bytes, AppError> = Ok(bytes::Bytes::from(bytes));
    sanban_platform::attach::service::upload(
        &state.attach,
        &state.db,
        actor,
        sanban_platform::attach::Target::New {
            module: MODULE.into(),
            record_id: record_id(id),
            slot: sanban_platform::attach::Slot::Body,
        },
        file_name,
        futures_util::stream::iter([chunk]),
    )
    .await?;
    let tx = state.db.begin_write().await?;
    let m = load(&*tx, id).await?;
    let before = m.clone();
    let mut am: out::ActiveModel = m.clone().into();
    am.body = Set(body.join("\n"));
    am.updated_at = Set(now_ms());
    let m = am.update(&*tx).await?;
    let text = full_text(&*tx, &m).await?;
    let v = m.current_version + 1;
    let errors = store_version(
        &tx,
        actor,
        id,
        v,
        text,
        &findings,
        &format!("上传正文 {file_name}"),
    )
    .await?;
    let mut am: out::ActiveModel = m.clone().into();
    am.current_version = Set(v);
    am.error_count = Set(errors);
    am.override_reason = Set(None);
    am.override_by = Set(None);
    let m = am.update(&*tx).await?;
    resign_if_signed(&tx, actor, &m).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "outgoing.upload",
            "doc_outgoing",
            id,
            format!("上传「{}」的正文 {file_name}", m.title),
        )
        .before(&before)
        .after(&m),
    )
    .await?;
    tx.commit().await?;
    Ok(m)
}
