//! The 会议纪要 in the 纪要 format of GB/T 9704-2012 (10.3): the mark, the 议定事项 with
//! their 责任部门 and 时限, and the 出席 / 列席 / 请假 lines, as PDF and .docx.

use std::sync::OnceLock;

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use sanban_gongwen::{PdfRenderer, RenderOptions, parse::parse, render_docx};
use sanban_platform::{
    AppError, AppResult,
    auth::Actor,
    web::{
        extract::{PageActor, PagePath},
        state::AppState,
    },
};

use super::{model::Decision, service};
use crate::{
    meetings::{model::Meeting, service as meetings, state::State as MeetingState},
    time,
};

/// Building a renderer scans the fonts: once per process.
fn renderer() -> Result<&'static PdfRenderer, AppError> {
    static R: OnceLock<Result<PdfRenderer, String>> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| AppError::Conflict(e.clone()))
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn numeral(n: usize) -> String {
    match n {
        1..=10 => NUMERALS[n - 1].to_string(),
        11..=19 => format!("十{}", NUMERALS[n - 11]),
        _ => n.to_string(),
    }
}

/// The 纪要 as a text draft the 公文 library reads.
pub fn text(m: &Meeting, decisions: &[Decision]) -> String {
    let mark = if m.title.ends_with("纪要") {
        m.title.clone()
    } else {
        format!("{}纪要", m.title)
    };
    let mut out = format!("{mark}\n\n");
    let host = if m.host_name.is_empty() {
        String::new()
    } else {
        format!("{}主持", m.host_name)
    };
    out.push_str(&format!(
        "　　{}，{host}召开{}。会议议定事项纪要如下。\n",
        time::date_cn(m.starts_at),
        m.title
    ));
    for p in m.minutes.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(&format!("　　{p}\n"));
    }
    for (i, d) in decisions.iter().enumerate() {
        out.push_str(&format!(
            "　　{}、{}（责任部门：{}；完成时限：{}）\n",
            numeral(i + 1),
            d.content.trim_end_matches('。'),
            d.department_name,
            d.due_text
        ));
    }
    // Without any 签到 everyone listed is taken to have come; with it, who did not sign in
    // was away (请假), whether to attend or to sit in.
    let signed_in = m.attendees.iter().any(|a| a.checked_in_at.is_some());
    let came = |a: &&crate::meetings::model::Attendee| !signed_in || a.checked_in_at.is_some();
    let names = |pick: &dyn Fn(&&crate::meetings::model::Attendee) -> bool| {
        m.attendees
            .iter()
            .filter(pick)
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    for (label, v) in [
        ("出席", names(&|a| came(a) && !a.sits_in)),
        ("列席", names(&|a| came(a) && a.sits_in)),
        ("请假", names(&|a| !came(a))),
    ] {
        if !v.is_empty() {
            out.push_str(&format!("　　{label}：{v}\n"));
        }
    }
    out
}

async fn ready(state: &AppState, actor: &Actor, id: i64) -> AppResult<(Meeting, String)> {
    let m = meetings::get(&state.db, actor, id).await?;
    if m.state != MeetingState::Held {
        return Err(AppError::bad(format!("会议{}，没有纪要", m.state_label)));
    }
    let decisions = service::of_meeting(state.db.conn(), None, id).await?;
    let t = text(&m, &decisions);
    Ok((m, t))
}

fn file(content_type: &str, ascii_name: &str, name: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
                    encoded.replace('+', "%20")
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn pdf(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let (m, text) = ready(&state, &actor, id).await?;
    let out = tokio::task::spawn_blocking(move || {
        renderer()?
            .render(&parse(&text), &RenderOptions::default())
            .map_err(|e| AppError::Conflict(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    Ok(file(
        "application/pdf",
        &format!("minutes-{id}.pdf"),
        &format!("{}纪要.pdf", m.title),
        out.pdf,
    ))
}

pub async fn docx(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let (m, text) = ready(&state, &actor, id).await?;
    let bytes = render_docx(&parse(&text), &RenderOptions::default())
        .map_err(|e| AppError::bad(format!("无法生成纪要：{e}")))?;
    Ok(file(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &format!("minutes-{id}.docx"),
        &format!("{}纪要.docx", m.title),
        bytes,
    ))
}
