//! 会议室, 会议 with 参会人员, the room's half-hour slots, 议题 and 上会, 决定事项,
//! 准备清单 and 会议计划.

use sanban_platform::db::migrations::run_ddl;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATEMENTS: &[&str] = &[
    "CREATE TABLE mtg_rooms (
        id {id},
        name TEXT NOT NULL,
        capacity INTEGER NOT NULL,
        equipment TEXT NOT NULL DEFAULT '',
        created_at BIGINT NOT NULL,
        CONSTRAINT uq_mtg_rooms_name UNIQUE (name)
    )",
    "CREATE TABLE mtg_meetings (
        id {id},
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        starts_at BIGINT NOT NULL,
        ends_at BIGINT NOT NULL,
        room_id BIGINT NULL REFERENCES mtg_rooms (id),
        place TEXT NOT NULL DEFAULT '',
        host_id BIGINT NULL,
        host_name TEXT NOT NULL DEFAULT '',
        in_stats BOOLEAN NOT NULL DEFAULT FALSE,
        budget_cents BIGINT NOT NULL DEFAULT 0,
        state TEXT NOT NULL,
        record TEXT NOT NULL DEFAULT '',
        minutes TEXT NOT NULL DEFAULT '',
        checkin_token TEXT NOT NULL,
        created_by BIGINT NULL,
        created_by_name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT ck_mtg_meetings_state CHECK (state IN ('planned', 'notified', 'held', 'cancelled', 'postponed')),
        CONSTRAINT ck_mtg_meetings_time CHECK (ends_at > starts_at)
    )",
    "CREATE INDEX ix_mtg_meetings_starts ON mtg_meetings (starts_at)",
    "CREATE TABLE mtg_attendees (
        id {id},
        meeting_id BIGINT NOT NULL REFERENCES mtg_meetings (id),
        user_id BIGINT NOT NULL,
        name TEXT NOT NULL,
        checked_in_at BIGINT NULL,
        late BOOLEAN NOT NULL DEFAULT FALSE,
        CONSTRAINT uq_mtg_attendees UNIQUE (meeting_id, user_id)
    )",
    // One row per booked half hour: the UNIQUE pair is what keeps two bookings of one room
    // apart, whichever node or connection writes them.
    "CREATE TABLE mtg_room_slots (
        room_id BIGINT NOT NULL REFERENCES mtg_rooms (id),
        slot BIGINT NOT NULL,
        meeting_id BIGINT NOT NULL REFERENCES mtg_meetings (id),
        CONSTRAINT uq_mtg_room_slots UNIQUE (room_id, slot)
    )",
    "CREATE INDEX ix_mtg_room_slots_meeting ON mtg_room_slots (meeting_id)",
    "CREATE TABLE mtg_topics (
        id {id},
        title TEXT NOT NULL,
        department_id BIGINT NOT NULL,
        department_name TEXT NOT NULL,
        background TEXT NOT NULL,
        proposal TEXT NOT NULL,
        major BOOLEAN NOT NULL DEFAULT FALSE,
        submitted_by BIGINT NOT NULL,
        submitted_by_name TEXT NOT NULL,
        created_at BIGINT NOT NULL
    )",
    "CREATE TABLE mtg_agenda (
        id {id},
        meeting_id BIGINT NOT NULL REFERENCES mtg_meetings (id),
        topic_id BIGINT NOT NULL REFERENCES mtg_topics (id),
        position INTEGER NOT NULL,
        CONSTRAINT uq_mtg_agenda UNIQUE (meeting_id, topic_id)
    )",
    "CREATE TABLE mtg_decisions (
        id {id},
        meeting_id BIGINT NOT NULL REFERENCES mtg_meetings (id),
        position INTEGER NOT NULL,
        content TEXT NOT NULL,
        department_id BIGINT NOT NULL,
        department_name TEXT NOT NULL,
        due_at BIGINT NOT NULL,
        handoff_id BIGINT NULL,
        created_at BIGINT NOT NULL
    )",
    "CREATE TABLE mtg_checklist (
        id {id},
        meeting_id BIGINT NOT NULL REFERENCES mtg_meetings (id),
        position INTEGER NOT NULL,
        item TEXT NOT NULL,
        done_by_name TEXT NULL,
        done_at BIGINT NULL
    )",
    "CREATE TABLE mtg_plans (
        id {id},
        year INTEGER NOT NULL,
        month INTEGER NOT NULL,
        kind TEXT NOT NULL,
        planned INTEGER NOT NULL,
        CONSTRAINT uq_mtg_plans UNIQUE (year, month, kind),
        CONSTRAINT ck_mtg_plans_month CHECK (month BETWEEN 0 AND 12)
    )",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_ddl(manager, STATEMENTS).await
    }
}
