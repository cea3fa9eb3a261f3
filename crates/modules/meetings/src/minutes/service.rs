//! After the meeting: the office records the 会议记录 and the 纪要 with its 决定事项, and
//! hands every 决定事项 to 督办 in one action. Only a held meeting has them.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::{WriteTx, now_ms},
    handoff::{self, HandoffRequest, TaskSink},
};
use sea_orm::{ConnectionTrait, SqlErr};

use super::model::{Decision, DecisionInput, MinutesInput};
use crate::{
    MODULE, access,
    meetings::{model::Meeting, service as meetings, state::State},
    sql, time,
};

pub fn record_id(meeting_id: i64) -> String {
    format!("meeting:{meeting_id}")
}

async fn held(tx: &WriteTx, actor: &Actor, id: i64) -> AppResult<Meeting> {
    let m = meetings::for_office(tx, actor, id).await?;
    if m.state != State::Held {
        return Err(AppError::bad(format!(
            "会议{}：召开后才能记录纪要和决定事项",
            m.state_label
        )));
    }
    Ok(m)
}

pub async fn save_minutes(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &MinutesInput,
) -> AppResult<Meeting> {
    // Someone who may not keep the minutes hears 403 before anything about what they sent.
    access::require_office(actor)?;
    let record = sql::text("会议记录", &input.record, 50_000, false)?;
    let minutes = sql::text("纪要", &input.minutes, 20_000, false)?;
    let tx = db.begin_write().await?;
    let before = held(&tx, actor, id).await?;
    sql::exec(
        &*tx,
        "UPDATE mtg_meetings SET record = $1, minutes = $2, updated_at = $3 WHERE id = $4",
        vec![record.into(), minutes.into(), now_ms().into(), id.into()],
    )
    .await?;
    let after = crate::meetings::store::get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.minutes",
            "mtg_meeting",
            id,
            format!("记录「{}」的会议记录和纪要", after.title),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// How many times an add that lost the race for a 序号 is tried again with the next one.
const ADD_ATTEMPTS: usize = 5;

pub async fn add_decision(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &DecisionInput,
) -> AppResult<Decision> {
    access::require_office(actor)?;
    let content = sql::text("决定事项", &input.content, 4_000, true)?;
    let dept = input
        .department_id
        .ok_or_else(|| AppError::bad("请选择责任部门"))?;
    let due = time::parse_day_end("完成时限", &input.due_on)?;
    // Two people adding at the same instant can both read the same highest 序号; the unique
    // index turns the later insert away and it tries again with the number after.
    for _ in 0..ADD_ATTEMPTS {
        if let Some(d) = try_add_decision(db, actor, id, &content, dept, due).await? {
            return Ok(d);
        }
    }
    Err(AppError::Conflict(
        "其他人正在同时添加决定事项，请稍后重试".into(),
    ))
}

/// One attempt; none when another add took the 序号 first.
async fn try_add_decision(
    db: &Db,
    actor: &Actor,
    id: i64,
    content: &str,
    dept: i64,
    due: i64,
) -> AppResult<Option<Decision>> {
    let tx = db.begin_write().await?;
    let m = held(&tx, actor, id).await?;
    // Adds to one meeting queue on its row, so that each reads the number the one before
    // took; the retry above is for whatever still slips past.
    sql::exec(
        &*tx,
        "UPDATE mtg_meetings SET updated_at = updated_at WHERE id = $1",
        vec![id.into()],
    )
    .await?;
    let dept_name: String = sql::one(
        &*tx,
        "SELECT name FROM departments WHERE id = $1",
        vec![dept.into()],
    )
    .await?
    .ok_or_else(|| AppError::bad("所选责任部门不存在"))?
    .try_get("", "name")?;
    let inserted = tx
        .query_one_raw(sql::stmt(
            &*tx,
            "INSERT INTO mtg_decisions (meeting_id, position, content, department_id, \
             department_name, due_at, created_at) VALUES ($1, \
             (SELECT COALESCE(MAX(position), 0) + 1 FROM mtg_decisions WHERE meeting_id = $2), \
             $3, $4, $5, $6, $7) RETURNING id",
            vec![
                id.into(),
                id.into(),
                content.into(),
                dept.into(),
                dept_name.clone().into(),
                due.into(),
                now_ms().into(),
            ],
        ))
        .await;
    let did: i64 = match inserted {
        Ok(row) => row
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("insert returned no id")))?
            .try_get("", "id")?,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let d = of_meeting(&*tx, None, id)
        .await?
        .into_iter()
        .find(|d| d.id == did)
        .ok_or_else(|| AppError::not_found("决定事项"))?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.decision.add",
            "mtg_meeting",
            id,
            format!("「{}」决定事项：{content}（{dept_name}）", m.title),
        )
        .after(&d),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(d))
}

