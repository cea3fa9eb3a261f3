//! The 发文 pages: 拟稿 and editing on the 发文稿纸, the record with its findings, workflow
//! and attachments, the step forms (签发, 编号, 分发, 放行), versions, and the list.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::{Multipart, State},
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppError, AppResult,
    auth::{Actor, Permission},
    entity::department,
    web::{
        download,
        extract::{PageActor, PagePath, Query},
        format,
        panel::{AttachPanel, WorkflowPanel, attach_panel, workflow_panel},
        shell::{Shell, flash},
        state::AppState,
    },
    workflow::engine,
};
use sea_orm::{EntityTrait, QueryOrder};
use tower_sessions::Session;

use super::{
    access,
    draft::{self, DraftInput, FindingView},
    entity::{distribution as dist, outgoing as out, series, version as ver},
    flow,
    form::Pairs,
    list::{self, ListQuery, Row},
    service::{self, External, Recipients},
};
use crate::MODULE;

pub struct Choice {
    pub id: i64,
    pub name: String,
    pub chosen: bool,
}

async fn departments(state: &AppState, chosen: &[i64]) -> AppResult<Vec<Choice>> {
    Ok(department::Entity::find()
        .order_by_asc(department::Column::SortOrder)
        .order_by_asc(department::Column::Id)
        .all(state.db.conn())
        .await?
        .into_iter()
        .map(|d| Choice {
            chosen: chosen.contains(&d.id),
            id: d.id,
            name: d.name,
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/outgoing/form.html")]
struct FormPage {
    shell: Shell,
    id: Option<i64>,
    d: DraftInput,
    /// Signed already: a changed 正文 goes back to the signer.
    signed: bool,
    findings: Vec<FindingView>,
    departments: Vec<Choice>,
    kinds: &'static [&'static str],
    directions: &'static [&'static str],
    publicity: &'static [&'static str],
    urgencies: &'static [&'static str],
}

pub async fn new_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    Ok(FormPage {
        shell: Shell::new(&state, &actor, &session, "拟稿", "/documents/outgoing/new").await,
        id: None,
        signed: false,
        d: DraftInput {
            kind: "通知".into(),
            direction: "下行文".into(),
            publicity: "主动公开".into(),
            ..Default::default()
        },
        findings: vec![],
        departments: departments(&state, &[]).await?,
        kinds: &draft::KINDS,
        directions: &draft::DIRECTIONS,
        publicity: &draft::PUBLICITY,
        urgencies: &draft::URGENCIES,
    })
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let d = Pairs::parse(&body).draft()?;
    let m = service::create(&state.db, &actor, &d).await?;
    flash(&session, saved_note(&m)).await;
    Ok(Redirect::to(&format!("/documents/outgoing/{}", m.id)).into_response())
}

fn saved_note(m: &out::Model) -> String {
    if m.error_count > 0 {
        format!(
            "已保存第 {} 版；规范检查发现 {} 处错误，请查看右侧的检查结果",
            m.current_version, m.error_count
        )
    } else {
        format!("已保存第 {} 版", m.current_version)
    }
}

pub async fn edit_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let m = access::readable(&state.db, &actor, id).await?;
    let d = service::draft_of(&m);
    Ok(FormPage {
        shell: Shell::new(
            &state,
            &actor,
            &session,
            "修改发文稿",
            "/documents/outgoing",
        )
        .await,
        id: Some(id),
        signed: m.signed_version.is_some(),
        findings: service::current_findings(state.db.conn(), &m).await?,
        departments: departments(&state, &d.countersign_departments).await?,
        d,
        kinds: &draft::KINDS,
        directions: &draft::DIRECTIONS,
        publicity: &draft::PUBLICITY,
        urgencies: &draft::URGENCIES,
    })
}

