//! The 收文 API: an outside system registers a 收文 and reads its state.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

use sanban_platform::{
    api::{ApiError, ErrorBody},
    web::{
        extract::{ApiActor, ApiJson, ApiPath},
        state::AppState,
    },
};

use super::{
    model::{Incoming, RegisterInput},
    service::{self, Registered},
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct IncomingState {
    #[serde(flatten)]
    pub record: Incoming,
    /// The step it waits at (初审, 拟办 …), or 已办结 / 已退文.
    pub step: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DuplicateBody {
    code: &'static str,
    message: String,
    duplicates: Vec<Incoming>,
}

/// Registers a 收文 and starts it on 初审. 409 with the earlier records when the same
/// 来文单位 + 来文字号 exists, unless `confirm_duplicate` is true.
#[utoipa::path(post, path = "/api/v1/documents/incoming", tag = "收文", request_body = RegisterInput, responses((status = 201, body = IncomingState), (status = 409, body = DuplicateBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<Response, ApiError> {
    match service::register(&s.db, &a, input).await? {
        Registered::Created(inc) => {
            let step = service::step_of(s.db.conn(), &inc).await?;
            Ok((
                StatusCode::CREATED,
                Json(IncomingState { record: *inc, step }),
            )
                .into_response())
        }
        Registered::Duplicate(earlier) => Ok((
            StatusCode::CONFLICT,
            Json(DuplicateBody {
                code: "duplicate",
                message: format!(
                    "该来文单位和来文字号已登记（{}）；确认另行登记请设 confirm_duplicate 为 true",
                    earlier
                        .iter()
                        .map(|e| e.number.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                duplicates: earlier,
            }),
        )
            .into_response()),
    }
}

/// One 收文 with the step it waits at.
#[utoipa::path(get, path = "/api/v1/documents/incoming/{id}", tag = "收文", params(("id" = i64, Path)), responses((status = 200, body = IncomingState), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<IncomingState>, ApiError> {
    let inc = service::view(&s.db, &a, id).await?;
    let step = service::step_of(s.db.conn(), &inc).await?;
    Ok(Json(IncomingState { record: inc, step }))
}
