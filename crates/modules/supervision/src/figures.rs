//! The year's 督查督办 figures (统计), each drilling down to its tasks or documents.

use sanban_platform::figures::{Average, FigureDef, Source};

const GROUP: &str = "督查督办";
const TASK_LINK: &str = "/supervision/tasks/{id}";
const ISSUE_LINK: &str = "/supervision/issues/{id}";

fn tasks(
    key: &'static str,
    name: &'static str,
    how: &'static str,
    at: &'static str,
    filter: Option<&'static str>,
) -> FigureDef {
    FigureDef {
        key,
        group: GROUP,
        name,
        unit: "件",
        how,
        source: Source {
            from: "sup_tasks",
            at,
            filter,
            id: "id",
            title: "title",
            link: TASK_LINK,
        },
        average: None,
        sum: None,
    }
}

fn issued(key: &'static str, name: &'static str, kind: &'static str) -> FigureDef {
    FigureDef {
        key,
        group: GROUP,
        name,
        unit: "份",
        how: "按印发时间统计已编号印发的，草稿不计",
        source: Source {
            from: "sup_issues",
            at: "issued_at",
            filter: Some(kind),
            id: "id",
            title: "title",
            link: ISSUE_LINK,
        },
        average: None,
        sum: None,
    }
}

/// 考核定稿: one row per department a year's 定稿 assessed, averaged to the office's mean score.
fn final_scores() -> FigureDef {
    FigureDef {
        key: "supervision.scores",
        group: GROUP,
        name: "督办考核参评部门（定稿）",
        unit: "个",
        how: "按考核年度统计办公室定稿的督办考核，每个参评部门计一个；平均得分为各部门定稿得分的平均值，\
              未定稿的年度不计",
        source: Source {
            from: "sup_score_final_lines",
            at: "year_at",
            filter: None,
            id: "id",
            title: "title",
            link: "/supervision/scores/finals/{id}",
        },
        average: Some(Average {
            label: "平均得分",
            unit: "分",
            expr: "score_tenths",
            divisor: 10,
        }),
        sum: None,
    }
}

const BY_SOURCE: &str = "按立项时间统计该来源的督办事项（含分解的子任务）";

pub fn figures() -> Vec<FigureDef> {
    let mut closed = tasks(
        "supervision.closed",
        "督办事项销号",
        "按销号时间统计经审核销号的督办事项；按时办结指在完成时限当日结束前销号",
        "closed_at",
        Some("state = 'closed'"),
    );
    closed.average = Some(Average {
        label: "按时办结率",
        unit: "%",
        expr: "CASE WHEN closed_at < due_at + 86400000 THEN 100 ELSE 0 END",
        divisor: 1,
    });
    vec![
        tasks(
            "supervision.overdue_now",
            "当前超期未办结",
            "完成时限已过、至今未销号也未终止的督办事项，按完成时限所在月份统计；\
             随时间变化，反映查看时的状况",
            "due_at",
            Some("state IN ('handling', 'reviewing') AND due_at + 86400000 <= {now}"),
        ),
        tasks(
            "supervision.tasks",
            "督办事项",
            "按立项时间统计全部督办事项（含分解的子任务、已终止的）",
            "created_at",
            None,
        ),
        tasks(
            "supervision.source.meeting",
            "督办事项：会议决定事项",
            BY_SOURCE,
            "created_at",
            Some("source = 'meeting'"),
        ),
        tasks(
            "supervision.source.instruction",
            "督办事项：领导批示件",
            BY_SOURCE,
            "created_at",
            Some("source = 'instruction'"),
        ),
        tasks(
            "supervision.source.assigned",
            "督办事项：交办事项",
            BY_SOURCE,
            "created_at",
            Some("source = 'assigned'"),
        ),
        tasks(
            "supervision.source.superior",
            "督办事项：上级督查事项",
            BY_SOURCE,
            "created_at",
            Some("source = 'superior'"),
        ),
        tasks(
            "supervision.source.annual",
            "督办事项：年度重点工作任务",
            BY_SOURCE,
            "created_at",
            Some("source = 'annual'"),
        ),
        tasks(
            "supervision.source.proposal",
            "督办事项：人大建议/政协提案",
            BY_SOURCE,
            "created_at",
            Some("source = 'proposal'"),
        ),
        tasks(
            "supervision.source.hotline",
            "督办事项：市民热线",
            BY_SOURCE,
            "created_at",
            Some("source = 'hotline'"),
        ),
        closed,
        tasks(
            "supervision.closed_late",
            "超期办结",
            "按销号时间统计超过完成时限才销号的督办事项；尚未办结的超期事项见督办事项列表",
            "closed_at",
            Some("state = 'closed' AND closed_at >= due_at + 86400000"),
        ),
        tasks(
            "supervision.returned",
            "反馈被退回的督办事项",
            "按立项时间统计落实情况反馈至少被退回一次的督办事项",
            "created_at",
            Some("returned_count > 0"),
        ),
        issued(
            "supervision.notices",
            "督办通知书",
            "kind = 'notice' AND state = 'issued'",
        ),
        issued(
            "supervision.bulletins",
            "月度督办通报",
            "kind = 'bulletin' AND state = 'issued'",
        ),
        issued(
            "supervision.weeklies",
            "督办周报",
            "kind = 'weekly' AND state = 'issued'",
        ),
        final_scores(),
    ]
}
