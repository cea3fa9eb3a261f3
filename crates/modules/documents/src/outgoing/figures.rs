//! 发文 figures for the 统计 page: numbered 发文 by 编号 time, by direction and by 文种.

use sanban_platform::figures::{FigureDef, Source};

const LINK: &str = "/documents/outgoing/{id}";

fn numbered(
    key: &'static str,
    name: &'static str,
    how: &'static str,
    filter: &'static str,
) -> FigureDef {
    FigureDef {
        key,
        group: "办文",
        name,
        unit: "件",
        how,
        source: Source {
            from: "doc_outgoing",
            at: "numbered_at",
            filter: Some(filter),
            id: "id",
            title: "title",
            link: LINK,
        },
        average: None,
        sum: None,
    }
}

pub fn figures() -> Vec<FigureDef> {
    vec![
        numbered(
            "documents.outgoing.total",
            "发文",
            "按编号时间统计取得发文字号的发文",
            "numbered_at IS NOT NULL",
        ),
        numbered(
            "documents.outgoing.up",
            "上行文",
            "行文方向为上行文的已编号发文，按编号时间统计",
            "direction = '上行文'",
        ),
        numbered(
            "documents.outgoing.down",
            "下行文",
            "行文方向为下行文的已编号发文，按编号时间统计",
            "direction = '下行文'",
        ),
        numbered(
            "documents.outgoing.parallel",
            "平行文",
            "行文方向为平行文的已编号发文，按编号时间统计",
            "direction = '平行文'",
        ),
        numbered(
            "documents.outgoing.notice",
            "通知",
            "文种为通知的已编号发文，按编号时间统计",
            "kind = '通知'",
        ),
        numbered(
            "documents.outgoing.request",
            "请示",
            "文种为请示的已编号发文，按编号时间统计",
            "kind = '请示'",
        ),
        numbered(
            "documents.outgoing.report",
            "报告",
            "文种为报告的已编号发文，按编号时间统计",
            "kind = '报告'",
        ),
        numbered(
            "documents.outgoing.letter",
            "函",
            "文种为函的已编号发文，按编号时间统计",
            "kind = '函'",
        ),
    ]
}
