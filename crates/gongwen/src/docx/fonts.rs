//! Font families the standard names, with the font names that count as each (GB/T 9704 names
//! categories; the commercial names are practice).

/// 字体类别
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// 仿宋
    FangSong,
    /// 楷体
    KaiTi,
    /// 黑体
    HeiTi,
    /// 小标宋
    XiaoBiaoSong,
    /// 宋体
    SongTi,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Self::FangSong => "仿宋",
            Self::KaiTi => "楷体",
            Self::HeiTi => "黑体",
            Self::XiaoBiaoSong => "小标宋",
            Self::SongTi => "宋体",
        }
    }

    /// The family a font name belongs to, if it is one of the known names.
    pub fn of(font: &str) -> Option<Family> {
        let lower = font.to_lowercase();
        if font.contains("仿宋") || lower.contains("fangsong") {
            Some(Self::FangSong)
        } else if font.contains("楷体") || lower.contains("kaiti") || lower == "stkaiti" {
            Some(Self::KaiTi)
        } else if font.contains("黑体") || lower == "simhei" || lower.contains("stheiti") {
            Some(Self::HeiTi)
        } else if font.contains("小标宋") || font.contains("华文中宋") || lower == "stzhongsong"
        {
            Some(Self::XiaoBiaoSong)
        } else if font.contains("宋体") || lower == "simsun" {
            Some(Self::SongTi)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        assert_eq!(Family::of("仿宋_GB2312"), Some(Family::FangSong));
        assert_eq!(Family::of("FangSong"), Some(Family::FangSong));
        assert_eq!(Family::of("方正小标宋简体"), Some(Family::XiaoBiaoSong));
        assert_eq!(Family::of("SimHei"), Some(Family::HeiTi));
        assert_eq!(Family::of("楷体_GB2312"), Some(Family::KaiTi));
        assert_eq!(Family::of("Microsoft YaHei"), None);
    }
}
