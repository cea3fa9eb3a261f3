//! 收文 figures for the 统计 page, each row linking to its record.

use sanban_platform::figures::{Average, FigureDef, Source};

const LINK: &str = "/documents/incoming/{id}";
const GROUP: &str = "办文";
/// A 密件's title is itself protected: drill-down lists show its 收文编号 only.
const TITLE: &str = "CASE WHEN classified = TRUE THEN number || '（密件）' ELSE title END";

fn fig(
    key: &'static str,
    name: &'static str,
    how: &'static str,
    filter: Option<&'static str>,
) -> FigureDef {
    FigureDef {
        key,
        group: GROUP,
        name,
        unit: "件",
        how,
        source: Source {
            from: "doc_incoming",
            at: "registered_at",
            filter,
            id: "id",
            title: TITLE,
            link: LINK,
        },
        average: None,
        sum: None,
    }
}

pub fn all() -> Vec<FigureDef> {
    vec![
        fig(
            "documents.incoming.total",
            "收文总数",
            "按登记时间统计全部收文（含退文）",
            None,
        ),
        fig(
            "documents.incoming.source.superior",
            "上级来文",
            "来文类别为「上级」的收文",
            Some("source_class = 'superior'"),
        ),
        fig(
            "documents.incoming.source.government",
            "市委市政府（省委省政府）来文",
            "来文类别为「市委市政府（省委省政府）」的收文",
            Some("source_class = 'government'"),
        ),
        fig(
            "documents.incoming.source.peer",
            "同级来文",
            "来文类别为「同级」的收文",
            Some("source_class = 'peer'"),
        ),
        fig(
            "documents.incoming.source.subordinate",
            "基层/下级来文",
            "来文类别为「基层/下级」的收文",
            Some("source_class = 'subordinate'"),
        ),
        fig(
            "documents.incoming.channel.oa",
            "OA电子收文",
            "经 OA 电子渠道收到的收文",
            Some("channel = 'oa'"),
        ),
        fig(
            "documents.incoming.channel.intranet",
            "内网收文",
            "经内网收到的收文",
            Some("channel = 'intranet'"),
        ),
        fig(
            "documents.incoming.channel.paper",
            "纸质收文",
            "纸质来文",
            Some("channel = 'paper'"),
        ),
        fig(
            "documents.incoming.channel.email",
            "邮箱收文",
            "经邮箱收到的收文",
            Some("channel = 'email'"),
        ),
        fig(
            "documents.incoming.assigned",
            "转办件",
            "拟办时交部门主办的收文（区别于只送领导阅知的阅件），按登记时间统计",
            Some("host_department_id IS NOT NULL"),
        ),
        FigureDef {
            key: "documents.incoming.done",
            group: GROUP,
            name: "办结收文",
            unit: "件",
            how: "按办结时间统计办结的收文；平均办理时长自登记至办结",
            source: Source {
                from: "doc_incoming",
                at: "finished_at",
                filter: Some("status = 'done'"),
                id: "id",
                title: TITLE,
                link: LINK,
            },
            average: Some(Average {
                label: "平均办理时长",
                unit: "天",
                expr: "finished_at - registered_at",
                divisor: 86_400_000,
            }),
            sum: None,
        },
        fig(
            "documents.incoming.classified",
            "密件",
            "登记为纸质密件的收文",
            Some("classified = TRUE"),
        ),
        fig(
            "documents.incoming.rejected",
            "退文",
            "初审退文的收文",
            Some("status = 'rejected'"),
        ),
        fig(
            "documents.incoming.overdue",
            "超期收文",
            "办结晚于办理时限，或至今未办结且已过办理时限的收文，按登记时间统计",
            Some(
                "due_at IS NOT NULL AND ((status = 'done' AND finished_at > due_at) \
                 OR (status = 'processing' AND due_on < CAST(CURRENT_DATE AS VARCHAR(10))))",
            ),
        ),
    ]
}
