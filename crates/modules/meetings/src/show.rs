//! The meeting's page: what it is, who comes and who has signed in, and for the office the
//! buttons that move it on.

use askama::Template;
use askama_web::WebTemplate;
use axum::{extract::State, response::IntoResponse};
use sanban_platform::{
    AppResult,
    org::departments::{self, Department},
    web::{
        extract::{PageActor, PagePath},
        panel::{AttachPanel, attach_panel},
        shell::Shell,
        state::AppState,
    },
};
use tower_sessions::Session;

use crate::{
    access,
    attendance::{checkin, checklist},
    meetings::{kind, model::Meeting, service, state::State as MeetingState},
    minutes::{model::Decision, service as minutes},
    review::{model::Review, service as review},
    topics::{
        agenda,
        model::{AgendaItem, Topic},
    },
};

#[derive(Template, WebTemplate)]
#[template(path = "meetings/show.html")]
struct ShowPage {
    shell: Shell,
    m: Meeting,
    office: bool,
    /// 三会: the agenda is made of 议题.
    takes_topics: bool,
    agenda: Vec<AgendaItem>,
    /// Approved 议题 the office may add.
    candidates: Vec<Topic>,
    /// Held: 纪要 and 决定事项 may be recorded.
    held: bool,
    decisions: Vec<Decision>,
    /// Some 决定事项 are still to be handed to 督办.
    unhanded: bool,
    departments: Vec<Department>,
    checklist: Vec<checklist::Item>,
    /// The self sign-in link's path, for the office to show at the door.
    checkin_link: String,
    /// 会议材料 and the signed 纪要.
    attachments: Option<AttachPanel>,
    /// The 复盘, for those who may read it.
    review: Option<Review>,
    reads_review: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let m = service::get(&state.db, &actor, id).await?;
    let office = access::is_office(&actor);
    let takes_topics = kind::takes_topics(&m.kind);
    let candidates = if office && takes_topics && m.state.open() {
        agenda::candidates(&state.db, &actor, id).await?
    } else {
        Vec::new()
    };
    let held = m.state == MeetingState::Held;
    let decisions = minutes::list(&state.db, &actor, state.task_sink(), id).await?;
    let departments = if office && held {
        departments::list(&state.db, &actor).await?
    } else {
        Vec::new()
    };
    let checkin_link = if office {
        format!(
            "/meetings/checkin/{}",
            checkin::token(&state.db, &actor, id).await?
        )
    } else {
        String::new()
    };
    let reads_review = held && review::can_read(&actor);
    let review = if reads_review {
        review::of_meeting(state.db.conn(), id).await?
    } else {
        None
    };
    let back = format!("/meetings/{id}");
    let attachments = attach_panel(
        &state,
        &actor,
        crate::MODULE,
        &minutes::record_id(id),
        &back,
    )
    .await?;
    Ok(ShowPage {
        attachments,
        review,
        reads_review,
        checklist: checklist::of_meeting(state.db.conn(), id).await?,
        checkin_link,
        office,
        held,
        unhanded: decisions.iter().any(|d| !d.handed),
        decisions,
        departments,
        takes_topics,
        agenda: agenda::of_meeting(state.db.conn(), id).await?,
        candidates,
        shell: Shell::new(&state, &actor, &session, &m.title, "/meetings").await,
        m,
    })
}
