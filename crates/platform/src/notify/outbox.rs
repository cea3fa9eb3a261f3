//! The outbox: one row per message to send (an e-mail to a person, a post to a robot),
//! written with the notice that causes it and sent later by the worker.
//!
//! A row is `pending` until a worker leases it (`sending`, with the worker's id and a lease
//! expiry), then `sent`, back to `pending` with a later `next_attempt_at` after a failure,
//! `dead` (失败) once it has failed `notify.max_attempts` times or can never succeed, or
//! `skipped` when its channel is off. A worker that dies mid-send loses its lease when it
//! expires and the row is tried again. Delivery bookkeeping is not audited (it is the system
//! talking to itself); what people do here — 重试 — is.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType},
};
use serde::{Deserialize, Serialize};

use super::{prefs, robots};
use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{Db, now_ms},
    entity::{notify_outbox as outbox, user},
    error::{AppError, AppResult},
    web::format,
};

pub mod state {
    pub const PENDING: &str = "pending";
    pub const SENDING: &str = "sending";
    pub const SENT: &str = "sent";
    pub const DEAD: &str = "dead";
    pub const SKIPPED: &str = "skipped";
    pub const ALL: [&str; 5] = [PENDING, SENDING, SENT, DEAD, SKIPPED];
}

pub const EMAIL: &str = "email";

pub fn state_label(s: &str) -> &'static str {
    match s {
        state::PENDING => "待发送",
        state::SENDING => "发送中",
        state::SENT => "已发送",
        state::DEAD => "失败",
        state::SKIPPED => "未发送",
        _ => "未知",
    }
}

pub fn channel_label(c: &str) -> &'static str {
    match c {
        EMAIL => "电子邮件",
        other => robots::RobotKind::from_code(other)
            .map(|k| k.label())
            .unwrap_or("未知"),
    }
}

/// A mobile number a robot can @: eleven digits starting with 1, as the 通讯录 may write it
/// with spaces or dashes.
fn mobile(phone: Option<&str>) -> Option<String> {
    let digits: String = phone?.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 11 && digits.starts_with('1')).then_some(digits)
}

