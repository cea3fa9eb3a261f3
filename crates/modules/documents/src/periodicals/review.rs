//! 审核 and 印发: an issue goes to the office for review, comes back with a reason or is
//! approved, and takes its 期号 only when it is issued, so an abandoned issue leaves no gap.

use chrono::{Datelike, NaiveDate};
use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{WriteTx, now_ms},
    notify, sequence,
    web::format::{day_start_ms, today},
};

use super::{
    issues::load,
    model::{Issue, Status},
    sql::{self, text},
};

/// Moves an issue from one of `from` to `to`. The status is claimed with a conditional
/// `UPDATE` first: on PostgreSQL it holds the row, so of two people pressing 印发 at once the
/// second waits, finds the issue gone out and changes nothing, and no 期号 is taken twice.
async fn step(
    db: &Db,
    actor: &Actor,
    id: i64,
    from: &[Status],
    to: Status,
    act: impl AsyncFnOnce(&WriteTx, &Issue) -> AppResult<String>,
) -> AppResult<Issue> {
    actor.require(Permission::DocumentsOffice)?;
    let tx = db.begin_write().await?;
    let before = load(&*tx, id).await?;
    let allowed = from
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let claimed = sql::exec(
        &*tx,
        &format!(
            "UPDATE doc_periodical_issues SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ({allowed})"
        ),
        vec![to.code().into(), now_ms().into(), id.into()],
    )
    .await?;
    if claimed == 0 {
        let now = load(&*tx, id).await?;
        return Err(AppError::Conflict(format!(
            "本期当前为「{}」，不能办理这一步",
            now.status.label()
        )));
    }
    let summary = act(&tx, &before).await?;
    let after = load(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.periodical.issue.review",
            "doc_periodical_issue",
            id,
            summary,
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Sends the issue to review (送审).
pub async fn submit(db: &Db, actor: &Actor, id: i64) -> AppResult<Issue> {
    step(
        db,
        actor,
        id,
        &[Status::Draft, Status::Returned],
        Status::Submitted,
        async |tx: &WriteTx, i: &Issue| {
            if i.articles.is_empty() {
                return Err(AppError::bad("本期还没有文章，不能送审"));
            }
            // The reason answered stays in the audit log, not on the page.
            sql::exec(
                &**tx,
                "UPDATE doc_periodical_issues SET return_reason = NULL WHERE id = $1",
                vec![i.id.into()],
            )
            .await?;
            // The 办公室主任 reviews; each is told an issue is waiting.
            let directors = sql::all(
                &**tx,
                "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
                 WHERE r.role = 'office_director' AND u.active = $1 ORDER BY u.id",
                vec![true.into()],
            )
            .await?;
            let link = format!("/documents/periodicals/issues/{}", i.id);
            for d in &directors {
                let uid: i64 = d.try_get("", "id")?;
                if Some(uid) != actor.user_id {
                    notify::send(
                        &**tx,
                        uid,
                        &format!("{}送审", i.label),
                        &format!("{}送来一期刊物，请审核。", actor.name),
                        Some(&link),
                    )
                    .await?;
                }
            }
            Ok(format!("{}送审", i.label))
        },
    )
    .await
}

/// 审核通过.
pub async fn approve(db: &Db, actor: &Actor, id: i64) -> AppResult<Issue> {
    step(
        db,
        actor,
        id,
        &[Status::Submitted],
        Status::Approved,
        async |_: &WriteTx, i: &Issue| Ok(format!("{}审核通过", i.label)),
    )
    .await
}

/// 退回 with the reason, which the editor who started the issue is told.
pub async fn send_back(db: &Db, actor: &Actor, id: i64, reason: &str) -> AppResult<Issue> {
    let reason = text("退回理由", reason, 1000, true)?;
    step(
        db,
        actor,
        id,
        &[Status::Submitted, Status::Approved],
        Status::Returned,
        async |tx: &WriteTx, i: &Issue| {
            sql::exec(
                &**tx,
                "UPDATE doc_periodical_issues SET return_reason = $1 WHERE id = $2",
                vec![reason.clone().into(), i.id.into()],
            )
            .await?;
            let creator = sql::one(
                &**tx,
                "SELECT created_by FROM doc_periodical_issues WHERE id = $1",
                vec![i.id.into()],
            )
            .await?
            .and_then(|r| r.try_get::<Option<i64>>("", "created_by").ok().flatten());
            if let Some(uid) = creator.filter(|u| Some(*u) != actor.user_id) {
                notify::send(
                    &**tx,
                    uid,
                    &format!("{}被退回", i.label),
                    &format!("退回理由：{reason}"),
                    Some(&format!("/documents/periodicals/issues/{}", i.id)),
                )
                .await?;
            }
            Ok(format!("{}被退回：{reason}", i.label))
        },
    )
    .await
}

/// 作废: the issue is given up; it never took a number, so none is lost.
pub async fn abandon(db: &Db, actor: &Actor, id: i64) -> AppResult<Issue> {
    step(
        db,
        actor,
        id,
        &[
            Status::Draft,
            Status::Returned,
            Status::Submitted,
            Status::Approved,
        ],
        Status::Abandoned,
        async |_: &WriteTx, i: &Issue| Ok(format!("{}作废", i.label)),
    )
    .await
}

/// 印发: takes the year's next 期号 and the running 总期号, dates the issue, and tells each
/// person the 分发 list reaches.
pub async fn issue(db: &Db, actor: &Actor, id: i64, date: Option<NaiveDate>) -> AppResult<Issue> {
    let date = date.unwrap_or_else(today);
    step(db, actor, id, &[Status::Approved], Status::Issued, async |tx: &WriteTx, i: &Issue| {
        let year = date.year();
        let number =
            sequence::next(tx, &format!("documents.periodical.{}", i.periodical_id), year).await?;
        let total =
            sequence::next(tx, &format!("documents.periodical.{}.total", i.periodical_id), 0)
                .await?;
        sql::exec(
            &**tx,
            "UPDATE doc_periodical_issues SET year = $1, number = $2, total = $3, issue_date = $4, \
             issued_at = $5, return_reason = NULL WHERE id = $6",
            vec![
                year.into(),
                number.into(),
                total.into(),
                date.format("%Y-%m-%d").to_string().into(),
                day_start_ms(date).into(),
                i.id.into(),
            ],
        )
        .await?;
        let readers = sql::all(
            &**tx,
            "SELECT DISTINCT u.id FROM users u WHERE u.active = $1 AND (\
               u.id IN (SELECT user_id FROM doc_periodical_recipients WHERE issue_id = $2 AND user_id IS NOT NULL) \
               OR u.department_id IN (SELECT department_id FROM doc_periodical_recipients WHERE issue_id = $3 AND department_id IS NOT NULL)) \
             ORDER BY u.id",
            vec![true.into(), i.id.into(), i.id.into()],
        )
        .await?;
        let label = format!("{} {}年第{number}期", i.periodical_name, year);
        let link = format!("/documents/periodicals/issues/{}", i.id);
        for r in &readers {
            let uid: i64 = r.try_get("", "id")?;
            sql::exec(
                &**tx,
                "INSERT INTO doc_periodical_readers (issue_id, user_id) VALUES ($1, $2)",
                vec![i.id.into(), uid.into()],
            )
            .await?;
            notify::send(
                &**tx,
                uid,
                &format!("刊物《{}》已印发", label),
                "请在刊物页面阅读本期内容。",
                Some(&link),
            )
            .await?;
        }
        Ok(format!(
            "印发{label}（总第{total}期），分发 {} 人",
            readers.len()
        ))
    })
    .await
}
