//! Page routes.

pub(super) mod attach;
mod audit;
mod auth;
mod figures;
mod home;
mod notices;
mod notify;
mod org;
mod org_import;
mod org_more;
mod search;
mod tokens;
mod workflow;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    routing::{get, post},
};

use super::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(auth::login_page).post(auth::login_submit))
        .route("/logout", post(auth::logout))
        .route(
            "/account/password",
            get(auth::password_page).post(auth::password_submit),
        )
        .route("/account/tokens", get(tokens::page).post(tokens::create))
        .route("/account/tokens/{id}/revoke", post(tokens::revoke))
        .route("/org", get(org::index))
        .route("/org/departments", post(org::department_create))
        .route("/org/departments/new", get(org::department_new))
        .route("/org/departments/{id}", post(org::department_update))
        .route("/org/departments/{id}/edit", get(org::department_edit))
        .route("/org/departments/{id}/delete", post(org::department_delete))
        .route("/org/people", post(org::person_create))
        .route("/org/people/new", get(org::person_new))
        .route(
            "/org/people/{id}",
            get(org::person_edit).post(org::person_update),
        )
        .route(
            "/org/people/{id}/reset-password",
            post(org::person_reset_password),
        )
        .route("/org/posts", get(org::posts_page).post(org::post_create))
        .route("/org/leaders", get(org_more::leaders))
        .route("/org/leaders/{id}", post(org_more::leader_set))
        .route(
            "/org/delegations",
            get(org_more::delegations).post(org_more::delegation_create),
        )
        .route(
            "/org/delegations/{id}/revoke",
            post(org_more::delegation_revoke),
        )
        .route(
            "/org/import",
            get(org_import::page).post(org_import::submit),
        )
        .route("/org/export.xlsx", get(org::export))
        .route("/audit", get(audit::page))
        .route("/figures", get(figures::index))
        .route("/figures/export.xlsx", get(figures::export))
        .route("/figures/{key}", get(figures::detail))
        .route("/inbox", get(workflow::inbox_page))
        .route("/notices", get(notices::page))
        .route("/search", get(search::page))
        .route("/notices/read", post(notices::read_all))
        .route("/notices/prefs", post(notices::prefs))
        .route("/system/outbox", get(notify::outbox_page))
        .route(
            "/system/outbox/retry-failed",
            post(notify::outbox_retry_failed),
        )
        .route("/system/outbox/{id}/retry", post(notify::outbox_retry))
        .route(
            "/system/robots",
            get(notify::robots_page).post(notify::robot_create),
        )
        .route("/system/robots/{id}", post(notify::robot_update))
        .route("/system/robots/{id}/delete", post(notify::robot_delete))
        .route("/workflow/{id}/remind", post(workflow::remind))
        .route("/workflow/{id}", get(workflow::instance_page))
        .route("/workflow/{id}/withdraw", post(workflow::withdraw))
        .route("/workflow/{id}/follow", post(workflow::follow))
        .route("/workflow/{id}/terminate", post(workflow::terminate))
        .route("/workflow/{id}/circulate", post(workflow::circulate))
        .route("/workflow/tasks/{id}/act", post(workflow::act))
        // Uploads count their own bytes against storage.max_upload_mb while streaming.
        .route(
            "/attachments",
            post(attach::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/attachments/{id}/versions",
            post(attach::new_version).layer(DefaultBodyLimit::disable()),
        )
        .route("/attachments/{id}/download", get(attach::download_page))
        .route("/attachments/{id}/preview", get(attach::preview))
        .route("/attachments/{id}/delete", post(attach::delete))
}
