//! The home page: who I am today, whom I act for, where I can go.

use askama::Template;
use askama_web::WebTemplate;
use axum::{extract::State, response::IntoResponse};
use tower_sessions::Session;

use crate::{
    error::AppResult,
    org::{delegation, people},
    web::{extract::PageActor, format, shell::Shell, state::AppState},
};

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    today: String,
    department: String,
    post: String,
    acting_for: Vec<String>,
    acted_by: Vec<String>,
}

pub async fn home(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    let today = format::today();
    let (mut department, mut post) = (String::new(), String::new());
    let mut acting_for = Vec::new();
    let mut acted_by = Vec::new();
    if let Some(uid) = actor.user_id {
        let me = people::get(&state.db, &actor, uid).await?;
        department = me.department.unwrap_or_default();
        post = me.post.unwrap_or_default();
        for d in delegation::list(&state.db, &actor).await? {
            let current = !d.revoked && d.starts_on <= today && today <= d.ends_on;
            if current && d.acting_id == uid {
                acting_for.push(format!(
                    "{}（至 {}）",
                    d.principal,
                    format::date_cn(d.ends_on)
                ));
            }
            if current && d.principal_id == uid {
                acted_by.push(format!("{}（至 {}）", d.acting, format::date_cn(d.ends_on)));
            }
        }
    }
    Ok(HomePage {
        shell: Shell::new(&state, &actor, &session, "首页", "/").await,
        today: format::date_cn(today),
        department,
        post,
        acting_for,
        acted_by,
    })
}
