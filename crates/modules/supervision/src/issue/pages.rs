//! The pages of 通知书 and 通报: the list with the 通报 form, one draft to edit and issue, and
//! the printed PDF.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Datelike;
use sanban_platform::{
    AppResult,
    web::{
        extract::{PageActor, PagePath},
        format::today,
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{
    api::pdf_response,
    model::Issue,
    pdf,
    service::{self, BulletinInput, EditInput, WeeklyInput},
};
use crate::task::{access, form::Pairs, model::Source};

#[derive(Template, WebTemplate)]
#[template(path = "supervision/issues.html")]
struct ListPage {
    shell: Shell,
    issues: Vec<Issue>,
    office: bool,
    last_month: String,
    last_week: String,
    specials: Vec<(&'static str, &'static str)>,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    let first = today().with_day(1).unwrap_or_else(today);
    let last_month = (first - chrono::Days::new(1)).format("%Y-%m").to_string();
    Ok(ListPage {
        shell: Shell::new(
            &state,
            &actor,
            &session,
            "通知书与通报",
            "/supervision/issues",
        )
        .await,
        issues: service::list(&state.db, &actor).await?,
        office: access::is_office(&actor),
        last_month,
        last_week: {
            let w = (today() - chrono::Days::new(7)).iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        },
        specials: Source::ALL.iter().map(|s| (s.code(), s.label())).collect(),
    })
}

fn page(id: i64) -> Response {
    Redirect::to(&format!("/supervision/issues/{id}")).into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision/issue.html")]
struct ShowPage {
    shell: Shell,
    i: Issue,
    office: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let i = service::get(&state.db, &actor, id).await?;
    Ok(ShowPage {
        shell: Shell::new(&state, &actor, &session, &i.title, "/supervision/issues").await,
        office: access::is_office(&actor),
        i,
    })
}

pub async fn draft_notice(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(task): PagePath<i64>,
) -> AppResult<Response> {
    let i = service::draft_notice(&state.db, &actor, task).await?;
    flash(&session, "已起草督办通知书，请核对后印发").await;
    Ok(page(i.id))
}

pub async fn draft_bulletin(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let i = service::draft_bulletin(
        &state.db,
        &actor,
        &BulletinInput {
            month: f.get("month"),
        },
    )
    .await?;
    flash(&session, "已起草月度督办通报，请核对后印发").await;
    Ok(page(i.id))
}

pub async fn draft_weekly(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let i = service::draft_weekly(
        &state.db,
        &actor,
        &WeeklyInput {
            week: f.get("week"),
            special: Some(f.get("special")),
        },
    )
    .await?;
    flash(&session, "已起草督办周报，请核对后印发").await;
    Ok(page(i.id))
}

pub async fn edit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let input = EditInput {
        title: f.get("title"),
        body: f.get("body"),
    };
    service::edit(&state.db, &actor, id, &input).await?;
    flash(&session, "已保存").await;
    Ok(page(id))
}

pub async fn issue(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let i = service::issue(&state.db, &actor, id).await?;
    flash(
        &session,
        format!(
            "已印发（{}），并通知送达人",
            i.number_text.unwrap_or_default()
        ),
    )
    .await;
    Ok(page(id))
}

pub async fn pdf(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let (i, bytes) = pdf::render(&state.db, &actor, id).await?;
    Ok(pdf_response(&i, bytes))
}
