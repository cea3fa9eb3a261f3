//! The meetings' figures on the 统计 page: all together with their average 经费, the planned
//! count beside them, their total 经费, 列入上级统计范围, and by type. Cancelled and
//! postponed meetings are not counted.

use sanban_platform::figures::{Average, FigureDef, Source, Sum};

const HOW: &str = "按会议开始时间统计，已取消、已延期的会议不计";

fn figure(key: &'static str, name: &'static str, filter: &'static str) -> FigureDef {
    FigureDef {
        key,
        group: "办会",
        name,
        unit: "次",
        how: HOW,
        source: Source {
            from: "mtg_meetings",
            at: "starts_at",
            filter: Some(filter),
            id: "id",
            title: "title",
            link: "/meetings/{id}",
        },
        average: None,
        sum: None,
    }
}

/// (key, name, filter) of each type's figure; the filters are written out so they stay
/// `'static` SQL chosen here, never built from input.
const BY_KIND: &[(&str, &str, &str)] = &[
    (
        "meetings.kind.dangzu",
        "党组会",
        "state IN ('planned', 'notified', 'held') AND kind = '党组会'",
    ),
    (
        "meetings.kind.dangwei",
        "党委会",
        "state IN ('planned', 'notified', 'held') AND kind = '党委会'",
    ),
    (
        "meetings.kind.board",
        "董事会",
        "state IN ('planned', 'notified', 'held') AND kind = '董事会'",
    ),
    (
        "meetings.kind.gm",
        "总经理办公会",
        "state IN ('planned', 'notified', 'held') AND kind = '总经理办公会'",
    ),
    (
        "meetings.kind.juwu",
        "局务会",
        "state IN ('planned', 'notified', 'held') AND kind = '局务会'",
    ),
    (
        "meetings.kind.tingwu",
        "厅务会",
        "state IN ('planned', 'notified', 'held') AND kind = '厅务会'",
    ),
    (
        "meetings.kind.special",
        "专题会",
        "state IN ('planned', 'notified', 'held') AND kind = '专题会'",
    ),
    (
        "meetings.kind.video",
        "视频会议",
        "state IN ('planned', 'notified', 'held') AND kind = '视频会议'",
    ),
    (
        "meetings.kind.study",
        "中心组学习",
        "state IN ('planned', 'notified', 'held') AND kind = '中心组学习'",
    ),
    (
        "meetings.kind.coordination",
        "协调会",
        "state IN ('planned', 'notified', 'held') AND kind = '协调会'",
    ),
    (
        "meetings.kind.progress",
        "推进会",
        "state IN ('planned', 'notified', 'held') AND kind = '推进会'",
    ),
    (
        "meetings.kind.dispatch",
        "调度会",
        "state IN ('planned', 'notified', 'held') AND kind = '调度会'",
    ),
    (
        "meetings.kind.onsite",
        "现场办公会",
        "state IN ('planned', 'notified', 'held') AND kind = '现场办公会'",
    ),
    (
        "meetings.kind.consultation",
        "征求意见会",
        "state IN ('planned', 'notified', 'held') AND kind = '征求意见会'",
    ),
    (
        "meetings.kind.routine",
        "例会",
        "state IN ('planned', 'notified', 'held') AND kind = '例会'",
    ),
];

pub fn figures() -> Vec<FigureDef> {
    let mut all = figure(
        "meetings.all",
        "会议",
        "state IN ('planned', 'notified', 'held')",
    );
    all.how = "按会议开始时间统计，已取消、已延期的会议不计；平均经费按每次会议登记的会议经费计";
    all.average = Some(Average {
        label: "平均会议经费",
        unit: "元",
        expr: "budget_cents",
        divisor: 100,
    });
    let mut out = vec![
        all,
        planned(),
        budget(),
        figure(
            "meetings.in_stats",
            "列入上级统计范围的会议",
            "state IN ('planned', 'notified', 'held') AND in_stats = TRUE",
        ),
    ];
    out.extend(BY_KIND.iter().map(|(k, n, f)| figure(k, n, f)));
    out
}

/// 计划会议次数: the 会议计划's counts, each placed in the year or month it plans for. A
/// type's year plan stands for its whole year, so its month plans are then left out rather
/// than counted twice.
fn planned() -> FigureDef {
    FigureDef {
        key: "meetings.planned",
        group: "办会",
        name: "计划会议",
        unit: "次",
        how: "按会议计划统计：年度计划计入当年1月，月度计划计入该月；某类会议已定年度计划的，不再计其月度计划",
        source: Source {
            from: "mtg_plans",
            at: "starts_at",
            filter: Some(
                "month = 0 OR NOT EXISTS (SELECT 1 FROM mtg_plans y \
                 WHERE y.year = mtg_plans.year AND y.kind = mtg_plans.kind AND y.month = 0)",
            ),
            id: "id",
            title: "kind",
            link: "/meetings/plans",
        },
        average: None,
        sum: Some(Sum {
            expr: "planned",
            divisor: 1,
        }),
    }
}

/// 会议经费 in 元, over the meetings that stand.
fn budget() -> FigureDef {
    let mut f = figure(
        "meetings.budget",
        "会议经费",
        "state IN ('planned', 'notified', 'held')",
    );
    f.unit = "元";
    f.how = "按会议开始时间统计每次会议登记的会议经费，已取消、已延期的会议不计";
    f.sum = Some(Sum {
        expr: "budget_cents",
        divisor: 100,
    });
    f
}
