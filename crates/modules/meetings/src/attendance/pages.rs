//! Before and during the meeting: the notice, the 准备清单, 签到 (by staff and by link), and
//! the 座签 print page.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppError, AppResult,
    web::{
        extract::{PageActor, PagePath},
        shell::{Shell, flash},
        state::AppState,
    },
};
use tower_sessions::Session;

use super::{checkin, checklist, notice, qr};
use crate::{access, form::Fields, meetings::model::Meeting, meetings::service};

fn back(id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/meetings/{id}#{anchor}")).into_response()
}

pub async fn notify(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let n = notice::send(&state.db, &actor, id).await?;
    flash(&session, format!("已向 {n} 人发送会议通知")).await;
    Ok(back(id, "meeting"))
}

pub async fn start_checklist(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    checklist::start(&state.db, &actor, id).await?;
    flash(&session, "已生成准备清单").await;
    Ok(back(id, "checklist"))
}

pub async fn tick(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath((id, item)): PagePath<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let done = Fields::parse(&body).flag("done");
    checklist::tick(&state.db, &actor, id, item, done).await?;
    Ok(back(id, "checklist"))
}

pub async fn check_in(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let user = Fields::parse(&body)
        .id("user_id", "参会人员")?
        .ok_or_else(|| AppError::bad("请选择参会人员"))?;
    let a = checkin::by_staff(&state.db, &actor, id, user).await?;
    let late = if a.late { "（迟到）" } else { "" };
    flash(&session, format!("{}已签到{late}", a.name)).await;
    Ok(back(id, "attendees"))
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/checkin.html")]
struct CheckinPage {
    shell: Shell,
    m: Meeting,
    token: String,
    done: Option<String>,
}

pub async fn link_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(token): PagePath<String>,
) -> AppResult<impl IntoResponse> {
    let m = checkin::meeting_of_link(&state.db, &actor, &token).await?;
    let done = actor.user_id.and_then(|u| {
        m.attendees
            .iter()
            .find(|a| a.user_id == u && a.checked_in_at.is_some())
            .map(|a| a.checked_in_text.clone())
    });
    Ok(CheckinPage {
        shell: Shell::new(&state, &actor, &session, "会议签到", "/meetings").await,
        m,
        token,
        done,
    })
}

pub async fn link_check_in(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(token): PagePath<String>,
) -> AppResult<Response> {
    let (_, a) = checkin::by_link(&state.db, &actor, &token).await?;
    let late = if a.late { "（迟到）" } else { "" };
    flash(&session, format!("签到成功 {}{late}", a.checked_in_text)).await;
    Ok(Redirect::to(&format!("/meetings/checkin/{token}")).into_response())
}

/// The sign-in link as a QR code; whoever may open the link may see its code.
pub async fn link_qr(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(token): PagePath<String>,
) -> AppResult<Response> {
    checkin::meeting_of_link(&state.db, &actor, &token).await?;
    let svg = qr::svg(&qr::link(&state.config.public_url, &token))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        svg,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/sheet.html")]
struct SheetPage {
    m: Meeting,
    token: String,
    link: String,
}

/// 签到表: the names to sign beside, with the QR code for those who sign in by phone, on A4.
pub async fn sheet(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let token = checkin::token(&state.db, &actor, id).await?;
    Ok(SheetPage {
        m: service::get(&state.db, &actor, id).await?,
        link: qr::link(&state.config.public_url, &token),
        token,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/cards.html")]
struct CardsPage {
    m: Meeting,
}

/// 座签: one A4 sheet per name, folded along the middle so the name stands on both sides.
pub async fn cards(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    access::require_office(&actor)?;
    Ok(CardsPage {
        m: service::get(&state.db, &actor, id).await?,
    })
}