pub async fn save(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    access::readable(&state.db, &actor, id).await?;
    let d = Pairs::parse(&body).draft()?;
    let m = service::save(&state.db, &actor, id, &d).await?;
    flash(&session, saved_note(&m)).await;
    Ok(back(id))
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/documents/outgoing/{id}")).into_response()
}

pub struct MyTask {
    pub id: i64,
    pub version: i32,
    pub step: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/outgoing/record.html")]
struct RecordPage {
    shell: Shell,
    m: out::Model,
    department: String,
    status: String,
    findings: Vec<FindingView>,
    full_text: String,
    can_edit: bool,
    can_submit: bool,
    office: bool,
    sign_task: Option<MyTask>,
    number_task: Option<MyTask>,
    distribute_task: Option<MyTask>,
    series: Vec<series::Model>,
    departments: Vec<Choice>,
    /// 分发 records as shown: to whom, how, when.
    distributions: Vec<(String, String, String)>,
    wf: Option<WorkflowPanel>,
    attachments: Option<AttachPanel>,
}

impl RecordPage {
    fn signed_text(&self) -> String {
        match (&self.m.signer_name, self.m.signed_at, self.m.signed_version) {
            (Some(n), Some(at), Some(v)) => {
                format!("{n}（{}，签发第 {v} 版）", format::datetime_cn(at))
            }
            _ => String::new(),
        }
    }
}

pub async fn record_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let m = access::readable(&state.db, &actor, id).await?;
    let inst = service::instance(state.db.conn(), id).await?;
    let step = inst.as_ref().map(service::step_name).unwrap_or_default();
    let status = service::status_label(inst.as_ref(), &step);
    let mut wf = match &inst {
        Some(i) => workflow_panel(&state, &actor, i.id).await.ok(),
        None => None,
    };
    if let Some(w) = wf.as_mut() {
        w.custom_steps = flow::custom_steps();
    }
    let mine = |name: &dyn Fn(&str) -> bool| {
        wf.as_ref().and_then(|w| {
            w.v.my_tasks
                .iter()
                .find(|t| t.kind == engine::KIND_APPROVE && !t.add_sign && name(&t.step_name))
                .map(|t| MyTask {
                    id: t.id,
                    version: t.version,
                    step: t.step_name.clone(),
                })
        })
    };
    let sign_task = mine(&flow::is_sign_step);
    let number_task = mine(&|s| s == flow::NUMBER);
    let distribute_task = mine(&|s| s == flow::DISTRIBUTE);
    let can_edit = access::can_edit(state.db.conn(), &actor, &m).await?;
    let running = inst.as_ref().is_some_and(|i| {
        i.status == engine::status::RUNNING || i.status == engine::status::COMPLETED
    });
    let department = match m.department_id {
        Some(d) => department::Entity::find_by_id(d)
            .one(state.db.conn())
            .await?
            .map(|d| d.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(RecordPage {
        shell: Shell::new(&state, &actor, &session, &m.title, "/documents/outgoing").await,
        department,
        status,
        findings: service::current_findings(state.db.conn(), &m).await?,
        full_text: service::full_text(state.db.conn(), &m).await?,
        can_edit,
        can_submit: !running && actor.user_id == Some(m.drafter_id),
        office: actor.can(Permission::DocumentsOffice),
        sign_task,
        number_task,
        distribute_task,
        series: service::all_series(state.db.conn())
            .await?
            .into_iter()
            .filter(|s| s.active)
            .collect(),
        departments: departments(&state, &[]).await?,
        distributions: distribution_rows(&state, id).await?,
        attachments: attach_panel(
            &state,
            &actor,
            MODULE,
            &service::record_id(id),
            &format!("/documents/outgoing/{id}"),
        )
        .await
        .ok()
        .flatten(),
        wf,
        m,
    })
}

async fn distribution_rows(state: &AppState, id: i64) -> AppResult<Vec<(String, String, String)>> {
    let rows = service::distributions(state.db.conn(), id).await?;
    let departments: std::collections::HashMap<i64, String> = department::Entity::find()
        .all(state.db.conn())
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let people: std::collections::HashMap<i64, String> =
        sanban_platform::entity::user::Entity::find()
            .all(state.db.conn())
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
    Ok(rows
        .into_iter()
        .map(|d: dist::Model| {
            let whom = match (d.internal, d.department_id, d.user_id) {
                (true, Some(x), _) => departments.get(&x).cloned().unwrap_or_default(),
                (true, None, Some(x)) => people.get(&x).cloned().unwrap_or_default(),
                _ => d.unit_name.clone().unwrap_or_default(),
            };
            let how = if d.internal {
                match d.incoming_id {
                    Some(i) => format!("作为收文送达（收文 #{i}）"),
                    None => "作为收文送达".into(),
                }
            } else {
                d.channel.clone().unwrap_or_default()
            };
            (whom, how, format::datetime_cn(d.at))
        })
        .collect())
}

pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    access::readable(&state.db, &actor, id).await?;
    service::submit(&state.db, &actor, id).await?;
    flash(&session, "已送核稿").await;
    Ok(back(id))
}

fn task(f: &Pairs) -> AppResult<(i64, i32)> {
    Ok((
        f.int("task", "待办事项")?,
        f.int("version", "待办事项版本")? as i32,
    ))
}

pub async fn sign(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    access::readable(&state.db, &actor, id).await?;
    let f = Pairs::parse(&body);
    let (t, v) = task(&f)?;
    service::sign(&state.db, &actor, id, t, v, &f.get("opinion")).await?;
    flash(&session, "已签发").await;
    Ok(back(id))
}

pub async fn override_findings(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    access::readable(&state.db, &actor, id).await?;
    let f = Pairs::parse(&body);
    service::override_findings(&state.db, &actor, id, &f.get("reason")).await?;
    flash(&session, "已放行，理由已记录").await;
    Ok(back(id))
}

pub async fn number(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    access::readable(&state.db, &actor, id).await?;
    let f = Pairs::parse(&body);
    let (t, v) = task(&f)?;
    let n = service::number(&state.db, &actor, id, t, v, f.int("series", "代字")?).await?;
    flash(&session, format!("发文字号：{n}")).await;
    Ok(back(id))
}

/// External recipients, one a line: 单位名称｜渠道.
fn externals(text: &str) -> AppResult<Vec<External>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (unit, channel) = l
                .split_once(['|', '｜'])
                .ok_or_else(|| AppError::bad(format!("「{l}」应写成“单位名称｜发送渠道”")))?;
            Ok(External {
                unit: unit.trim().to_string(),
                channel: channel.trim().to_string(),
            })
        })
        .collect()
}

