//! 会议类型, as the offices name them.

/// The types a meeting may have; stored by name.
pub const KINDS: &[&str] = &[
    "党组会",
    "党委会",
    "董事会",
    "总经理办公会",
    "局务会",
    "厅务会",
    "专题会",
    "视频会议",
    "中心组学习",
    "协调会",
    "推进会",
    "调度会",
    "现场办公会",
    "征求意见会",
    "例会",
];

/// 党组会 / 党委会: the Party body that studies 三重一大 matters first (前置研究).
pub fn is_party(kind: &str) -> bool {
    matches!(kind, "党组会" | "党委会")
}

/// 三会: the meetings whose agenda is made of approved 议题.
pub fn takes_topics(kind: &str) -> bool {
    is_party(kind) || matches!(kind, "董事会" | "总经理办公会")
}

/// The name as stored, or `None` for a type the office does not hold.
pub fn parse(v: &str) -> Option<&'static str> {
    let v = v.trim();
    let v = if v == "总办会" {
        "总经理办公会"
    } else {
        v
    };
    KINDS.iter().copied().find(|k| *k == v)
}
