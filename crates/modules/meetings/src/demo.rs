//! A new demo installation gets the office's rooms, a week of meetings in them and this
//! year's 会议计划, so the calendar, the meeting pages and the plan show something at once.

use chrono::{Datelike, Duration};
use sanban_platform::{
    AppResult, Db,
    auth::{Actor, Role},
    web::format,
};

use crate::{
    meetings::{model::MeetingInput, service},
    plans,
    rooms::{model::RoomInput, service as rooms, week::monday_of},
    sql,
};

const ROOMS: &[(&str, i64, &str)] = &[
    ("党组会议室", 20, "扩音、录音"),
    ("三楼第一会议室", 40, "投影、扩音"),
    ("五楼视频会议室", 60, "视频会议终端、投影、扩音"),
];

struct Sample {
    kind: &'static str,
    title: &'static str,
    /// Days after this week's Monday.
    day: i64,
    from: &'static str,
    to: &'static str,
    /// Index into [`ROOMS`].
    room: usize,
    host: &'static str,
    people: &'static [&'static str],
}

const LEADERS: &[&str] = &["liminghua", "wangzhiqiang", "liuxiaoyan", "zhangwei"];

const MEETINGS: &[Sample] = &[
    Sample {
        kind: "党组会",
        title: "厅党组会议",
        day: 0,
        from: "09:00",
        to: "11:00",
        room: 0,
        host: "chenjianguo",
        people: LEADERS,
    },
    Sample {
        kind: "厅务会",
        title: "厅务会",
        day: 1,
        from: "09:00",
        to: "11:30",
        room: 1,
        host: "chenjianguo",
        people: LEADERS,
    },
    Sample {
        kind: "专题会",
        title: "安全生产专题会",
        day: 2,
        from: "15:00",
        to: "16:30",
        room: 1,
        host: "liminghua",
        people: &["zhangwei"],
    },
    Sample {
        kind: "视频会议",
        title: "全省防汛视频会议",
        day: 3,
        from: "14:30",
        to: "16:00",
        room: 2,
        host: "wangzhiqiang",
        people: &["zhangwei"],
    },
    Sample {
        kind: "例会",
        title: "办公室周例会",
        day: 4,
        from: "08:30",
        to: "09:00",
        room: 1,
        host: "zhangwei",
        people: &[],
    },
];

async fn user(db: &Db, username: &str) -> AppResult<Option<i64>> {
    Ok(
        match sql::one(
            db.conn(),
            "SELECT id FROM users WHERE username = $1",
            vec![username.into()],
        )
        .await?
        {
            Some(r) => Some(r.try_get("", "id")?),
            None => None,
        },
    )
}

pub fn load(db: Db) -> std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<()>> + Send>> {
    Box::pin(async move {
        let mut office = Actor::system("演示数据");
        office.roles.push(Role::OfficeDirector);
        let mut room_ids = Vec::new();
        for (name, capacity, equipment) in ROOMS {
            let input = RoomInput {
                name: (*name).into(),
                capacity: *capacity,
                equipment: (*equipment).into(),
            };
            room_ids.push(rooms::create(&db, &office, &input).await?.id);
        }
        let monday = monday_of(format::today());
        for s in MEETINGS {
            let date = monday + Duration::days(s.day);
            let mut attendee_ids = Vec::new();
            for p in s.people {
                attendee_ids.extend(user(&db, p).await?);
            }
            let input = MeetingInput {
                kind: s.kind.into(),
                title: s.title.into(),
                starts_at: format!("{date}T{}", s.from),
                ends_at: format!("{date}T{}", s.to),
                room_id: Some(room_ids[s.room]),
                host_id: user(&db, s.host).await?,
                attendee_ids,
                ..Default::default()
            };
            service::create(&db, &office, &input).await?;
        }
        let plan: Vec<(String, String)> = [
            ("党组会", "24"),
            ("厅务会", "12"),
            ("专题会", "20"),
            ("视频会议", "10"),
            ("例会", "48"),
        ]
        .iter()
        .map(|(k, n)| ((*k).to_string(), (*n).to_string()))
        .collect();
        plans::service::set(&db, &office, format::today().year(), None, &plan).await?;
        Ok(())
    })
}
