//! What is printed: the 发文稿纸 (page and PDF) and the 公文 itself as .docx and PDF, with
//! the assigned 发文字号, the 签发人 of a 上行文 and the date.

use std::sync::OnceLock;

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use sanban_gongwen::{FormRow, FormSheet, PdfRenderer, RenderOptions, parse::parse, render_docx};
use sanban_platform::{
    AppError, AppResult,
    auth::Actor,
    entity::{department, workflow_instance as winst, workflow_opinion as wop},
    web::{
        extract::{PageActor, PagePath},
        format,
        shell::Shell,
        state::AppState,
    },
    workflow::engine,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tower_sessions::Session;

use super::{access, draft, entity::outgoing as out, entity::series, service};
use crate::MODULE;

/// Building a renderer scans the fonts: once per process.
fn renderer() -> Result<&'static PdfRenderer, AppError> {
    static R: OnceLock<Result<PdfRenderer, String>> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| AppError::Conflict(e.clone()))
}

fn file(content_type: &str, ascii_name: &str, name: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
                    encoded.replace('+', "%20")
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// One 意见 line of the 稿纸.
pub struct Line {
    pub step: String,
    pub text: String,
}

async fn opinions(state: &AppState, id: i64) -> AppResult<Vec<Line>> {
    let insts = winst::Entity::find()
        .filter(winst::Column::Module.eq(MODULE))
        .filter(winst::Column::RecordId.eq(service::record_id(id)))
        .order_by_asc(winst::Column::Id)
        .all(state.db.conn())
        .await?;
    let mut lines = vec![];
    for i in insts {
        for o in wop::Entity::find()
            .filter(wop::Column::InstanceId.eq(i.id))
            .order_by_asc(wop::Column::Id)
            .all(state.db.conn())
            .await?
        {
            let text = if o.text.is_empty() {
                engine::action_label(&o.action).to_string()
            } else {
                o.text.clone()
            };
            lines.push(Line {
                step: o.step_name.clone(),
                text: format!("{text}　{}　{}", o.signer, format::datetime_cn(o.at)),
            });
        }
    }
    Ok(lines)
}

async fn department_name(state: &AppState, m: &out::Model) -> AppResult<String> {
    Ok(match m.department_id {
        Some(d) => department::Entity::find_by_id(d)
            .one(state.db.conn())
            .await?
            .map(|d| d.name)
            .unwrap_or_default(),
        None => String::new(),
    })
}

async fn issuer(state: &AppState, m: &out::Model) -> AppResult<String> {
    Ok(match m.series_id {
        Some(s) => series::Entity::find_by_id(s)
            .one(state.db.conn())
            .await?
            .map(|s| s.issuer)
            .unwrap_or_default(),
        None => department_name(state, m).await?,
    })
}

fn fields(m: &out::Model, department: &str) -> Vec<(String, String)> {
    vec![
        ("发文字号".into(), m.doc_number.clone().unwrap_or_default()),
        ("文种".into(), m.kind.clone()),
        ("紧急程度".into(), m.urgency.clone()),
        ("行文方向".into(), m.direction.clone()),
        ("公开属性".into(), m.publicity.clone()),
        ("拟稿单位".into(), department.to_string()),
        ("拟稿人".into(), m.drafter_name.clone()),
        ("主送".into(), m.main_to.clone()),
        ("抄送".into(), m.copy_to.clone()),
    ]
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/outgoing/sheet.html")]
struct SheetPage {
    shell: Shell,
    m: out::Model,
    fields: Vec<(String, String)>,
    opinions: Vec<Line>,
    body: Vec<String>,
}

pub async fn sheet_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let m = access::readable(&state.db, &actor, id).await?;
    let department = department_name(&state, &m).await?;
    Ok(SheetPage {
        shell: Shell::new(&state, &actor, &session, "发文稿纸", "/documents/outgoing").await,
        fields: fields(&m, &department),
        opinions: opinions(&state, id).await?,
        body: m.body.lines().map(str::to_string).collect(),
        m,
    })
}

pub async fn sheet_pdf(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let m = access::readable(&state.db, &actor, id).await?;
    let department = department_name(&state, &m).await?;
    let f = fields(&m, &department);
    let mut rows: Vec<FormRow> = f
        .chunks(2)
        .map(|pair| FormRow::Fields(pair.to_vec()))
        .collect();
    rows.push(FormRow::Fields(vec![("标题".into(), m.title.clone())]));
    let lines = opinions(&state, id).await?;
    for step in [
        flow_names::HEAD,
        flow_names::COUNTERSIGN,
        flow_names::REVIEW,
        flow_names::SIGN,
        flow_names::CHIEF,
        flow_names::RECHECK,
    ] {
        let ps: Vec<String> = lines
            .iter()
            .filter(|l| l.step == step)
            .map(|l| l.text.clone())
            .collect();
        if step == flow_names::CHIEF && ps.is_empty() {
            continue;
        }
        rows.push(FormRow::Block {
            label: format!("{step}意见"),
            paragraphs: ps,
            min_lines: 2,
        });
    }
    rows.push(FormRow::Heading("正文".into()));
    rows.push(FormRow::Block {
        label: "正文".into(),
        paragraphs: m.body.lines().map(str::to_string).collect(),
        min_lines: 4,
    });
    let sheet = FormSheet {
        title: format!("{}发文稿纸", issuer(&state, &m).await?),
        subtitle: m.doc_number.clone(),
        rows,
        footer: Some(format!(
            "打印时间：{}",
            format::datetime_cn(sanban_platform::db::now_ms())
        )),
    };
    let pdf = tokio::task::spawn_blocking(move || {
        renderer()?
            .render_form(&sheet)
            .map_err(|e| AppError::Conflict(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    Ok(file(
        "application/pdf",
        &format!("draft-sheet-{id}.pdf"),
        &format!("发文稿纸-{}.pdf", m.title),
        pdf,
    ))
}

mod flow_names {
    pub use super::super::flow::{
        CHIEF_SIGN as CHIEF, COUNTERSIGN, HEAD_REVIEW as HEAD, OFFICE_REVIEW as REVIEW, RECHECK,
        SIGN,
    };
}

/// The 公文 as a text draft with its 版头: 发文机关标志, 发文字号 (with 签发人 for a 上行文).
pub async fn document_text(state: &AppState, m: &out::Model) -> AppResult<String> {
    let issuer = issuer(state, m).await?;
    let mut head = String::new();
    head.push_str(&format!("{issuer}文件\n\n"));
    if let Some(n) = &m.doc_number {
        head.push_str(n);
        if m.direction == "上行文"
            && let Some(s) = &m.signer_name
        {
            head.push_str(&format!("　　　　　　　　　　签发人：{s}"));
        }
        head.push('\n');
    }
    head.push_str("————————————————————————————\n\n");
    let date = m
        .signed_at
        .map(format::datetime_cn)
        .and_then(|t| t.split_once('日').map(|(d, _)| format!("{d}日")))
        .unwrap_or_else(|| format::date_cn(format::today()));
    Ok(head + &draft::assemble(&service::draft_of(m), &issuer, &date))
}

async fn ready(state: &AppState, actor: &Actor, id: i64) -> AppResult<(out::Model, String)> {
    let m = access::readable(&state.db, actor, id).await?;
    let text = document_text(state, &m).await?;
    Ok((m, text))
}

pub async fn docx(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let (m, text) = ready(&state, &actor, id).await?;
    let doc = parse(&text);
    let bytes = render_docx(&doc, &RenderOptions::default())
        .map_err(|e| AppError::bad(format!("无法生成公文：{e}")))?;
    Ok(file(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &format!("outgoing-{id}.docx"),
        &format!("{}.docx", m.title),
        bytes,
    ))
}

pub async fn pdf(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let (m, text) = ready(&state, &actor, id).await?;
    let out = tokio::task::spawn_blocking(move || {
        let doc = parse(&text);
        renderer()?
            .render(&doc, &RenderOptions::default())
            .map_err(|e| AppError::Conflict(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    Ok(file(
        "application/pdf",
        &format!("outgoing-{id}.pdf"),
        &format!("{}.pdf", m.title),
        out.pdf,
    ))
}
