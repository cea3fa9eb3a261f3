//! The JSON API under `/api/v1`: the same services as the pages, described by OpenAPI.

mod account;
mod attach;
mod audit;
mod figures;
mod notify;
mod org;
mod workflow;

use axum::{
    Json, Router,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::{error::AppError, web::state::AppState};

/// Every API error: a stable code for programs and a Chinese sentence for people.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

pub fn error_body(status: StatusCode, code: &str, message: &str) -> (StatusCode, Json<ErrorBody>) {
    (
        status,
        Json(ErrorBody {
            code: code.into(),
            message: message.into(),
        }),
    )
}

/// An [`AppError`] answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

/// `err` answered as the asker expects it: JSON under `/api/`, a page elsewhere.
pub fn answer(path: &str, err: AppError) -> Response {
    if path.starts_with("/api/") {
        ApiError(err).into_response()
    } else {
        err.into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log_server_side();
        error_body(self.0.status(), self.0.code(), &self.0.to_string()).into_response()
    }
}

pub type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(OpenApi)]
#[openapi(
    info(title = "三办 Sanban API", description = "办公室工作平台接口。认证：请求头 `Authorization: Bearer <个人 API 令牌>`（在“API 令牌”页面创建），或浏览器会话（写操作须带 `X-CSRF-Token`）。错误统一为 `{\"code\", \"message\"}`。"),
    // The inbox's query parameters refer to these by name.
    components(schemas(ErrorBody, crate::workflow::inbox::Folder, crate::workflow::inbox::Sort)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Any operation can answer 401 (not signed in), 403 (no right, or a session write without its
/// CSRF token), 404, 409 or 422 (bad path, query or body) before its own handler speaks: each
/// operation gets a `default` response with the one error shape, so clients and schema checks
/// know every answer that is not listed.
fn document_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, path::Operation};
    let error = ResponseBuilder::new()
        .description("错误：未登录（401）、无权限或 CSRF 校验未通过（403）、不存在（404）、冲突（409）、输入有误（422）等，统一为 {code, message}")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build();
    for item in doc.paths.paths.values_mut() {
        let ops: [Option<&mut Operation>; 5] = [
            item.get.as_mut(),
            item.post.as_mut(),
            item.put.as_mut(),
            item.delete.as_mut(),
            item.patch.as_mut(),
        ];
        for op in ops.into_iter().flatten() {
            op.responses
                .responses
                .entry("default".to_string())
                .or_insert_with(|| RefOr::T(error.clone()));
        }
    }
}

/// `/api/v1/…`, `/api/v1/openapi.json` and the browsable `/api/docs`.
pub fn router(modules: &[crate::Module]) -> Router<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(account::routes())
        .merge(org::routes())
        .merge(audit::routes())
        .merge(figures::routes())
        .merge(notify::routes())
        .merge(workflow::routes())
        .merge(attach::routes());
    let (api, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", v1)
        .split_for_parts();
    // Modules mount their own routes; their descriptions join the one document here.
    for describe in modules.iter().filter_map(|m| m.openapi) {
        let part = describe();
        // Schemas share one namespace and `merge` keeps the first of a name: two modules'
        // different `State`s would describe one of them wrongly. Refuse to start instead.
        if let (Some(have), Some(new)) = (&doc.components, &part.components) {
            for (name, schema) in &new.schemas {
                if have.schemas.get(name).is_some_and(|s| s != schema) {
                    panic!(
                        "two different API schemas are both named `{name}`: give one a \
                         distinct name with #[schema(as = …)]"
                    );
                }
            }
        }
        doc.merge(part);
    }
    document_errors(&mut doc);
    // Unknown paths under /api fall through to the application's fallback, which answers JSON.
    api.merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", doc))
}
