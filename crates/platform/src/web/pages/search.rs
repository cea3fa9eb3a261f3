//! The one search box: records the person may see, with the words found marked.

use askama::Template;
use askama_web::WebTemplate;
use axum::{extract::State, response::IntoResponse};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    error::AppResult,
    search::{self, Hit},
    web::{
        extract::{PageActor, Query},
        shell::Shell,
        state::AppState,
    },
};

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
struct SearchPage {
    shell: Shell,
    q: String,
    hits: Vec<Hit>,
    searched: bool,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<SearchQuery>,
) -> AppResult<impl IntoResponse> {
    let searched = !q.q.trim().is_empty();
    let hits = if searched {
        search::query(&state.db, &actor, &q.q).await?
    } else {
        vec![]
    };
    Ok(SearchPage {
        shell: Shell::new(&state, &actor, &session, "查找", "/search").await,
        q: q.q,
        hits,
        searched,
    })
}
