//! The audit log viewer: filter by person, record and time; verify the chain.

use askama::Template;
use askama_web::WebTemplate;
use axum::{extract::State, response::IntoResponse};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    audit::{
        self, VerifyOutcome,
        query::{AuditFilter, PAGE_SIZE},
    },
    auth::Permission,
    error::AppResult,
    org::{
        people::{self, PeopleFilter, Person},
        validate,
    },
    web::{
        extract::{PageActor, Query, opt_id},
        format,
        shell::Shell,
        state::AppState,
    },
};

pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record: String,
    pub summary: String,
    pub before: String,
    pub after: String,
    pub ip: String,
    pub hash: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
struct AuditPage {
    shell: Shell,
    rows: Vec<AuditRow>,
    people: Vec<Person>,
    q: AuditQuery,
    next_before: Option<i64>,
    next_query: String,
    verify: Option<String>,
    verify_ok: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor_id: String,
    #[serde(default)]
    pub entity: String,
    #[serde(default)]
    pub entity_id: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    pub before_id: Option<i64>,
    #[serde(default)]
    pub verify: String,
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<AuditQuery>,
) -> AppResult<impl IntoResponse> {
    actor.require(Permission::AuditView)?;
    let day = |field: &str, v: &str| -> AppResult<Option<i64>> {
        if v.trim().is_empty() {
            Ok(None)
        } else {
            Ok(Some(format::day_start_ms(validate::date(field, v)?)))
        }
    };
    let filter = AuditFilter {
        actor_id: opt_id("操作人", &q.actor_id)?,
        entity: Some(q.entity.clone()),
        entity_id: Some(q.entity_id.clone()),
        from_ms: day("开始日期", &q.from)?,
        to_ms: day("结束日期", &q.to)?.map(|t| t + 86_400_000),
        before_id: q.before_id,
    };
    let models = audit::query::list(&state.db, &actor, &filter).await?;
    let next_before = (models.len() as u64 == PAGE_SIZE)
        .then(|| models.last().map(|m| m.id))
        .flatten();
    let rows = models
        .into_iter()
        .map(|m| AuditRow {
            id: m.id,
            at: format::datetime_cn(m.at),
            actor: m.actor_name,
            action: m.action,
            record: format!("{} #{}", m.entity, m.entity_id),
            summary: m.summary,
            before: m.before_json.unwrap_or_default(),
            after: m.after_json.unwrap_or_default(),
            ip: m.ip.unwrap_or_default(),
            hash: m.hash.chars().take(12).collect(),
        })
        .collect();
    let (verify, verify_ok) = if q.verify == "1" {
        match audit::verify(&state.db).await? {
            VerifyOutcome::Intact { rows } => (
                Some(format!(
                    "审计链完整：共核验 {rows} 条记录，未发现篡改或删除。"
                )),
                true,
            ),
            VerifyOutcome::Broken {
                row_id,
                reason,
                rows_checked,
            } => (
                Some(format!(
                    "审计链在第 {row_id} 号记录处断开（此前 {rows_checked} 条完好）：{reason}"
                )),
                false,
            ),
        }
    } else {
        (None, false)
    };
    let next_query = form_urlencoded::Serializer::new(String::new())
        .append_pair("actor_id", &q.actor_id)
        .append_pair("entity", &q.entity)
        .append_pair("entity_id", &q.entity_id)
        .append_pair("from", &q.from)
        .append_pair("to", &q.to)
        .finish();
    Ok(AuditPage {
        people: people::list(&state.db, &actor, &PeopleFilter::default()).await?,
        shell: Shell::new(&state, &actor, &session, "审计日志", "/audit").await,
        rows,
        q,
        next_before,
        next_query,
        verify,
        verify_ok,
    })
}
