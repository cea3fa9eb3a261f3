//! A new demo installation gets a few 督办事项 in different states, so the list, the overdue
//! view and the 考核 page have something to show.

use chrono::Days;
use sanban_platform::{AppResult, Db, auth::service::load_actor, web::format::today};

use crate::{
    sql,
    task::{
        input::{MilestoneInput, TaskInput},
        service,
    },
};

async fn user(db: &Db, username: &str) -> AppResult<Option<i64>> {
    Ok(sql::one(
        db.conn(),
        "SELECT id FROM users WHERE username = $1",
        vec![username.into()],
    )
    .await?
    .map(|r| r.try_get("", "id"))
    .transpose()?)
}

async fn department(db: &Db, name: &str) -> AppResult<Option<i64>> {
    Ok(sql::one(
        db.conn(),
        "SELECT id FROM departments WHERE name = $1",
        vec![name.into()],
    )
    .await?
    .map(|r| r.try_get("", "id"))
    .transpose()?)
}

fn day(offset: i64) -> String {
    let d = if offset >= 0 {
        today() + Days::new(offset as u64)
    } else {
        today() - Days::new(offset.unsigned_abs())
    };
    d.format("%Y-%m-%d").to_string()
}

/// (source, title, content, department, 责任人, days from today to the deadline)
const TASKS: &[(&str, &str, &str, &str, &str, i64)] = &[
    (
        "assigned",
        "修订行政规范性文件管理办法",
        "按厅长办公会要求，修订管理办法并报厅务会审议。",
        "政策法规处",
        "linfang",
        20,
    ),
    (
        "hotline",
        "答复市民关于财政补贴发放进度的来电",
        "核实补贴发放进度，五个工作日内答复来电市民。",
        "财务审计处",
        "tangkai",
        -5,
    ),
    (
        "superior",
        "落实省政府安全生产大检查部署",
        "对照检查清单开展自查，整改发现的问题。",
        "综合规划处",
        "songjie",
        3,
    ),
];

pub fn load(db: Db) -> std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<()>> + Send>> {
    Box::pin(async move {
        // The demo organisation's 督查专员 registers them; without it there is nothing to add.
        let Some(supervisor) = user(&db, "wumin").await? else {
            return Ok(());
        };
        let Some(actor) = load_actor(&db, supervisor, None, None).await? else {
            return Ok(());
        };
        for (source, title, content, dept, owner, offset) in TASKS {
            let (Some(department_id), Some(owner_id)) =
                (department(&db, dept).await?, user(&db, owner).await?)
            else {
                continue;
            };
            let input = TaskInput {
                source: (*source).into(),
                title: (*title).into(),
                content: (*content).into(),
                due_on: day(*offset),
                department_id,
                owner_id,
                milestones: if *offset > 10 {
                    vec![MilestoneInput {
                        title: "形成修订草案".into(),
                        due_on: day(offset / 2),
                    }]
                } else {
                    Vec::new()
                },
                ..TaskInput::default()
            };
            service::create(&db, &actor, &input).await?;
        }
        Ok(())
    })
}
