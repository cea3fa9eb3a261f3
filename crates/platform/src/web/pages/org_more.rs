//! 分管 and 代理 pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use super::org::Pairs;
use crate::{
    auth::{Permission, Role},
    error::{AppError, AppResult},
    org::{
        delegation::{self, Delegation, DelegationInput},
        departments::{self, TreeRow},
        leadership,
        people::{self, PeopleFilter, Person},
    },
    web::{
        extract::{PageActor, PagePath},
        format,
        shell::{Shell, flash},
        state::AppState,
    },
};

pub struct LeaderRow {
    pub person: Person,
    pub department_ids: Vec<i64>,
    pub department_names: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "org/leaders.html")]
struct LeadersPage {
    shell: Shell,
    leaders: Vec<LeaderRow>,
    departments: Vec<TreeRow>,
    can_manage: bool,
}

pub async fn leaders(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    let everyone = people::list(&state.db, &actor, &PeopleFilter::default()).await?;
    let assigned = leadership::list(&state.db, &actor).await?;
    let leaders = everyone
        .into_iter()
        .filter(|p| {
            p.active
                && (p
                    .roles
                    .iter()
                    .any(|r| r == Role::DeputyLeader.code() || r == Role::ChiefLeader.code())
                    || assigned.iter().any(|a| a.leader_id == p.id))
        })
        .map(|p| {
            let mine = assigned.iter().find(|a| a.leader_id == p.id);
            LeaderRow {
                department_ids: mine
                    .map(|m| m.departments.iter().map(|d| d.id).collect())
                    .unwrap_or_default(),
                department_names: mine
                    .map(|m| {
                        m.departments
                            .iter()
                            .map(|d| d.name.clone())
                            .collect::<Vec<_>>()
                            .join("、")
                    })
                    .unwrap_or_default(),
                person: p,
            }
        })
        .collect();
    Ok(LeadersPage {
        departments: departments::tree(&state.db, &actor).await?,
        leaders,
        can_manage: actor.can(Permission::OrgManage),
        shell: Shell::new(&state, &actor, &session, "领导分管", "/org").await,
    })
}

pub async fn leader_set(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let pairs = Pairs::parse(&body);
    let ids = pairs
        .all("department_ids")
        .iter()
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| AppError::bad("分管部门的取值无效"))
        })
        .collect::<AppResult<Vec<_>>>()?;
    leadership::set(&state.db, &actor, id, &ids).await?;
    flash(&session, "分管部门已更新").await;
    Ok(Redirect::to("/org/leaders").into_response())
}

pub struct DelegationRow {
    pub d: Delegation,
    pub period: String,
    pub state: &'static str,
    pub can_revoke: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "org/delegations.html")]
struct DelegationsPage {
    shell: Shell,
    rows: Vec<DelegationRow>,
    people: Vec<Person>,
    me: i64,
    can_manage: bool,
}

pub async fn delegations(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    let today = format::today();
    let can_manage = actor.can(Permission::OrgManage);
    let me = actor.user_id.unwrap_or_default();
    let rows = delegation::list(&state.db, &actor)
        .await?
        .into_iter()
        .map(|d| DelegationRow {
            period: format!(
                "{} 至 {}",
                format::date_cn(d.starts_on),
                format::date_cn(d.ends_on)
            ),
            state: if d.revoked {
                "已撤销"
            } else if d.ends_on < today {
                "已结束"
            } else if d.starts_on > today {
                "未开始"
            } else {
                "进行中"
            },
            can_revoke: !d.revoked && d.ends_on >= today && (can_manage || d.principal_id == me),
            d,
        })
        .collect();
    Ok(DelegationsPage {
        people: people::list(&state.db, &actor, &PeopleFilter::default())
            .await?
            .into_iter()
            .filter(|p| p.active)
            .collect(),
        rows,
        me,
        can_manage,
        shell: Shell::new(&state, &actor, &session, "代理安排", "/org").await,
    })
}

pub async fn delegation_create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    let f = Pairs::parse(&body);
    let id = |name: &str, label: &str| {
        f.get(name)
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::bad(format!("请选择{label}")))
    };
    let input = DelegationInput {
        principal_id: id("principal_id", "被代理人")?,
        acting_id: id("acting_id", "代理人")?,
        starts_on: f.get("starts_on"),
        ends_on: f.get("ends_on"),
        reason: f.get("reason"),
    };
    let d = delegation::create(&state.db, &actor, input).await?;
    flash(
        &session,
        format!("已安排 {} 代理 {} 的工作", d.acting, d.principal),
    )
    .await;
    Ok(Redirect::to("/org/delegations").into_response())
}

pub async fn delegation_revoke(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    delegation::revoke(&state.db, &actor, id).await?;
    flash(&session, "代理安排已撤销").await;
    Ok(Redirect::to("/org/delegations").into_response())
}