/// Puts the outgoing messages for one notice to each of `user_ids` into the outbox, in the
/// caller's transaction: an e-mail when the person has an address and has not turned e-mail
/// off, and a post to each robot of their department. People, preferences and robots are read
/// once for all of them.
pub(super) async fn enqueue(
    conn: &impl ConnectionTrait,
    user_ids: &[i64],
    title: &str,
    body: &str,
    link: Option<&str>,
) -> AppResult<()> {
    let people: std::collections::HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.id, u))
        .collect();
    if people.is_empty() {
        return Ok(());
    }
    let address = |u: &user::Model| {
        u.email
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
    };
    let with_address: Vec<i64> = people
        .values()
        .filter(|u| address(u).is_some())
        .map(|u| u.id)
        .collect();
    let email_off = prefs::email_off_among(conn, &with_address).await?;
    let directory = robots::Directory::load(conn).await?;
    let now = now_ms();
    let row =
        |person: &user::Model, channel: &str, robot_id: Option<i64>, recipient: String, mention| {
            outbox::ActiveModel {
                id: NotSet,
                channel: Set(channel.to_string()),
                user_id: Set(Some(person.id)),
                robot_id: Set(robot_id),
                to_name: Set(person.name.clone()),
                recipient: Set(recipient),
                mention: Set(mention),
                subject: Set(title.to_string()),
                body: Set(body.to_string()),
                link: Set(link.map(str::to_string)),
                state: Set(state::PENDING.into()),
                attempts: Set(0),
                next_attempt_at: Set(now),
                last_error: Set(None),
                lease_owner: Set(None),
                lease_until: Set(None),
                created_at: Set(now),
                sent_at: Set(None),
            }
        };
    // Without robots every row can wait for one insert at the end; with them each person's rows
    // are written before the next person's, who may join that person's post.
    let mut pending = Vec::new();
    for id in user_ids {
        let Some(person) = people.get(id) else {
            continue;
        };
        if let Some(a) = address(person)
            && !email_off.contains(id)
        {
            pending.push(row(person, EMAIL, None, a, None));
        }
        let mention = mobile(person.phone.as_deref());
        for robot in directory.for_department(person.department_id) {
            if join_post(
                conn,
                robot.id,
                &person.name,
                mention.as_deref(),
                title,
                body,
                link,
                now,
            )
            .await?
            {
                continue;
            }
            pending.push(row(
                person,
                &robot.kind,
                Some(robot.id),
                robot.name,
                mention.clone(),
            ));
        }
        if directory.has_robots() && !pending.is_empty() {
            outbox::Entity::insert_many(std::mem::take(&mut pending))
                .exec_without_returning(conn)
                .await?;
        }
    }
    if !pending.is_empty() {
        outbox::Entity::insert_many(pending)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// How far back an unsent post of the same notice is joined rather than posted again: one
/// action's notices to several people of a department go out as one post naming them all.
const JOIN_WINDOW_MS: i64 = 5_000;
/// A post names at most this many people; more start a new post.
const JOIN_MAX_PEOPLE: usize = 20;

/// Adds a person to a robot post of the same notice still waiting to go out; false when there
/// is none to join.
#[allow(clippy::too_many_arguments)]
async fn join_post(
    conn: &impl ConnectionTrait,
    robot_id: i64,
    name: &str,
    mention: Option<&str>,
    title: &str,
    body: &str,
    link: Option<&str>,
    now: i64,
) -> AppResult<bool> {
    let mut q = outbox::Entity::find()
        .filter(outbox::Column::RobotId.eq(robot_id))
        .filter(outbox::Column::State.eq(state::PENDING))
        .filter(outbox::Column::Attempts.eq(0))
        .filter(outbox::Column::LeaseOwner.is_null())
        .filter(outbox::Column::Subject.eq(title))
        .filter(outbox::Column::Body.eq(body))
        .filter(outbox::Column::CreatedAt.gte(now - JOIN_WINDOW_MS));
    q = match link {
        Some(l) => q.filter(outbox::Column::Link.eq(l)),
        None => q.filter(outbox::Column::Link.is_null()),
    };
    let Some(post) = q.order_by_desc(outbox::Column::Id).one(conn).await? else {
        return Ok(false);
    };
    if post.to_name.split('、').count() >= JOIN_MAX_PEOPLE {
        return Ok(false);
    }
    let mentions = match (post.mention.clone(), mention) {
        (Some(m), Some(new)) => Some(format!("{m},{new}")),
        (m, new) => m.or(new.map(str::to_string)),
    };
    let to_name = format!("{}、{name}", post.to_name);
    let mut am: outbox::ActiveModel = post.into();
    am.to_name = Set(to_name);
    am.mention = Set(mentions);
    am.update(conn).await?;
    Ok(true)
}

/// Rows a worker may take at `now`: due and pending, or leased by a worker whose lease ran out.
fn takeable(now: i64) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(outbox::Column::State.eq(state::PENDING))
                .add(outbox::Column::NextAttemptAt.lte(now)),
        )
        .add(
            Condition::all()
                .add(outbox::Column::State.eq(state::SENDING))
                .add(outbox::Column::LeaseUntil.lt(now)),
        )
}