/// Strikes out a 决定事项 recorded by mistake, before it is handed to 督办; later ones move up.
pub async fn remove_decision(db: &Db, actor: &Actor, id: i64, decision: i64) -> AppResult<()> {
    let tx = db.begin_write().await?;
    let m = held(&tx, actor, id).await?;
    let d = of_meeting(&*tx, None, id)
        .await?
        .into_iter()
        .find(|d| d.id == decision)
        .ok_or_else(|| AppError::not_found("决定事项"))?;
    if d.handed {
        return Err(AppError::bad(
            "该决定事项已转督办，不能删除；请在督办中处理",
        ));
    }
    sql::exec(
        &*tx,
        "DELETE FROM mtg_decisions WHERE id = $1 AND handoff_id IS NULL",
        vec![decision.into()],
    )
    .await?;
    // Through negative numbers: the unique 序号 index is checked row by row, and moving
    // 3 to 2 before 2 has moved to 1 would clash.
    sql::exec(
        &*tx,
        "UPDATE mtg_decisions SET position = 1 - position WHERE meeting_id = $1 AND position > $2",
        vec![id.into(), d.position.into()],
    )
    .await?;
    sql::exec(
        &*tx,
        "UPDATE mtg_decisions SET position = -position WHERE meeting_id = $1 AND position < 0",
        vec![id.into()],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.decision.remove",
            "mtg_meeting",
            id,
            format!("删除「{}」决定事项：{}", m.title, d.content),
        )
        .before(&d),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Hands every 决定事项 not yet handed to 督办, all in one transaction; returns how many.
pub async fn hand_off(
    db: &Db,
    actor: &Actor,
    sink: Option<&dyn TaskSink>,
    id: i64,
) -> AppResult<usize> {
    let tx = db.begin_write().await?;
    let m = held(&tx, actor, id).await?;
    let open: Vec<Decision> = of_meeting(&*tx, None, id)
        .await?
        .into_iter()
        .filter(|d| !d.handed)
        .collect();
    if open.is_empty() {
        return Err(AppError::bad("没有尚未转督办的决定事项"));
    }
    for d in &open {
        let h = handoff::request(
            &tx,
            actor,
            sink,
            HandoffRequest {
                source_module: MODULE.into(),
                source_record: record_id(id),
                title: m.title.clone(),
                instruction: d.content.clone(),
                leader_id: m.host_id,
                due_at: Some(d.due_at),
                department_id: Some(d.department_id),
                source_url: Some(format!("/meetings/{id}")),
            },
        )
        .await?;
        let claimed = sql::exec(
            &*tx,
            "UPDATE mtg_decisions SET handoff_id = $1 WHERE id = $2 AND handoff_id IS NULL",
            vec![h.id.into(), d.id.into()],
        )
        .await?;
        if claimed != 1 {
            return Err(AppError::Conflict(
                "决定事项刚被他人转督办，请刷新后查看".into(),
            ));
        }
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.decision.handoff",
            "mtg_meeting",
            id,
            format!("将「{}」的 {} 项决定事项转督办", m.title, open.len()),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(open.len())
}

/// The meeting's 决定事项 in order. With a database connection and the sink, each handed
/// one carries its task's current state.
pub async fn of_meeting(
    conn: &impl ConnectionTrait,
    status: Option<(&sea_orm::DatabaseConnection, Option<&dyn TaskSink>)>,
    id: i64,
) -> AppResult<Vec<Decision>> {
    let rows = sql::all(
        conn,
        "SELECT id, position, content, department_id, department_name, due_at, handoff_id \
         FROM mtg_decisions WHERE meeting_id = $1 ORDER BY position",
        vec![id.into()],
    )
    .await?;
    let handed = match status {
        Some((db, sink)) => {
            handoff::of_record_with_status(db, sink, MODULE, &record_id(id)).await?
        }
        None => Vec::new(),
    };
    rows.iter()
        .map(|r| {
            let handoff_id: Option<i64> = r.try_get("", "handoff_id")?;
            let due_at: i64 = r.try_get("", "due_at")?;
            let found = handoff_id.and_then(|h| handed.iter().find(|(x, _)| x.id == h));
            let task = found.and_then(|(_, s)| s.clone());
            let task_label = match (&handoff_id, &task, found) {
                (None, _, _) => "未转督办".to_string(),
                (Some(_), Some(t), _) => t.label.clone(),
                (Some(_), None, Some((h, _))) if h.taken_record.is_some() => "督办中".to_string(),
                (Some(_), None, _) => "待督办模块受理".to_string(),
            };
            Ok(Decision {
                id: r.try_get("", "id")?,
                position: r.try_get("", "position")?,
                content: r.try_get("", "content")?,
                department_id: r.try_get("", "department_id")?,
                department_name: r.try_get("", "department_name")?,
                due_at,
                due_text: time::date_cn(due_at),
                handed: handoff_id.is_some(),
                task,
                task_label,
            })
        })
        .collect()
}

/// What anyone who may see the meeting sees of its decisions.
pub async fn list(
    db: &Db,
    actor: &Actor,
    sink: Option<&dyn TaskSink>,
    id: i64,
) -> AppResult<Vec<Decision>> {
    meetings::get(db, actor, id).await?;
    of_meeting(db.conn(), Some((db.conn(), sink)), id).await
}
