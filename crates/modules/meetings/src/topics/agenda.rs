//! A 三会 meeting's 议程: approved 议题 only, and a 三重一大 议题 on a 董事会 or 总经理办公会
//! only once a 党委会 (党组会) that took it has been held (前置研究).

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
};
use sea_orm::ConnectionTrait;

use super::{model::AgendaItem, service};
use crate::{
    meetings::{kind, service as meetings},
    sql,
};

pub async fn of_meeting(
    conn: &impl ConnectionTrait,
    meeting_id: i64,
) -> AppResult<Vec<AgendaItem>> {
    sql::all(
        conn,
        "SELECT a.position, a.topic_id, t.title, t.department_name, t.major FROM mtg_agenda a \
         JOIN mtg_topics t ON t.id = a.topic_id WHERE a.meeting_id = $1 ORDER BY a.position",
        vec![meeting_id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(AgendaItem {
            position: r.try_get("", "position")?,
            topic_id: r.try_get("", "topic_id")?,
            title: r.try_get("", "title")?,
            department_name: r.try_get("", "department_name")?,
            major: r.try_get("", "major")?,
        })
    })
    .collect()
}

/// Whether a 党委会 or 党组会 that had the 议题 on its agenda has been held.
async fn studied_by_party(conn: &impl ConnectionTrait, topic_id: i64) -> AppResult<bool> {
    Ok(sql::one(
        conn,
        "SELECT a.id FROM mtg_agenda a JOIN mtg_meetings m ON m.id = a.meeting_id \
         WHERE a.topic_id = $1 AND m.kind IN ('党委会', '党组会') AND m.state = 'held'",
        vec![topic_id.into()],
    )
    .await?
    .is_some())
}

pub async fn add(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
    topic_id: i64,
) -> AppResult<Vec<AgendaItem>> {
    let tx = db.begin_write().await?;
    let m = meetings::for_office(&tx, actor, meeting_id).await?;
    if !kind::takes_topics(&m.kind) {
        return Err(AppError::bad(
            "只有党委会（党组会）、董事会、总经理办公会的议程由议题组成",
        ));
    }
    if !m.state.open() {
        return Err(AppError::bad(format!(
            "该会议{}，不能再调整议程",
            m.state_label
        )));
    }
    let t = service::get_in(&*tx, topic_id).await?;
    if !t.approved {
        return Err(AppError::bad(format!(
            "议题「{}」尚未审批通过（{}），不能列入议程",
            t.title, t.status_label
        )));
    }
    if t.major && !kind::is_party(&m.kind) && !studied_by_party(&*tx, topic_id).await? {
        return Err(AppError::bad(format!(
            "议题「{}」属“三重一大”事项，须先经党委会前置研究（党委会召开后）才能提交{}",
            t.title, m.kind
        )));
    }
    let on = sql::one(
        &*tx,
        "SELECT id FROM mtg_agenda WHERE meeting_id = $1 AND topic_id = $2",
        vec![meeting_id.into(), topic_id.into()],
    )
    .await?;
    if on.is_some() {
        return Err(AppError::Conflict(format!(
            "议题「{}」已在本次会议议程中",
            t.title
        )));
    }
    sql::exec(
        &*tx,
        "INSERT INTO mtg_agenda (meeting_id, topic_id, position) VALUES ($1, $2, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM mtg_agenda WHERE meeting_id = $3))",
        vec![meeting_id.into(), topic_id.into(), meeting_id.into()],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.agenda.add",
            "mtg_meeting",
            meeting_id,
            format!("将议题「{}」列入「{}」议程", t.title, m.title),
        ),
    )
    .await?;
    let items = of_meeting(&*tx, meeting_id).await?;
    tx.commit().await?;
    Ok(items)
}

/// Takes a 议题 off the agenda of a meeting still to be held; the others close up.
pub async fn remove(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
    topic_id: i64,
) -> AppResult<Vec<AgendaItem>> {
    let tx = db.begin_write().await?;
    let m = meetings::for_office(&tx, actor, meeting_id).await?;
    if !m.state.open() {
        return Err(AppError::bad(format!(
            "该会议{}，不能再调整议程",
            m.state_label
        )));
    }
    let items = of_meeting(&*tx, meeting_id).await?;
    let gone = items
        .iter()
        .find(|a| a.topic_id == topic_id)
        .ok_or_else(|| AppError::not_found("议程中的议题"))?;
    sql::exec(
        &*tx,
        "DELETE FROM mtg_agenda WHERE meeting_id = $1 AND topic_id = $2",
        vec![meeting_id.into(), topic_id.into()],
    )
    .await?;
    sql::exec(
        &*tx,
        "UPDATE mtg_agenda SET position = position - 1 WHERE meeting_id = $1 AND position > $2",
        vec![meeting_id.into(), gone.position.into()],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.agenda.remove",
            "mtg_meeting",
            meeting_id,
            format!("将议题「{}」移出「{}」议程", gone.title, m.title),
        ),
    )
    .await?;
    let items = of_meeting(&*tx, meeting_id).await?;
    tx.commit().await?;
    Ok(items)
}

/// Approved 议题 not yet on this meeting's agenda, for the office's picker.
pub async fn candidates(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
) -> AppResult<Vec<super::model::Topic>> {
    let on: Vec<i64> = of_meeting(db.conn(), meeting_id)
        .await?
        .iter()
        .map(|a| a.topic_id)
        .collect();
    Ok(service::list(db, actor)
        .await?
        .into_iter()
        .filter(|t| t.approved && !on.contains(&t.id))
        .collect())
}
