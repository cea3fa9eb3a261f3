//! 印发机关和印发日期 (GB/T 9704-2012 7.4.3).

use serde::Serialize;

use super::date::ChineseDate;

/// 印发机关和印发日期, e.g. `××市人民政府办公室　　2024年3月1日印发`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Printing {
    /// 印发机关
    pub organ: String,
    /// 印发日期, when readable.
    pub date: Option<ChineseDate>,
}
