//! Which installed family stands in for each face GB/T 9704-2012 practice names. The named
//! fonts (仿宋_GB2312, 方正小标宋简体 …) are commercial; a machine without them gets the closest
//! free family, and the choice is reported (D19).

use serde::Serialize;

use super::fonts::FontStore;

/// The faces a 公文 uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Face {
    /// 仿宋: 正文 and most elements.
    FangSong,
    /// 小标宋: 标题 and 发文机关标志.
    XiaoBiaoSong,
    /// 黑体: 一级标题, 密级, 紧急程度, 附件 label, 纪要 labels.
    HeiTi,
    /// 楷体: 二级标题, 签发人 names.
    KaiTi,
    /// 宋体: 页码.
    SongTi,
}

impl Face {
    pub const ALL: [Face; 5] = [
        Face::FangSong,
        Face::XiaoBiaoSong,
        Face::HeiTi,
        Face::KaiTi,
        Face::SongTi,
    ];

    /// The font offices install for this face.
    pub fn required(self) -> &'static str {
        match self {
            Face::FangSong => "仿宋_GB2312",
            Face::XiaoBiaoSong => "方正小标宋简体",
            Face::HeiTi => "黑体",
            Face::KaiTi => "楷体_GB2312",
            Face::SongTi => "宋体",
        }
    }

    /// Family names (as fonts report them, English or Chinese) that are this face itself or an
    /// accepted alias of it (GONGWEN.md §2.3).
    fn proper(self) -> &'static [&'static str] {
        match self {
            Face::FangSong => &[
                "FangSong_GB2312",
                "仿宋_GB2312",
                "FangSong",
                "仿宋",
                "FZFangSong-Z02S",
                "方正仿宋_GBK",
                "方正仿宋简体",
                "STFangsong",
                "华文仿宋",
            ],
            Face::XiaoBiaoSong => &[
                "FZXiaoBiaoSong-B05S",
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05",
                "方正小标宋_GBK",
            ],
            Face::HeiTi => &[
                "SimHei",
                "黑体",
                "FZHei-B01S",
                "方正黑体_GBK",
                "方正黑体简体",
                "STHeiti",
            ],
            Face::KaiTi => &[
                "KaiTi_GB2312",
                "楷体_GB2312",
                "KaiTi",
                "楷体",
                "FZKai-Z03S",
                "方正楷体_GBK",
                "方正楷体简体",
                "STKaiti",
            ],
            Face::SongTi => &["SimSun", "宋体", "NSimSun", "新宋体"],
        }
    }

    /// Free stand-ins, best first, with the weight to use: a heavy 宋 for 小标宋.
    fn substitutes(self) -> &'static [(&'static str, Weight)] {
        use Weight::*;
        match self {
            Face::FangSong => &[
                ("FandolFang R", Regular),
                ("FandolFang", Regular),
                ("Noto Serif CJK SC", Regular),
                ("Source Han Serif SC", Regular),
                ("FandolSong", Regular),
                ("AR PL UMing CN", Regular),
            ],
            Face::XiaoBiaoSong => &[
                ("STZhongsong", Regular),
                ("华文中宋", Regular),
                ("Noto Serif CJK SC", Bold),
                ("Source Han Serif SC", Bold),
                ("FandolSong", Bold),
                ("AR PL UMing CN", Regular),
            ],
            Face::HeiTi => &[
                ("Noto Sans CJK SC", Regular),
                ("Source Han Sans SC", Regular),
                ("FandolHei", Regular),
                ("WenQuanYi Zen Hei", Regular),
                ("WenQuanYi Micro Hei", Regular),
                ("Droid Sans Fallback", Regular),
            ],
            Face::KaiTi => &[
                ("AR PL KaitiM GB", Regular),
                ("FandolKai", Regular),
                ("AR PL UKai CN", Regular),
                ("Noto Serif CJK SC", Regular),
                ("FandolSong", Regular),
            ],
            Face::SongTi => &[
                ("Noto Serif CJK SC", Regular),
                ("Source Han Serif SC", Regular),
                ("FandolSong", Regular),
                ("AR PL UMing CN", Regular),
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Weight {
    Regular,
    Bold,
}

/// The family chosen for one face.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaceChoice {
    pub face: Face,
    /// Family name as typst selects it.
    pub family: String,
    pub weight: Weight,
    /// True when `family` is not the required font or an accepted alias of it.
    pub substituted: bool,
    /// True when a bold weight was wanted and the family has none: the text comes out regular.
    pub missing_bold: bool,
}

impl FaceChoice {
    /// The family and weight in words: “Noto Serif CJK SC（粗体）”.
    pub fn substitute_label(&self) -> String {
        let bold = match (self.weight, self.missing_bold) {
            (Weight::Bold, false) => "（粗体）",
            (Weight::Bold, true) => "（无粗体，以常规体代替）",
            _ => "",
        };
        format!("{}{bold}", self.family)
    }

    /// One line for a report: “仿宋_GB2312 → Noto Serif CJK SC”.
    pub fn describe(&self) -> String {
        let bold = match (self.weight, self.missing_bold) {
            (Weight::Bold, false) => "（粗体）",
            (Weight::Bold, true) => "（无粗体，以常规体代替）",
            _ => "",
        };
        if self.substituted {
            format!("{} → {}{}", self.face.required(), self.family, bold)
        } else {
            format!("{}：{}{}", self.face.required(), self.family, bold)
        }
    }
}

/// Picks a family for every face; `None` when the machine has no CJK font at all.
pub(crate) fn choose(store: &FontStore) -> Option<Vec<FaceChoice>> {
    let any_cjk = any_cjk_family(store);
    let mut out = Vec::new();
    for face in Face::ALL {
        let proper = face
            .proper()
            .iter()
            .find(|f| store.has_family(f))
            .map(|f| (f.to_string(), Weight::Regular, false));
        let choice = proper
            .or_else(|| {
                face.substitutes()
                    .iter()
                    .find(|(f, _)| store.has_family(f))
                    .map(|(f, w)| (f.to_string(), *w, true))
            })
            .or_else(|| any_cjk.clone().map(|f| (f, Weight::Regular, true)))?;
        let (family, weight, substituted) = choice;
        let missing_bold = weight == Weight::Bold
            && !store
                .family(&family)
                .any(|i| i.variant.weight.to_number() >= 600);
        out.push(FaceChoice {
            face,
            family,
            weight,
            substituted,
            missing_bold,
        });
    }
    Some(out)
}

/// A family that covers the common Chinese characters, for when none of the known ones is
/// installed.
fn any_cjk_family(store: &FontStore) -> Option<String> {
    store
        .infos()
        .iter()
        .filter(|i| {
            "的一是公文机关通知"
                .chars()
                .all(|c| i.coverage.contains(c as u32))
        })
        .map(|i| (!i.family.ends_with(" SC"), i.family.clone()))
        .min()
        .map(|(_, f)| f)
}

/// Latin and digits: Times New Roman is office practice; these are metric-compatible or close.
pub(crate) const LATIN_FAMILIES: &[&str] = &[
    "Times New Roman",
    "Liberation Serif",
    "TeX Gyre Termes",
    "Nimbus Roman",
    "Nimbus Roman No9 L",
];