/// Leases up to `limit` due rows to `worker` until `now + lease_ms` and counts the attempt.
/// On PostgreSQL the rows are locked with `FOR UPDATE SKIP LOCKED`, so workers on other nodes
/// take other rows instead of waiting; on SQLite the write transaction is the only writer.
/// The UPDATE repeats the condition, so a row is never leased twice.
pub async fn claim(
    db: &Db,
    worker: &str,
    now: i64,
    limit: u64,
    lease_ms: i64,
) -> AppResult<Vec<outbox::Model>> {
    let tx = db.begin_write().await?;
    let mut q = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(takeable(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .order_by_asc(outbox::Column::Id)
        .limit(limit);
    if db.backend() == DatabaseBackend::Postgres {
        q = q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let ids: Vec<i64> = q.into_tuple().all(&*tx).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(state::SENDING))
        .col_expr(outbox::Column::LeaseOwner, Expr::value(worker))
        .col_expr(outbox::Column::LeaseUntil, Expr::value(now + lease_ms))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.is_in(ids.clone()))
        .filter(takeable(now))
        .exec(&*tx)
        .await?;
    let rows = outbox::Entity::find()
        .filter(outbox::Column::Id.is_in(ids))
        .filter(outbox::Column::State.eq(state::SENDING))
        .filter(outbox::Column::LeaseOwner.eq(worker))
        .filter(outbox::Column::LeaseUntil.eq(now + lease_ms))
        .order_by_asc(outbox::Column::Id)
        .all(&*tx)
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// What became of one attempt.
#[derive(Debug)]
pub enum Outcome {
    Sent,
    /// Failed; try again after a backoff unless attempts are used up.
    Retry(String),
    /// Cannot succeed by trying again.
    GiveUp(String),
    /// The channel is off.
    Skip(String),
}

/// Records an attempt's outcome if `worker` still holds the row's lease; returns the row's
/// new state, or `None` when the lease was lost (another worker has the row now).
pub async fn finish(
    db: &Db,
    worker: &str,
    row: &outbox::Model,
    outcome: Outcome,
    now: i64,
    max_attempts: i32,
) -> AppResult<Option<&'static str>> {
    let (new_state, error, next) = match outcome {
        Outcome::Sent => (state::SENT, None, row.next_attempt_at),
        Outcome::Skip(e) => (state::SKIPPED, Some(e), row.next_attempt_at),
        Outcome::GiveUp(e) => (state::DEAD, Some(e), row.next_attempt_at),
        Outcome::Retry(e) if row.attempts >= max_attempts => (
            state::DEAD,
            Some(format!("已尝试 {} 次，放弃：{e}", row.attempts)),
            row.next_attempt_at,
        ),
        Outcome::Retry(e) => (
            state::PENDING,
            Some(e),
            now + super::backoff::delay_ms(row.attempts),
        ),
    };
    let tx = db.begin_write().await?;
    let changed = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(new_state))
        .col_expr(outbox::Column::LastError, Expr::value(error))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            outbox::Column::SentAt,
            Expr::value((new_state == state::SENT).then_some(now)),
        )
        .col_expr(
            outbox::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<i64>::None))
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::State.eq(state::SENDING))
        .filter(outbox::Column::LeaseOwner.eq(worker))
        .exec(&*tx)
        .await?
        .rows_affected;
    tx.commit().await?;
    Ok((changed == 1).then_some(new_state))
}

/// One outbox row as the admin page and the API show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OutboxItem {
    pub id: i64,
    pub channel: String,
    pub channel_label: &'static str,
    pub to_name: String,
    /// The e-mail address, or the robot's name.
    pub recipient: String,
    pub subject: String,
    pub state: String,
    pub state_label: &'static str,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub created: String,
    pub sent_at: Option<i64>,
    /// When it went out, or when it is tried next.
    pub when: String,
    pub can_retry: bool,
}

