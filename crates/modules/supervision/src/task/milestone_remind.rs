//! 节点提醒: a long task's 责任人 hears of each milestone the day before its date, on the day,
//! and once the day after if it is still not reached. Each reminder goes once, whichever node
//! runs the job and however often; after a pause only the reminder that fits now is sent, not
//! every one that was missed. The same job sends the 进展报告 reminders of
//! [`super::progress_remind`].

use std::sync::Arc;

use sanban_platform::{AppResult, Db, ModuleJob, auth::Actor, web::format::date_cn};

use super::model::{DAY_MS, due_date};
use super::remind_once::{self, Reminder};
use crate::sql;

/// Hourly, at 20 past: the platform's 催办 runs on the tens.
pub const SCHEDULE: &str = "0 20 * * * *";
pub const JOB: &str = "supervision.milestones";

/// The job the module registers.
pub fn job() -> ModuleJob {
    ModuleJob {
        name: JOB,
        schedule: SCHEDULE,
        run: Arc::new(|db| {
            Box::pin(async move {
                let now = sanban_platform::db::now_ms();
                let n = run(&db, now).await?;
                let p = super::progress_remind::run(&db, now).await?;
                Ok(format!(
                    "sent {n} milestone reminders and {p} progress reminders"
                ))
            })
        }),
    }
}

/// Which reminder fits a milestone due at `due_at` (the start of its day) at `now`.
fn kind_at(due_at: i64, now: i64) -> Option<&'static str> {
    if now >= due_at + DAY_MS {
        Some("overdue")
    } else if now >= due_at {
        Some("due")
    } else if now >= due_at - DAY_MS {
        Some("before")
    } else {
        None
    }
}

/// Sends the reminders due at `now`; returns how many went out.
pub async fn run(db: &Db, now: i64) -> AppResult<usize> {
    // Open milestones of running tasks whose reminder window has begun; those that already had
    // the reminder that fits now are dropped below.
    let rows = sql::all(
        db.conn(),
        "SELECT m.id, m.title, m.due_at, t.id AS task_id, t.title AS task_title, t.owner_id \
         FROM sup_milestones m JOIN sup_tasks t ON t.id = m.task_id \
         WHERE m.done_at IS NULL AND m.due_at <= $1 \
         AND t.state IN ('handling', 'reviewing')",
        vec![(now + DAY_MS).into()],
    )
    .await?;
    let system = Actor::system("节点提醒");
    let mut sent = 0;
    for r in rows {
        let id: i64 = r.try_get("", "id")?;
        let due_at: i64 = r.try_get("", "due_at")?;
        let Some(kind) = kind_at(due_at, now) else {
            continue;
        };
        let title: String = r.try_get("", "title")?;
        let task_id: i64 = r.try_get("", "task_id")?;
        let task_title: String = r.try_get("", "task_title")?;
        let owner: i64 = r.try_get("", "owner_id")?;
        let date = date_cn(due_date(due_at));
        let (head, body) = match kind {
            "before" => (
                format!("节点明日到期：{title}"),
                format!("督办事项「{task_title}」的节点「{title}」将于{date}到期，请按时推进。"),
            ),
            "due" => (
                format!("节点今日到期：{title}"),
                format!(
                    "督办事项「{task_title}」的节点「{title}」今日（{date}）到期，完成后请在事项页面标记。"
                ),
            ),
            _ => (
                format!("节点已超期：{title}"),
                format!(
                    "督办事项「{task_title}」的节点「{title}」已过{date}的期限，尚未标记完成，请抓紧推进。"
                ),
            ),
        };
        // The unique (milestone, kind) keeps a second node, or a second run, from sending it
        // again: whoever inserts first sends.
        let fresh = remind_once::send(
            db,
            &system,
            "INSERT INTO sup_milestone_reminders (milestone_id, kind, to_user, at) \
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS \
             (SELECT 1 FROM sup_milestone_reminders WHERE milestone_id = $1 AND kind = $2)",
            vec![id.into(), kind.into(), owner.into(), now.into()],
            Reminder {
                to: owner,
                task_id,
                head,
                body,
                action: "supervision.milestone.remind",
                entity: "sup_milestones",
                entity_id: id,
            },
        )
        .await?;
        if !fresh {
            continue;
        }
        sent += 1;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reminder_that_fits_the_hour() {
        let due = 1_000 * DAY_MS;
        assert_eq!(kind_at(due, due - DAY_MS - 1), None);
        assert_eq!(kind_at(due, due - DAY_MS), Some("before"));
        assert_eq!(kind_at(due, due - 1), Some("before"));
        assert_eq!(kind_at(due, due), Some("due"));
        assert_eq!(kind_at(due, due + DAY_MS - 1), Some("due"));
        assert_eq!(kind_at(due, due + DAY_MS), Some("overdue"));
        assert_eq!(kind_at(due, due + 30 * DAY_MS), Some("overdue"));
    }
}
