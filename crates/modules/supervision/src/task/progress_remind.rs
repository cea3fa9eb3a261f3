//! 进展报告提醒: a weekly task with no 进展报告 in the current ISO week by Friday, or a monthly
//! one with none in the current month by the 25th, reminds its 责任人, once per period (weeks
//! and months in Beijing time).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sanban_platform::{AppResult, Db, auth::Actor, web::format::day_start_ms};

use super::remind_once::{self, Reminder};
use super::{model::due_date, rhythm::ReportEvery};
use crate::sql;

/// The period of a rhythm that `now` falls in, once its reminder is due.
#[derive(Debug, PartialEq, Eq)]
pub struct Period {
    /// `2026-W19` or `2026-05`: the key of the reminder.
    pub key: String,
    /// The start of the period, epoch milliseconds.
    pub start: i64,
    /// 本周 or 本月, for the message.
    pub label: &'static str,
}

/// The period `now` falls in, if a report for it is already due.
pub fn due_period(every: ReportEvery, now: i64) -> Option<Period> {
    let today = due_date(now);
    match every {
        ReportEvery::None => None,
        ReportEvery::Weekly => {
            let wd = today.weekday().num_days_from_monday();
            if wd < Weekday::Fri.num_days_from_monday() {
                return None;
            }
            let monday = today - Duration::days(i64::from(wd));
            let w = today.iso_week();
            Some(Period {
                key: format!("{}-W{:02}", w.year(), w.week()),
                start: day_start_ms(monday),
                label: "本周",
            })
        }
        ReportEvery::Monthly => {
            if today.day() < 25 {
                return None;
            }
            let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)?;
            Some(Period {
                key: format!("{}-{:02}", today.year(), today.month()),
                start: day_start_ms(first),
                label: "本月",
            })
        }
    }
}

/// Sends the reminders due at `now`; returns how many went out.
pub async fn run(db: &Db, now: i64) -> AppResult<usize> {
    let system = Actor::system("进展报告提醒");
    let mut sent = 0;
    for every in [ReportEvery::Weekly, ReportEvery::Monthly] {
        let Some(p) = due_period(every, now) else {
            continue;
        };
        // Running tasks of this rhythm with no report since the period began and no reminder
        // for it yet.
        let rows = sql::all(
            db.conn(),
            "SELECT t.id, t.title, t.owner_id FROM sup_tasks t \
             WHERE t.report_every = $1 AND t.state IN ('handling', 'reviewing') \
             AND NOT EXISTS (SELECT 1 FROM sup_progress_reports r \
             WHERE r.task_id = t.id AND r.at >= $2) \
             AND NOT EXISTS (SELECT 1 FROM sup_progress_reminders m \
             WHERE m.task_id = t.id AND m.period = $3) ORDER BY t.id",
            vec![every.code().into(), p.start.into(), p.key.clone().into()],
        )
        .await?;
        for r in rows {
            let id: i64 = r.try_get("", "id")?;
            let title: String = r.try_get("", "title")?;
            let owner: i64 = r.try_get("", "owner_id")?;
            let head = format!("请报送进展情况：{title}");
            let body = format!(
                "督办事项「{title}」为{}，{}尚未报送进展情况，请在事项页面填报。",
                every.label(),
                p.label
            );
            // The unique (task, period) keeps a second node or run from sending it again.
            let fresh = remind_once::send(
                db,
                &system,
                "INSERT INTO sup_progress_reminders (task_id, period, to_user, at) \
                 SELECT $1, $2, $3, $4 WHERE NOT EXISTS \
                 (SELECT 1 FROM sup_progress_reminders WHERE task_id = $1 AND period = $2)",
                vec![id.into(), p.key.clone().into(), owner.into(), now.into()],
                Reminder {
                    to: owner,
                    task_id: id,
                    head,
                    body,
                    action: "supervision.progress.remind",
                    entity: "sup_tasks",
                    entity_id: id,
                },
            )
            .await?;
            if !fresh {
                continue;
            }
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, hour: i64) -> i64 {
        day_start_ms(NaiveDate::from_ymd_opt(y, m, d).unwrap()) + hour * 3_600_000
    }

    #[test]
    fn a_week_is_due_from_friday_in_beijing() {
        // 2026-05-07 is a Thursday; 23:30 Beijing is still Thursday.
        assert_eq!(due_period(ReportEvery::Weekly, at(2026, 5, 7, 23)), None);
        let p = due_period(ReportEvery::Weekly, at(2026, 5, 8, 0)).unwrap();
        assert_eq!(p.key, "2026-W19");
        assert_eq!(p.start, at(2026, 5, 4, 0));
        assert_eq!(
            due_period(ReportEvery::Weekly, at(2026, 5, 10, 23))
                .unwrap()
                .key,
            "2026-W19"
        );
        assert_eq!(due_period(ReportEvery::Weekly, at(2026, 5, 11, 0)), None);
    }

    #[test]
    fn a_month_is_due_from_the_25th() {
        assert_eq!(due_period(ReportEvery::Monthly, at(2026, 5, 24, 23)), None);
        let p = due_period(ReportEvery::Monthly, at(2026, 5, 25, 0)).unwrap();
        assert_eq!(p.key, "2026-05");
        assert_eq!(p.start, at(2026, 5, 1, 0));
        assert_eq!(due_period(ReportEvery::None, at(2026, 5, 29, 0)), None);
    }
}
