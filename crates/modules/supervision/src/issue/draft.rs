//! The first text of a 通知书 or 通报, written from the records so that nobody retypes what
//! the system already knows; the office edits it before issuing.

use chrono::Datelike;

use super::{stats::MonthStats, week::WeekStats};
use crate::task::model::Task;

pub fn notice_title(t: &Task) -> String {
    format!("关于督办「{}」的通知", t.title)
}

pub fn notice_body(t: &Task) -> String {
    let mut s = format!(
        "{}：\n{}「{}」已列入督办事项，现予督办。\n任务内容：{}\n",
        t.department_name, t.source_label, t.title, t.content
    );
    if !t.measures.is_empty() {
        s.push_str(&format!("具体措施：{}\n", t.measures));
    }
    if !t.partners.is_empty() {
        let names: Vec<_> = t.partners.iter().map(|p| p.name.as_str()).collect();
        s.push_str(&format!("配合部门：{}\n", names.join("、")));
    }
    s.push_str(&format!(
        "完成时限：{}\n责任人：{}\n请按时限要求抓紧落实，并于完成时限前报送落实情况反馈表及印证资料。",
        t.due_text, t.owner_name
    ));
    s
}

fn month_cn(month: &str) -> String {
    super::stats::bounds(month)
        .map(|(d, _)| format!("{}年{}月", d.year(), d.month()))
        .unwrap_or_else(|_| month.to_string())
}

pub fn bulletin_title(month: &str) -> String {
    format!("{}督办工作通报", month_cn(month))
}

pub fn bulletin_body(s: &MonthStats) -> String {
    let mut out = format!(
        "{}，督办事项已办结 {} 件，正在办理 {} 件，超期未办结 {} 件。\n各部门情况如下：\n",
        month_cn(&s.month),
        s.completed,
        s.in_progress,
        s.overdue
    );
    for l in &s.lines {
        out.push_str(&format!(
            "{}：已办结 {} 件，正在办理 {} 件，超期未办结 {} 件。\n",
            l.department, l.completed, l.in_progress, l.overdue
        ));
    }
    if s.worst.is_empty() {
        out.push_str("本月没有超期未办结的督办事项。");
    } else {
        out.push_str("超期时间较长的事项：\n");
        for (i, w) in s.worst.iter().enumerate() {
            out.push_str(&format!(
                "{}. {}「{}」，超期 {} 天。\n",
                i + 1,
                w.department,
                w.title,
                w.days_overdue
            ));
        }
        out.push_str("请有关部门高度重视，抓紧办理，并于下次督办前报送落实情况。");
    }
    out
}

/// `会议决定事项专项督办周报（2026年第12周）`, or without the 专项 for all tasks.
pub fn weekly_title(s: &WeekStats) -> String {
    let (year, week) = s.week.split_once("-W").unwrap_or((&s.week, ""));
    let week = week.trim_start_matches('0');
    match s.special_label {
        Some(l) => format!("{l}专项督办周报（{year}年第{week}周）"),
        None => format!("督办周报（{year}年第{week}周）"),
    }
}

pub fn weekly_body(s: &WeekStats) -> String {
    let scope = s
        .special_label
        .map(|l| format!("{l}专项"))
        .unwrap_or_default();
    let mut out = format!(
        "{}至{}，{scope}督办事项新交办 {} 件，已办结 {} 件，正在办理 {} 件，超期未办结 {} 件。\n各部门情况如下：\n",
        s.from_text, s.to_text, s.assigned, s.completed, s.in_progress, s.overdue
    );
    for l in &s.lines {
        out.push_str(&format!(
            "{}：新交办 {} 件，已办结 {} 件，正在办理 {} 件，超期未办结 {} 件。\n",
            l.department, l.assigned, l.completed, l.in_progress, l.overdue
        ));
    }
    if s.worst.is_empty() {
        out.push_str("本周没有超期未办结的督办事项。");
    } else {
        out.push_str("超期时间较长的事项：\n");
        for (i, w) in s.worst.iter().enumerate() {
            out.push_str(&format!(
                "{}. {}「{}」，超期 {} 天。\n",
                i + 1,
                w.department,
                w.title,
                w.days_overdue
            ));
        }
        out.push_str("请有关部门高度重视，抓紧办理，并于下周督办前报送落实情况。");
    }
    out
}