impl From<outbox::Model> for OutboxItem {
    fn from(m: outbox::Model) -> Self {
        let when = match (m.state.as_str(), m.sent_at) {
            (state::SENT, Some(at)) => format!("{}发出", format::datetime_cn(at)),
            (state::PENDING, _) if m.attempts > 0 => {
                format!("{}重试", format::datetime_cn(m.next_attempt_at))
            }
            _ => String::new(),
        };
        Self {
            id: m.id,
            channel_label: channel_label(&m.channel),
            channel: m.channel,
            to_name: m.to_name,
            recipient: m.recipient,
            subject: m.subject,
            state_label: state_label(&m.state),
            can_retry: m.state == state::DEAD || m.state == state::SKIPPED,
            state: m.state,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_error: m.last_error,
            created: format::datetime_cn(m.created_at),
            created_at: m.created_at,
            sent_at: m.sent_at,
            when,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxFilter {
    /// pending, sending, sent, dead or skipped; empty for all.
    #[serde(default)]
    pub state: Option<String>,
    /// Rows older than this id (the next page).
    pub before_id: Option<i64>,
}

pub const PAGE_SIZE: u64 = 100;

pub async fn list(db: &Db, actor: &Actor, filter: &OutboxFilter) -> AppResult<Vec<OutboxItem>> {
    actor.require(Permission::NotifyManage)?;
    let mut q = outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .limit(PAGE_SIZE);
    if let Some(s) = filter.state.as_deref().filter(|s| !s.is_empty()) {
        if !state::ALL.contains(&s) {
            return Err(AppError::bad(format!("状态「{s}」不存在")));
        }
        q = q.filter(outbox::Column::State.eq(s));
    }
    if let Some(before) = filter.before_id {
        q = q.filter(outbox::Column::Id.lt(before));
    }
    Ok(q.all(db.conn())
        .await?
        .into_iter()
        .map(OutboxItem::from)
        .collect())
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StateCount {
    pub state: &'static str,
    pub label: &'static str,
    pub count: u64,
}

pub async fn counts(db: &Db, actor: &Actor) -> AppResult<Vec<StateCount>> {
    actor.require(Permission::NotifyManage)?;
    let mut out = Vec::new();
    for s in state::ALL {
        out.push(StateCount {
            state: s,
            label: state_label(s),
            count: outbox::Entity::find()
                .filter(outbox::Column::State.eq(s))
                .count(db.conn())
                .await?,
        });
    }
    Ok(out)
}

/// Puts failed (or not sent) rows back in the queue with fresh attempts; `None` means every
/// failed row. Returns how many were requeued.
pub async fn retry(db: &Db, actor: &Actor, id: Option<i64>) -> AppResult<u64> {
    actor.require(Permission::NotifyManage)?;
    let retryable = || {
        Condition::any()
            .add(outbox::Column::State.eq(state::DEAD))
            .add(outbox::Column::State.eq(state::SKIPPED))
    };
    if let Some(id) = id {
        let row = outbox::Entity::find_by_id(id)
            .one(db.conn())
            .await?
            .ok_or_else(|| AppError::not_found("外发消息"))?;
        if row.state != state::DEAD && row.state != state::SKIPPED {
            return Err(AppError::Conflict(format!(
                "该消息{}，无需重试",
                state_label(&row.state)
            )));
        }
    }
    let tx = db.begin_write().await?;
    let mut q = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(state::PENDING))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now_ms()));
    q = match id {
        Some(id) => q.filter(outbox::Column::Id.eq(id)).filter(retryable()),
        None => q.filter(outbox::Column::State.eq(state::DEAD)),
    };
    let n = q.exec(&*tx).await?.rows_affected;
    if n == 0 {
        return Ok(0);
    }
    let summary = match id {
        Some(id) => format!("重新发送外发消息 #{id}"),
        None => format!("重新发送全部 {n} 条失败的外发消息"),
    };
    audit::record(
        &tx,
        actor,
        Change::new(
            "notify.outbox.retry",
            "notify_outbox",
            id.map(|i| i.to_string()).unwrap_or_else(|| "*".into()),
            summary,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// How long sent and skipped rows stay visible on the outbox page.
pub const KEEP_MS: i64 = 90 * 86_400_000;

/// Removes sent and skipped rows created before `before`; failed ones stay until retried.
pub async fn purge(db: &Db, before: i64) -> AppResult<u64> {
    let tx = db.begin_write().await?;
    let n = outbox::Entity::delete_many()
        .filter(outbox::Column::State.is_in([state::SENT, state::SKIPPED]))
        .filter(outbox::Column::CreatedAt.lt(before))
        .exec(&*tx)
        .await?
        .rows_affected;
    tx.commit().await?;
    Ok(n)
}
