//! Drafting, editing and issuing 督办通知书 and 月度督办通报. Issuing takes the next number
//! of the year, freezes the text and tells every recipient.

use chrono::Datelike;
use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Role},
    db::{WriteTx, now_ms},
    notify, sequence,
    web::format::today,
};
use sea_orm::ConnectionTrait;
use serde::Deserialize;

use super::{
    draft,
    model::{COLUMNS, Issue, Kind, row},
    stats, week,
};
use crate::{
    sql,
    task::{access, service::get_in},
};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct EditInput {
    pub title: String,
    pub body: String,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct BulletinInput {
    /// `2026-03`
    pub month: String,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = SupervisionWeeklyInput)]
pub struct WeeklyInput {
    /// `2026-W12`
    pub week: String,
    /// A task source code (`meeting`, `annual` …) for a 专项 周报; empty or absent for all.
    #[serde(default)]
    pub special: Option<String>,
}

async fn recipients_of(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<String>> {
    sql::all(
        conn,
        "SELECT u.name FROM sup_issue_recipients r JOIN users u ON u.id = r.user_id \
         WHERE r.issue_id = $1 ORDER BY u.sort_order, u.id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| Ok(r.try_get("", "name")?))
    .collect()
}

pub async fn get_in_conn(conn: &impl ConnectionTrait, id: i64) -> AppResult<Issue> {
    let r = sql::one(
        conn,
        &format!("SELECT {COLUMNS} FROM sup_issues WHERE id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("通知书或通报"))?;
    let mut i = row(&r)?;
    i.recipients = recipients_of(conn, id).await?;
    Ok(i)
}

/// One 通知书 or 通报: the office sees all; a recipient sees an issued one.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Issue> {
    let issue = get_in_conn(db.conn(), id).await?;
    if access::is_office(actor) {
        return Ok(issue);
    }
    let mine = sql::one(
        db.conn(),
        "SELECT id FROM sup_issue_recipients WHERE issue_id = $1 AND user_id = $2",
        vec![id.into(), actor.user_id.unwrap_or_default().into()],
    )
    .await?
    .is_some();
    if issue.issued && mine {
        Ok(issue)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Every 通知书 and 通报 for the office; the issued ones addressed to them for anyone else.
pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Issue>> {
    let (cond, vals) = if access::is_office(actor) {
        (String::new(), Vec::new())
    } else {
        (
            " WHERE state = 'issued' AND id IN (SELECT issue_id FROM sup_issue_recipients \
             WHERE user_id = $1)"
                .to_string(),
            vec![actor.user_id.unwrap_or_default().into()],
        )
    };
    sql::all(
        db.conn(),
        &format!("SELECT {COLUMNS} FROM sup_issues{cond} ORDER BY id DESC LIMIT 500"),
        vals,
    )
    .await?
    .iter()
    .map(row)
    .collect()
}

async fn heads_of(tx: &WriteTx, department_id: i64) -> AppResult<Vec<i64>> {
    sql::all(
        &**tx,
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.department_id = $1 AND r.role = $2 AND u.active = TRUE",
        vec![department_id.into(), Role::DepartmentHead.code().into()],
    )
    .await?
    .iter()
    .map(|r| Ok(r.try_get("", "id")?))
    .collect()
}

async fn leaders_of(tx: &WriteTx, department_id: i64) -> AppResult<Vec<i64>> {
    sql::all(
        &**tx,
        "SELECT leader_id FROM leader_departments WHERE department_id = $1",
        vec![department_id.into()],
    )
    .await?
    .iter()
    .map(|r| Ok(r.try_get("", "leader_id")?))
    .collect()
}

/// What a 通报 or 周报 covers; nothing for a 通知书.
#[derive(Default)]
struct Period {
    month: Option<String>,
    week: Option<String>,
    special: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &WriteTx,
    actor: &Actor,
    kind: Kind,
    task_id: Option<i64>,
    period: Period,
    title: String,
    body: String,
    mut recipients: Vec<i64>,
) -> AppResult<Issue> {
    let id = sql::insert(
        &**tx,
        "INSERT INTO sup_issues (kind, task_id, month, week, special, title, body, state, \
         created_by, created_at) VALUES ($1, $2, $3, $8, $9, $4, $5, 'draft', $6, $7) RETURNING id",
        vec![
            kind.code().into(),
            task_id.into(),
            period.month.into(),
            title.clone().into(),
            body.into(),
            actor.user_id.into(),
            now_ms().into(),
            period.week.into(),
            period.special.into(),
        ],
    )
    .await?;
    recipients.sort_unstable();
    recipients.dedup();
    for u in recipients {
        sql::exec(
            &**tx,
            "INSERT INTO sup_issue_recipients (issue_id, user_id) VALUES ($1, $2)",
            vec![id.into(), u.into()],
        )
        .await?;
    }
    let issue = get_in_conn(&**tx, id).await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "supervision.issue.draft",
            "sup_issues",
            id,
            format!("起草{}「{title}」", kind.label()),
        )
        .after(&issue),
    )
    .await?;
    Ok(issue)
}

/// Drafts a 督办通知书 for a task, addressed to its 责任人, department head and 分管领导.
pub async fn draft_notice(db: &Db, actor: &Actor, task_id: i64) -> AppResult<Issue> {
    access::require_office(actor)?;
    let tx = db.begin_write().await?;
    let t = get_in(&*tx, task_id).await?;
    if !t.state.is_open() {
        return Err(AppError::bad(format!(
            "该督办事项{}，无需再发通知书",
            t.state_label
        )));
    }
    let mut to = vec![t.owner_id];
    to.extend(heads_of(&tx, t.department_id).await?);
    to.extend(t.leader_id);
    let issue = insert(
        &tx,
        actor,
        Kind::Notice,
        Some(task_id),
        Period::default(),
        draft::notice_title(&t),
        draft::notice_body(&t),
        to,
    )
    .await?;
    tx.commit().await?;
    Ok(issue)
}

/// Drafts the 月度督办通报 of a month, addressed to the heads and 分管领导 of the departments
/// it reports on.
pub async fn draft_bulletin(db: &Db, actor: &Actor, input: &BulletinInput) -> AppResult<Issue> {
    access::require_office(actor)?;
    let tx = db.begin_write().await?;
    let s = stats::month(&*tx, &input.month, now_ms()).await?;
    if s.lines.is_empty() {
        return Err(AppError::bad("该月没有可通报的督办事项"));
    }
    let mut to = Vec::new();
    for l in &s.lines {
        to.extend(heads_of(&tx, l.department_id).await?);
        to.extend(leaders_of(&tx, l.department_id).await?);
    }
    let issue = insert(
        &tx,
        actor,
        Kind::Bulletin,
        None,
        Period {
            month: Some(s.month.clone()),
            ..Period::default()
        },
        draft::bulletin_title(&s.month),
        draft::bulletin_body(&s),
        to,
    )
    .await?;
    tx.commit().await?;
    Ok(issue)
}

/// Drafts the 督办周报 of an ISO week, for all tasks or one 专项, addressed like the 通报.
pub async fn draft_weekly(db: &Db, actor: &Actor, input: &WeeklyInput) -> AppResult<Issue> {
    access::require_office(actor)?;
    let special = week::special(input.special.as_deref())?;
    let tx = db.begin_write().await?;
    let s = week::week(&*tx, &input.week, special, now_ms()).await?;
    if s.lines.is_empty() {
        return Err(AppError::bad("该周没有可报告的督办事项"));
    }
    let mut to = Vec::new();
    for l in &s.lines {
        to.extend(heads_of(&tx, l.department_id).await?);
        to.extend(leaders_of(&tx, l.department_id).await?);
    }
    let issue = insert(
        &tx,
        actor,
        Kind::Weekly,
        None,
        Period {
            week: Some(s.week.clone()),
            special: special.map(|x| x.code().to_string()),
            ..Period::default()
        },
        draft::weekly_title(&s),
        draft::weekly_body(&s),
        to,
    )
    .await?;
    tx.commit().await?;
    Ok(issue)
}

/// Changes a draft's wording; an issued one is fixed.
pub async fn edit(db: &Db, actor: &Actor, id: i64, input: &EditInput) -> AppResult<Issue> {
    access::require_office(actor)?;
    let title = sql::text("标题", &input.title, 200, true)?;
    let body = sql::text("正文", &input.body, 20_000, true)?;
    let tx = db.begin_write().await?;
    let before = get_in_conn(&*tx, id).await?;
    if before.issued {
        return Err(AppError::bad("已印发的不能再修改"));
    }
    sql::exec(
        &*tx,
        "UPDATE sup_issues SET title = $1, body = $2 WHERE id = $3",
        vec![title.into(), body.into(), id.into()],
    )
    .await?;
    let after = get_in_conn(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.issue.edit",
            "sup_issues",
            id,
            format!("修改{}「{}」", after.kind_label, after.title),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Numbers the draft (督通〔2026〕3号), fixes its text and tells its recipients.
pub async fn issue(db: &Db, actor: &Actor, id: i64) -> AppResult<Issue> {
    access::require_office(actor)?;
    let tx = db.begin_write().await?;
    let before = get_in_conn(&*tx, id).await?;
    if before.issued {
        return Err(AppError::bad("已印发"));
    }
    let year = today().year();
    let n = sequence::next(&tx, before.kind.sequence(), year).await?;
    let number_text = format!("{}〔{year}〕{n}号", before.kind.prefix());
    sql::exec(
        &*tx,
        "UPDATE sup_issues SET state = 'issued', year = $1, number = $2, number_text = $3, \
         issued_by_name = $4, issued_at = $5 WHERE id = $6",
        vec![
            year.into(),
            n.into(),
            number_text.clone().into(),
            actor.name.clone().into(),
            now_ms().into(),
            id.into(),
        ],
    )
    .await?;
    let recipients = sql::all(
        &*tx,
        "SELECT user_id FROM sup_issue_recipients WHERE issue_id = $1",
        vec![id.into()],
    )
    .await?;
    for r in recipients {
        notify::send(
            &*tx,
            r.try_get("", "user_id")?,
            &format!("{}：{}", before.kind_label, number_text),
            &before.title,
            Some(&format!("/supervision/issues/{id}")),
        )
        .await?;
    }
    let after = get_in_conn(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "supervision.issue.issue",
            "sup_issues",
            id,
            format!(
                "印发{}「{}」（{number_text}）",
                after.kind_label, after.title
            ),
        )
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