pub async fn distribute(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    access::readable(&state.db, &actor, id).await?;
    let f = Pairs::parse(&body);
    let (t, v) = task(&f)?;
    let r = Recipients {
        departments: f.ids("departments")?,
        people: f.ids("people")?,
        external: externals(&f.get("external"))?,
    };
    let n = service::distribute(&state.db, &actor, id, t, v, &r).await?;
    flash(&session, format!("已分发至 {n} 处")).await;
    Ok(back(id))
}

/// Largest .docx taken as a 正文.
const MAX_DOCX: usize = 20 * 1024 * 1024;

pub async fn upload_docx(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    mut form: Multipart,
) -> AppResult<Response> {
    access::readable(&state.db, &actor, id).await?;
    let bad = |_| AppError::bad("上传中断或内容格式有误，请重新上传");
    while let Some(field) = form.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(bad)?;
        if bytes.len() > MAX_DOCX {
            return Err(AppError::TooLarge("正文文件超过 20 MB，未保存".into()));
        }
        let m = service::upload_docx(&state, &actor, id, &name, bytes.to_vec()).await?;
        flash(&session, saved_note(&m)).await;
        return Ok(back(id));
    }
    Err(AppError::bad("请选择要上传的 .docx 文件"))
}

pub struct DiffLine {
    pub tag: &'static str,
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/outgoing/versions.html")]
struct VersionsPage {
    shell: Shell,
    m: out::Model,
    versions: Vec<ver::Model>,
    from: i32,
    to: i32,
    diff: Vec<DiffLine>,
}

impl VersionsPage {
    fn signed(&self, v: &i32) -> bool {
        self.m.signed_version == Some(*v)
    }

