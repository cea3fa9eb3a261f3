//! 大中型会议准备清单: the office's standing list of what to prepare, copied onto a meeting
//! and ticked off item by item.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::{meetings::service as meetings, sql, time};

/// The template every large or medium meeting starts from.
pub const TEMPLATE: &[&str] = &[
    "确定会议方案（时间、地点、议程、参会范围）",
    "预订会场",
    "印发会议通知",
    "准备会议材料并分装",
    "制作座签、排定座次",
    "调试音响、投影和视频会议设备",
    "安排签到（提前15分钟）",
    "安排会议记录人员",
    "茶水和会场服务",
    "车辆与引导",
];

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Item {
    pub id: i64,
    pub item: String,
    pub done: bool,
    /// 张三 09:30
    pub done_text: String,
}

pub async fn of_meeting(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<Item>> {
    sql::all(
        conn,
        "SELECT id, item, done_by_name, done_at FROM mtg_checklist WHERE meeting_id = $1 \
         ORDER BY position",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        let at: Option<i64> = r.try_get("", "done_at")?;
        let by: Option<String> = r.try_get("", "done_by_name")?;
        Ok(Item {
            id: r.try_get("", "id")?,
            item: r.try_get("", "item")?,
            done: at.is_some(),
            done_text: match (by, at) {
                (Some(b), Some(a)) => format!("{b} {}", time::clock(a)),
                _ => String::new(),
            },
        })
    })
    .collect()
}

/// Copies the template onto the meeting.
pub async fn start(db: &Db, actor: &Actor, id: i64) -> AppResult<Vec<Item>> {
    let tx = db.begin_write().await?;
    let m = meetings::for_office(&tx, actor, id).await?;
    if !of_meeting(&*tx, id).await?.is_empty() {
        return Err(AppError::Conflict("该会议已有准备清单".into()));
    }
    for (i, item) in TEMPLATE.iter().enumerate() {
        sql::exec(
            &*tx,
            "INSERT INTO mtg_checklist (meeting_id, position, item) VALUES ($1, $2, $3)",
            vec![id.into(), (i as i32 + 1).into(), (*item).into()],
        )
        .await?;
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.checklist.start",
            "mtg_meeting",
            id,
            format!("为「{}」生成准备清单", m.title),
        ),
    )
    .await?;
    let items = of_meeting(&*tx, id).await?;
    tx.commit().await?;
    Ok(items)
}

/// Ticks an item done, or clears it.
pub async fn tick(db: &Db, actor: &Actor, id: i64, item: i64, done: bool) -> AppResult<Vec<Item>> {
    let tx = db.begin_write().await?;
    let m = meetings::for_office(&tx, actor, id).await?;
    let (by, at) = if done {
        (Some(actor.name.clone()), Some(now_ms()))
    } else {
        (None, None)
    };
    let n = sql::exec(
        &*tx,
        "UPDATE mtg_checklist SET done_by_name = $1, done_at = $2 WHERE id = $3 AND meeting_id = $4",
        vec![by.into(), at.into(), item.into(), id.into()],
    )
    .await?;
    if n != 1 {
        return Err(AppError::not_found("清单事项"));
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.checklist.tick",
            "mtg_meeting",
            id,
            format!(
                "「{}」准备清单第 {item} 项{}",
                m.title,
                if done { "已完成" } else { "改为未完成" }
            ),
        ),
    )
    .await?;
    let items = of_meeting(&*tx, id).await?;
    tx.commit().await?;
    Ok(items)
}
