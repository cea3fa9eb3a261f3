use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{ApiError, ApiResult, ErrorBody};
use crate::{
    auth::{Permission, service as auth_service},
    error::AppError,
    org::{
        delegation::{self, Delegation, DelegationInput},
        departments::{self, Department, DepartmentInput},
        leadership::{self, LeaderDepartments},
        people::{self, Created, PeopleFilter, Person, PersonInput},
        posts::{self, Post, PostInput},
        sheet::{self, ImportError, ImportOutcome, RowError},
    },
    web::{
        extract::{ApiActor, ApiJson, ApiPath, ApiQuery},
        state::AppState,
    },
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_departments, create_department))
        .routes(routes!(
            get_department,
            update_department,
            delete_department
        ))
        .routes(routes!(list_people, create_person))
        .routes(routes!(get_person, update_person))
        .routes(routes!(reset_password))
        .routes(routes!(export_people))
        .routes(routes!(import_people))
        .routes(routes!(list_posts, create_post))
        .routes(routes!(list_leaders))
        .routes(routes!(set_leader))
        .routes(routes!(list_delegations, create_delegation))
        .routes(routes!(revoke_delegation))
}

/// All departments (flat; `parent_id` gives the tree).
#[utoipa::path(get, path = "/departments", tag = "组织机构", responses((status = 200, body = Vec<Department>), (status = 403, body = ErrorBody)))]
async fn list_departments(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
) -> ApiResult<Vec<Department>> {
    Ok(Json(departments::list(&s.db, &a).await?))
}

#[utoipa::path(post, path = "/departments", tag = "组织机构", request_body = DepartmentInput, responses((status = 200, body = Department), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_department(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<DepartmentInput>,
) -> ApiResult<Department> {
    Ok(Json(departments::create(&s.db, &a, b).await?))
}

#[utoipa::path(get, path = "/departments/{id}", tag = "组织机构", params(("id" = i64, Path)), responses((status = 200, body = Department), (status = 404, body = ErrorBody)))]
async fn get_department(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Department> {
    Ok(Json(departments::get(&s.db, &a, id).await?))
}

#[utoipa::path(put, path = "/departments/{id}", tag = "组织机构", params(("id" = i64, Path)), request_body = DepartmentInput, responses((status = 200, body = Department), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_department(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<DepartmentInput>,
) -> ApiResult<Department> {
    Ok(Json(departments::update(&s.db, &a, id, b).await?))
}

#[utoipa::path(delete, path = "/departments/{id}", tag = "组织机构", params(("id" = i64, Path)), responses((status = 200), (status = 409, body = ErrorBody)))]
async fn delete_department(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    departments::delete(&s.db, &a, id).await?;
    Ok(Json(serde_json::json!({"deleted": id})))
}

#[utoipa::path(get, path = "/people", tag = "组织机构", params(PeopleFilter), responses((status = 200, body = Vec<Person>)))]
async fn list_people(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<PeopleFilter>,
) -> ApiResult<Vec<Person>> {
    Ok(Json(people::list(&s.db, &a, &f).await?))
}

/// Creates a person; with `create_account` the answer carries the first password once.
#[utoipa::path(post, path = "/people", tag = "组织机构", request_body = PersonInput, responses((status = 200, body = Created), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_person(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<PersonInput>,
) -> ApiResult<Created> {
    Ok(Json(people::create(&s.db, &a, b).await?))
}

