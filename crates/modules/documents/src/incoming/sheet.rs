//! 收文处理笺: the printed sheet with the registration data and every 意见 and 批示 in order.

use std::sync::OnceLock;

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use sanban_gongwen::{FormRow, FormSheet, PdfRenderer};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use sanban_platform::{
    AppError, AppResult,
    auth::Actor,
    entity::workflow_opinion as wop,
    web::{
        extract::{PageActor, PagePath},
        format,
        state::AppState,
    },
    workflow::engine,
};

use super::{model::Incoming, service};
use crate::MODULE;

pub struct Line {
    pub step: String,
    pub signer: String,
    pub post: String,
    pub action: String,
    pub text: String,
    pub at: String,
}

async fn lines(state: &AppState, inc: &Incoming) -> AppResult<Vec<Line>> {
    let Some(inst) = engine::instance_of_record(state.db.conn(), MODULE, &inc.record_id()).await?
    else {
        return Ok(Vec::new());
    };
    // Read straight from the 处理过程: the record check has let the viewer in, and members of
    // the 主办 / 协办 departments print the sheet without having acted on it.
    Ok(wop::Entity::find()
        .filter(wop::Column::InstanceId.eq(inst.id))
        .order_by_asc(wop::Column::Id)
        .all(state.db.conn())
        .await?
        .into_iter()
        .map(|o| Line {
            action: engine::action_label(&o.action).to_string(),
            step: o.step_name,
            signer: o.signer,
            post: o.post.unwrap_or_default(),
            text: o.text,
            at: format::datetime_cn(o.at),
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/incoming/sheet.html")]
struct SheetPage {
    r: Incoming,
    lines: Vec<Line>,
    printed: String,
}

pub async fn page(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let r = service::view(&state.db, &actor, id).await?;
    let lines = lines(&state, &r).await?;
    Ok(SheetPage {
        r,
        lines,
        printed: format::datetime_cn(sanban_platform::db::now_ms()),
    })
}

/// The sheet as form rows, for the PDF.
pub fn form(r: &Incoming, lines: &[Line]) -> FormSheet {
    let f = |a: &str, b: String| (a.to_string(), b);
    let mut rows = vec![
        FormRow::Fields(vec![
            f("来文单位", r.source_unit.clone()),
            f("来文字号", r.source_number.clone()),
        ]),
        FormRow::Fields(vec![f("标题", r.title.clone())]),
        FormRow::Fields(vec![
            f("文种", r.kind.clone()),
            f(
                "密级",
                if r.classification.is_empty() {
                    "无".into()
                } else {
                    r.classification.clone()
                },
            ),
        ]),
        FormRow::Fields(vec![
            f("收文日期", r.received_text()),
            f("办理时限", r.due_text()),
        ]),
        FormRow::Fields(vec![
            f("份数", r.copies.to_string()),
            f("收文渠道", r.channel.label().to_string()),
        ]),
    ];
    for step in ["初审", "拟办", "批办", "协办", "承办", "传阅", "终止"] {
        let paras: Vec<String> = lines
            .iter()
            .filter(|l| l.step == step && !l.text.is_empty())
            .map(|l| {
                let who = if l.post.is_empty() {
                    l.signer.clone()
                } else {
                    format!("{}（{}）", l.signer, l.post)
                };
                format!("{}　—— {who}　{}", l.text, l.at)
            })
            .collect();
        if paras.is_empty() && matches!(step, "传阅" | "终止") {
            continue;
        }
        let label = match step {
            "批办" => "领导批示",
            "拟办" => "拟办意见",
            "协办" => "协办意见",
            "承办" => "办理结果",
            "初审" => "初审意见",
            "终止" => "退文",
            s => s,
        };
        rows.push(FormRow::Block {
            label: label.into(),
            paragraphs: paras,
            min_lines: 3,
        });
    }
    FormSheet {
        title: "收文处理笺".into(),
        subtitle: Some(format!("收文编号：{}", r.number)),
        rows,
        footer: Some(format!(
            "打印时间：{}",
            format::datetime_cn(sanban_platform::db::now_ms())
        )),
    }
}

static RENDERER: OnceLock<Result<PdfRenderer, String>> = OnceLock::new();

/// The 处理笺 of record `id` as `actor` may print it, with its 收文编号.
pub async fn form_of(state: &AppState, actor: &Actor, id: i64) -> AppResult<(String, FormSheet)> {
    let r = service::view(&state.db, actor, id).await?;
    let lines = lines(state, &r).await?;
    Ok((r.number.clone(), form(&r, &lines)))
}

pub async fn pdf(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let (number, sheet) = form_of(&state, &actor, id).await?;
    let bytes = tokio::task::spawn_blocking(move || {
        let renderer = RENDERER
            .get_or_init(|| PdfRenderer::new(None).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| AppError::Storage(format!("无法生成 PDF：{e}")))?;
        renderer
            .render_form(&sheet)
            .map_err(|e| AppError::Storage(format!("无法生成 PDF：{e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename=\"incoming-{}.pdf\"; filename*=UTF-8''{}",
                    id,
                    form_urlencoded::byte_serialize(format!("收文处理笺-{number}.pdf").as_bytes())
                        .collect::<String>()
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}
