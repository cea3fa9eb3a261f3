//! 查询下载人次: every opening of a 办文 record's 正文 or attachment, counted for the 统计 page.
//! The platform logs each download and preview; this counts the module's own.

use axum::{
    Router,
    extract::State,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use sanban_platform::{
    AppResult,
    attach::service,
    figures::{FigureDef, Source},
    web::{
        extract::{PageActor, PagePath},
        state::AppState,
    },
};

use crate::{MODULE, access};

pub fn figures() -> Vec<FigureDef> {
    vec![FigureDef {
        key: "documents.downloads",
        group: "办文",
        name: "查询下载",
        unit: "人次",
        how: "收文、发文、刊物的正文与附件每被下载或预览一次计一人次，按下载时间统计",
        source: Source {
            from: "attachment_reads r JOIN attachments a ON a.id = r.attachment_id",
            at: "r.at",
            filter: Some("r.module = 'documents'"),
            id: "a.id",
            title: "a.name",
            link: "/documents/attachments/{id}",
        },
        average: None,
        sum: None,
    }]
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/documents/attachments/{id}", get(record_of))
}

/// The record page an attachment belongs to, for those who may see it.
async fn record_of(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let a = service::get(&state.attach, &state.db, &actor, id).await?;
    if a.module != MODULE {
        return Err(sanban_platform::AppError::not_found("办文附件"));
    }
    Ok(Redirect::to(&access::record_page(&a.record_id)).into_response())
}
