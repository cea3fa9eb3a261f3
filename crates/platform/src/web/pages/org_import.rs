//! Importing people from an Excel sheet, with the row-by-row error report.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::{Multipart, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

use crate::{
    auth::Permission,
    error::{AppError, AppResult},
    org::sheet::{self, ImportError, ImportOutcome, RowError},
    web::{extract::PageActor, shell::Shell, state::AppState},
};

#[derive(Template, WebTemplate)]
#[template(path = "org/import.html")]
struct ImportPage {
    shell: Shell,
    columns: &'static [&'static str],
    outcome: Option<ImportOutcome>,
    errors: Vec<RowError>,
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    actor.require(Permission::OrgManage)?;
    Ok(ImportPage {
        shell: Shell::new(&state, &actor, &session, "导入人员", "/org").await,
        columns: &sheet::COLUMNS,
        outcome: None,
        errors: vec![],
    })
}

/// The uploaded file's bytes, from the multipart field `file`.
pub async fn read_upload(mut mp: Multipart) -> AppResult<Vec<u8>> {
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| AppError::bad("上传的内容不完整，请重新选择文件"))?
    {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::bad("文件读取失败或过大"))?;
            if bytes.is_empty() {
                return Err(AppError::bad("请选择要导入的 Excel 文件"));
            }
            return Ok(bytes.to_vec());
        }
    }
    Err(AppError::bad("请选择要导入的 Excel 文件"))
}

pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    actor.require(Permission::OrgManage)?;
    let mp = mp.map_err(|_| AppError::bad("请用表单上传 Excel 文件"))?;
    let bytes = read_upload(mp).await?;
    let shell = Shell::new(&state, &actor, &session, "导入人员", "/org").await;
    match sheet::import(&state.db, &actor, &bytes).await {
        Ok(outcome) => Ok(ImportPage {
            shell,
            columns: &sheet::COLUMNS,
            outcome: Some(outcome),
            errors: vec![],
        }
        .into_response()),
        Err(ImportError::Rows(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            ImportPage {
                shell,
                columns: &sheet::COLUMNS,
                outcome: None,
                errors,
            },
        )
            .into_response()),
        Err(ImportError::App(e)) => Err(e),
    }
}
