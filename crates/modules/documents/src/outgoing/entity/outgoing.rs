use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One 发文稿纸.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "doc_outgoing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 文种
    pub kind: String,
    pub title: String,
    /// 主送
    pub main_to: String,
    /// 抄送
    pub copy_to: String,
    /// 密级, empty when none.
    pub classification: String,
    /// 紧急程度, empty when none.
    pub urgency: String,
    /// 行文方向: 上行文, 下行文, 平行文.
    pub direction: String,
    /// 公开属性: 主动公开, 依申请公开, 不予公开.
    pub publicity: String,
    /// Signed by the 主要领导 even when not 上行文 (W01).
    pub important: bool,
    /// 拟稿单位
    pub department_id: Option<i64>,
    /// 拟稿人
    pub drafter_id: i64,
    pub drafter_name: String,
    /// 正文 as structured text, one paragraph a line.
    pub body: String,
    /// Departments chosen for 会签, as a JSON list of ids.
    pub countersign_departments: String,
    pub status: String,
    pub current_version: i32,
    /// Error findings of the current version.
    pub error_count: i32,
    pub series_id: Option<i64>,
    pub year: Option<i32>,
    pub number: Option<i64>,
    /// 发文字号 as printed.
    pub doc_number: Option<String>,
    pub numbered_at: Option<i64>,
    pub signer_id: Option<i64>,
    pub signer_name: Option<String>,
    pub signed_at: Option<i64>,
    /// The 正文 version the signer signed.
    pub signed_version: Option<i32>,
    /// Why the office let it go to 签发 with error findings.
    pub override_reason: Option<String>,
    pub override_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
