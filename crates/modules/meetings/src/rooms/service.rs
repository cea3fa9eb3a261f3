//! Rooms: kept by the office, and the list of them for every meeting form.

use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::Actor,
    db::now_ms,
};
use sea_orm::{ConnectionTrait, QueryResult};

use super::model::{Room, RoomInput};
use crate::{access, sql};

fn row(r: &QueryResult) -> AppResult<Room> {
    Ok(Room {
        id: r.try_get("", "id")?,
        name: r.try_get("", "name")?,
        capacity: r.try_get::<i32>("", "capacity")?.into(),
        equipment: r.try_get("", "equipment")?,
    })
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Room>> {
    access::require_office(actor)?;
    sql::all(
        db.conn(),
        "SELECT id, name, capacity, equipment FROM mtg_rooms ORDER BY name",
        vec![],
    )
    .await?
    .iter()
    .map(row)
    .collect()
}

pub async fn get_in(conn: &impl ConnectionTrait, id: i64) -> AppResult<Room> {
    let r = sql::one(
        conn,
        "SELECT id, name, capacity, equipment FROM mtg_rooms WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("会议室"))?;
    row(&r)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Room> {
    access::require_office(actor)?;
    get_in(db.conn(), id).await
}

pub async fn create(db: &Db, actor: &Actor, input: &RoomInput) -> AppResult<Room> {
    access::require_office(actor)?;
    let name = sql::text("会议室名称", &input.name, 100, true)?;
    let equipment = sql::text("设备", &input.equipment, 500, false)?;
    if !(1..=10_000).contains(&input.capacity) {
        return Err(AppError::bad("容纳人数应在 1 至 10000 之间"));
    }
    let tx = db.begin_write().await?;
    let taken = sql::one(
        &*tx,
        "SELECT id FROM mtg_rooms WHERE name = $1",
        vec![name.clone().into()],
    )
    .await?;
    if taken.is_some() {
        return Err(AppError::Conflict(format!("已有名为「{name}」的会议室")));
    }
    let id = sql::insert(
        &*tx,
        "INSERT INTO mtg_rooms (name, capacity, equipment, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
        vec![
            name.clone().into(),
            (input.capacity as i32).into(),
            equipment.into(),
            now_ms().into(),
        ],
    )
    .await?;
    let room = get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "meetings.room.create",
            "mtg_room",
            id,
            format!("新增会议室「{name}」"),
        )
        .after(&room),
    )
    .await?;
    tx.commit().await?;
    Ok(room)
}
