//! Figures (统计数据): each module declares the yearly and monthly numbers it can count from its
//! own records, so the year-end report is read off the records instead of counted by hand.
//!
//! A figure is data: which rows it counts, by which instant, and how to show each row. The
//! SQL pieces are written by developers in code, never taken from a request.

pub mod count;
mod export;
mod period;
pub mod records;

pub use count::{YearAverage, YearFigure, year_table};
pub use export::export_xlsx;
pub use period::{Period, current_year};
pub use records::{FigureRecord, records};

use crate::{
    auth::{Actor, Permission},
    error::{AppError, AppResult},
};

/// One declared figure.
#[derive(Clone, Debug)]
pub struct FigureDef {
    /// Stable key used in links and exports, e.g. `workflow.started`.
    pub key: &'static str,
    /// The part of the work it belongs to (办文, 督查督办 …), for grouping on the page.
    pub group: &'static str,
    pub name: &'static str,
    /// 件, 次, 人次 …
    pub unit: &'static str,
    /// 统计口径: how it is counted, shown beside the number.
    pub how: &'static str,
    pub source: Source,
    /// An average over the same rows shown beside the count, e.g. 平均办理天数.
    pub average: Option<Average>,
    /// When set, the figure is the total of an amount over its rows (会议经费 in 元), not how
    /// many rows there are. `unit` then names the amount's unit. Not combined with `average`.
    pub sum: Option<Sum>,
}

/// The total of an integer SQL expression over a figure's rows, divided for display and
/// rounded to a whole unit, e.g. 经费 kept in 分 and shown in 元.
#[derive(Clone, Debug)]
pub struct Sum {
    /// An integer expression over the figure's rows, e.g. `budget_cents`.
    pub expr: &'static str,
    /// What one `unit` is in the expression's terms, e.g. 100 for 元 of 分.
    pub divisor: i64,
}

impl Sum {
    /// Rounds half away from zero, so 12 345 分 is 123 元 and 12 350 分 is 124 元.
    pub fn shown(&self, raw: i64) -> i64 {
        let d = self.divisor.max(1);
        let half = d / 2;
        if raw >= 0 {
            (raw + half) / d
        } else {
            (raw - half) / d
        }
    }
}

/// The mean of an integer SQL expression over a figure's rows, divided for display.
#[derive(Clone, Debug)]
pub struct Average {
    /// e.g. 平均办理时长
    pub label: &'static str,
    /// e.g. 天
    pub unit: &'static str,
    /// An integer expression over the figure's rows, e.g. `finished_at - started_at`.
    pub expr: &'static str,
    /// What one `unit` is in the expression's terms, e.g. 86 400 000 for days of milliseconds.
    pub divisor: i64,
}

/// Where a figure's rows come from. Every field is an SQL fragment valid on SQLite and
/// PostgreSQL alike.
#[derive(Clone, Debug)]
pub struct Source {
    /// `FROM` clause, joins allowed.
    pub from: &'static str,
    /// The instant (epoch milliseconds, UTC) that places a row in a year and month.
    pub at: &'static str,
    /// Extra condition, if any. `{now}` in it stands for the instant of counting (epoch
    /// milliseconds), for figures of how things stand now, such as what is overdue today.
    pub filter: Option<&'static str>,
    /// Id and title of the record each row stands for.
    pub id: &'static str,
    pub title: &'static str,
    /// The record's page, `{id}` replaced by the id.
    pub link: &'static str,
}

/// The figures the platform counts from its own tables; modules add theirs to the registry.
pub fn platform_figures() -> Vec<FigureDef> {
    const INSTANCE_LINK: &str = "/workflow/{id}";
    vec![
        FigureDef {
            key: "workflow.started",
            group: "流转办理",
            name: "发起流转事项",
            unit: "件",
            how: "按提交时间统计所有进入流转的事项（含已撤回、已终止）",
            source: Source {
                from: "workflow_instances",
                at: "started_at",
                filter: None,
                id: "id",
                title: "title",
                link: INSTANCE_LINK,
            },
            average: None,
            sum: None,
        },
        FigureDef {
            key: "workflow.completed",
            group: "流转办理",
            name: "办结事项",
            unit: "件",
            how: "按办结时间统计流程走完的事项",
            source: Source {
                from: "workflow_instances",
                at: "finished_at",
                filter: Some("status = 'completed'"),
                id: "id",
                title: "title",
                link: INSTANCE_LINK,
            },
            average: Some(Average {
                label: "平均办理时长",
                unit: "天",
                expr: "finished_at - started_at",
                divisor: 86_400_000,
            }),
            sum: None,
        },
        FigureDef {
            key: "workflow.completed_late",
            group: "流转办理",
            name: "超期办结事项",
            unit: "件",
            how: "办结时间晚于办理时限的事项，按办结时间统计",
            source: Source {
                from: "workflow_instances",
                at: "finished_at",
                filter: Some(
                    "status = 'completed' AND due_at IS NOT NULL AND finished_at > due_at",
                ),
                id: "id",
                title: "title",
                link: INSTANCE_LINK,
            },
            average: None,
            sum: None,
        },
        FigureDef {
            key: "workflow.reminders",
            group: "流转办理",
            name: "催办",
            unit: "人次",
            how: "人工催办与到期自动催办，每提醒一人计一次",
            source: Source {
                // The title is looked up for the listed rows only, not joined for the count.
                from: "reminders r",
                at: "r.at",
                filter: None,
                id: "r.instance_id",
                title: "(SELECT i.title FROM workflow_instances i WHERE i.id = r.instance_id)",
                link: INSTANCE_LINK,
            },
            average: None,
            sum: None,
        },
        FigureDef {
            key: "workflow.circulated",
            group: "流转办理",
            name: "传阅",
            unit: "人次",
            how: "按送阅时间统计，每送一人计一次",
            source: Source {
                // Counted from the (kind, created_at) index alone; titles only for the list.
                from: "workflow_tasks t",
                at: "t.created_at",
                filter: Some("t.kind = 'read'"),
                id: "t.instance_id",
                title: "(SELECT i.title FROM workflow_instances i WHERE i.id = t.instance_id)",
                link: INSTANCE_LINK,
            },
            average: None,
            sum: None,
        },
    ]
}

/// The figures a deployment counts, in the order they are shown.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    figures: Vec<FigureDef>,
}

impl Registry {
    /// Refuses two figures with one key: links and exports name figures by key.
    pub fn new(figures: Vec<FigureDef>) -> Result<Self, String> {
        let mut seen = std::collections::HashSet::new();
        for f in &figures {
            if !seen.insert(f.key) {
                return Err(format!("统计指标「{}」重复登记", f.key));
            }
            // An average divides by the row count, which a summed figure no longer holds.
            if f.sum.is_some() && f.average.is_some() {
                return Err(format!("统计指标「{}」不能同时求和与求平均", f.key));
            }
        }
        Ok(Self { figures })
    }

    pub fn all(&self) -> &[FigureDef] {
        &self.figures
    }

    pub fn get(&self, key: &str) -> AppResult<&FigureDef> {
        self.figures
            .iter()
            .find(|f| f.key == key)
            .ok_or_else(|| AppError::not_found("统计指标"))
    }
}

/// A figure's condition with `{now}` set to the instant of counting.
pub(crate) fn condition(filter: Option<&str>, now: i64) -> String {
    filter
        .map(|c| format!(" AND ({})", c.replace("{now}", &now.to_string())))
        .unwrap_or_default()
}

/// Counting and listing records behind figures is for the office and the leaders.
pub fn require_view(actor: &Actor) -> AppResult<()> {
    actor.require(Permission::FiguresView)
}