#[utoipa::path(get, path = "/people/{id}", tag = "组织机构", params(("id" = i64, Path)), responses((status = 200, body = Person), (status = 404, body = ErrorBody)))]
async fn get_person(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Person> {
    Ok(Json(people::get(&s.db, &a, id).await?))
}

/// Updates a person; send the `version` you read, a stale one gets 409.
#[utoipa::path(put, path = "/people/{id}", tag = "组织机构", params(("id" = i64, Path)), request_body = PersonInput, responses((status = 200, body = Person), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_person(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<PersonInput>,
) -> ApiResult<Person> {
    Ok(Json(people::update(&s.db, &a, id, b).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct NewPassword {
    password: String,
}

/// Sets a new random password (shown once); the person must change it at next sign-in.
#[utoipa::path(post, path = "/people/{id}/password-reset", tag = "组织机构", params(("id" = i64, Path)), responses((status = 200, body = NewPassword), (status = 403, body = ErrorBody)))]
async fn reset_password(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<NewPassword> {
    Ok(Json(NewPassword {
        password: auth_service::set_password(&s.db, &a, id, None).await?,
    }))
}

/// People as an .xlsx sheet (the same columns that import reads).
#[utoipa::path(get, path = "/people/export.xlsx", tag = "组织机构", responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn export_people(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
) -> Result<Response, ApiError> {
    let bytes = sheet::export(&s.db, &a).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )],
        bytes,
    )
        .into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
struct ImportRejected {
    code: String,
    message: String,
    /// Present when rows of the sheet were wrong; a body that is not a sheet at all gets the
    /// plain error without it.
    #[serde(default)]
    errors: Vec<RowError>,
}

/// Imports people from an .xlsx sent as the request body. All rows or none.
#[utoipa::path(post, path = "/people/import", tag = "组织机构", request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), responses((status = 200, body = ImportOutcome), (status = 422, body = ImportRejected)))]
async fn import_people(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    body: Bytes,
) -> Result<Response, ApiError> {
    // Someone without the right hears 403 whatever they sent.
    a.require(Permission::OrgManage)?;
    if body.is_empty() {
        return Err(AppError::bad("请求体为空：请直接发送 .xlsx 文件内容").into());
    }
    match sheet::import(&s.db, &a, &body).await {
        Ok(o) => Ok(Json(o).into_response()),
        Err(ImportError::Rows(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(ImportRejected {
                code: "invalid_sheet".into(),
                message: format!("表格中有 {} 处错误，未导入任何数据", errors.len()),
                errors,
            }),
        )
            .into_response()),
        Err(ImportError::App(e)) => Err(e.into()),
    }
}

#[utoipa::path(get, path = "/posts", tag = "组织机构", responses((status = 200, body = Vec<Post>)))]
async fn list_posts(State(s): State<AppState>, ApiActor(a): ApiActor) -> ApiResult<Vec<Post>> {
    Ok(Json(posts::list(&s.db, &a).await?))
}

#[utoipa::path(post, path = "/posts", tag = "组织机构", request_body = PostInput, responses((status = 200, body = Post), (status = 409, body = ErrorBody)))]
async fn create_post(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<PostInput>,
) -> ApiResult<Post> {
    Ok(Json(posts::create(&s.db, &a, b).await?))
}

/// Leaders and the departments each is in charge of (分管).
#[utoipa::path(get, path = "/leaders", tag = "组织机构", responses((status = 200, body = Vec<LeaderDepartments>)))]
async fn list_leaders(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
) -> ApiResult<Vec<LeaderDepartments>> {
    Ok(Json(leadership::list(&s.db, &a).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct LeaderDepartmentsInput {
    department_ids: Vec<i64>,
}

/// Replaces the departments a leader is in charge of.
#[utoipa::path(put, path = "/leaders/{id}", tag = "组织机构", params(("id" = i64, Path)), request_body = LeaderDepartmentsInput, responses((status = 200), (status = 422, body = ErrorBody)))]
async fn set_leader(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<LeaderDepartmentsInput>,
) -> Result<Json<serde_json::Value>, ApiError> {
    leadership::set(&s.db, &a, id, &b.department_ids).await?;
    Ok(Json(
        serde_json::json!({"leader_id": id, "department_ids": b.department_ids}),
    ))
}

#[utoipa::path(get, path = "/delegations", tag = "组织机构", responses((status = 200, body = Vec<Delegation>)))]
async fn list_delegations(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
) -> ApiResult<Vec<Delegation>> {
    Ok(Json(delegation::list(&s.db, &a).await?))
}

#[utoipa::path(post, path = "/delegations", tag = "组织机构", request_body = DelegationInput, responses((status = 200, body = Delegation), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_delegation(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<DelegationInput>,
) -> ApiResult<Delegation> {
    Ok(Json(delegation::create(&s.db, &a, b).await?))
}

#[utoipa::path(post, path = "/delegations/{id}/revoke", tag = "组织机构", params(("id" = i64, Path)), responses((status = 200), (status = 409, body = ErrorBody)))]
async fn revoke_delegation(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    delegation::revoke(&s.db, &a, id).await?;
    Ok(Json(serde_json::json!({"revoked": id})))
}