    fn at(&self, ms: &i64) -> String {
        format::datetime_cn(*ms)
    }
}

#[derive(serde::Deserialize, Default)]
pub struct DiffQuery {
    from: Option<i32>,
    to: Option<i32>,
}

pub async fn versions_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Query(q): Query<DiffQuery>,
) -> AppResult<impl IntoResponse> {
    let m = access::readable(&state.db, &actor, id).await?;
    let versions = service::versions(state.db.conn(), id).await?;
    let to = q.to.unwrap_or(m.current_version);
    let from = q.from.unwrap_or((to - 1).max(1));
    let text = |v: i32| {
        versions
            .iter()
            .find(|x| x.version == v)
            .map(|x| x.body.clone())
            .ok_or_else(|| AppError::bad(format!("没有第 {v} 版")))
    };
    let (a, b) = (text(from)?, text(to)?);
    let diff = similar::TextDiff::from_lines(&a, &b)
        .iter_all_changes()
        .map(|c| DiffLine {
            tag: match c.tag() {
                similar::ChangeTag::Delete => "del",
                similar::ChangeTag::Insert => "ins",
                similar::ChangeTag::Equal => "eq",
            },
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect();
    Ok(VersionsPage {
        shell: Shell::new(&state, &actor, &session, "正文版本", "/documents/outgoing").await,
        m,
        versions,
        from,
        to,
        diff,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/outgoing/list.html")]
struct ListPage {
    shell: Shell,
    q: ListQuery,
    rows: Vec<Row>,
    kinds: &'static [&'static str],
    directions: &'static [&'static str],
    departments: Vec<Choice>,
    can_export: bool,
    params: String,
}

pub async fn list_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<ListQuery>,
) -> AppResult<impl IntoResponse> {
    let rows = list::rows(&state.db, &actor, &q).await?;
    Ok(ListPage {
        shell: Shell::new(&state, &actor, &session, "发文", "/documents/outgoing").await,
        params: serde_urlencoded_params(&q),
        rows,
        kinds: &draft::KINDS,
        directions: &draft::DIRECTIONS,
        departments: departments(&state, &[]).await?,
        can_export: actor.can(Permission::DocumentsOffice)
            || actor.can(Permission::DocumentsRegister),
        q,
    })
}

fn serde_urlencoded_params(q: &ListQuery) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("year", &q.year)
        .append_pair("kind", &q.kind)
        .append_pair("direction", &q.direction)
        .append_pair("department", &q.department)
        .append_pair("status", &q.status)
        .append_pair("q", &q.q)
        .finish()
}

pub async fn export(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let bytes = list::register_xlsx(&state.db, &actor, &q).await?;
    Ok(download::xlsx("发文登记簿.xlsx", bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/outgoing/series.html")]
struct SeriesPage {
    shell: Shell,
    series: Vec<series::Model>,
}

fn office_only(actor: &Actor) -> AppResult<()> {
    if actor.can(Permission::DocumentsOffice) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn series_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    office_only(&actor)?;
    Ok(SeriesPage {
        shell: Shell::new(&state, &actor, &session, "代字", "/documents/series").await,
        series: service::all_series(state.db.conn()).await?,
    })
}

pub async fn series_create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    office_only(&actor)?;
    let f = Pairs::parse(&body);
    let s = service::create_series(&state.db, &actor, &f.get("code"), &f.get("issuer")).await?;
    flash(&session, format!("已新增代字「{}」", s.code)).await;
    Ok(Redirect::to("/documents/series").into_response())
}
