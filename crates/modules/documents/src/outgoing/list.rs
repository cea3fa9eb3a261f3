//! The 发文 list with its filters, and the 发文登记簿 as Excel.

use sanban_platform::{
    AppError, AppResult, Db,
    auth::{Actor, Permission},
    entity::department,
    web::format,
};
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::{access, entity::outgoing as out, service};

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[serde(default)]
    pub year: String,
    /// 文种
    #[serde(default)]
    pub kind: String,
    /// 行文方向
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub department: String,
    /// 草稿, 办理中, 已归档, 已撤回, 已终止
    #[serde(default)]
    pub status: String,
    /// Words in the title or 发文字号.
    #[serde(default)]
    pub q: String,
}

/// One line of the list and of the 登记簿.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Row {
    pub id: i64,
    pub doc_number: String,
    pub title: String,
    pub kind: String,
    pub direction: String,
    pub department: String,
    pub drafter: String,
    pub signer: String,
    pub numbered: String,
    pub status: String,
    pub created: String,
}

fn year_bounds(y: i32) -> Option<(i64, i64)> {
    let a = chrono::NaiveDate::from_ymd_opt(y, 1, 1)?;
    let b = chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)?;
    Some((format::day_start_ms(a), format::day_start_ms(b)))
}

/// The records the actor may see that match, newest first (at most 500).
pub async fn rows(db: &Db, actor: &Actor, q: &ListQuery) -> AppResult<Vec<Row>> {
    let mut sel = out::Entity::find().order_by_desc(out::Column::Id);
    if !q.year.trim().is_empty() {
        let y: i32 = q
            .year
            .trim()
            .parse()
            .map_err(|_| AppError::bad("年份应为四位数字"))?;
        let (a, b) = year_bounds(y).ok_or_else(|| AppError::bad("年份无效"))?;
        sel = sel
            .filter(out::Column::CreatedAt.gte(a))
            .filter(out::Column::CreatedAt.lt(b));
    }
    if !q.kind.trim().is_empty() {
        sel = sel.filter(out::Column::Kind.eq(q.kind.trim()));
    }
    if !q.direction.trim().is_empty() {
        sel = sel.filter(out::Column::Direction.eq(q.direction.trim()));
    }
    if !q.department.trim().is_empty() {
        let d: i64 = q
            .department
            .trim()
            .parse()
            .map_err(|_| AppError::bad("部门无效"))?;
        sel = sel.filter(out::Column::DepartmentId.eq(d));
    }
    if !q.q.trim().is_empty() {
        let w = q.q.trim();
        sel = sel.filter(
            out::Column::Title
                .contains(w)
                .or(out::Column::DocNumber.contains(w)),
        );
    }
    let found = sel.limit(2000).all(db.conn()).await?;
    let names: std::collections::HashMap<i64, String> = department::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut outp = Vec::new();
    for m in found {
        if !access::may_read(db, actor, &m).await? {
            continue;
        }
        let inst = service::instance(db.conn(), m.id).await?;
        let step = inst.as_ref().map(service::step_name).unwrap_or_default();
        let status = service::status_label(inst.as_ref(), &step);
        let wanted = q.status.trim();
        let matches = match wanted {
            "" => true,
            "办理中" => status.ends_with('中') || status == "退回修改",
            s => status == s,
        };
        if !matches {
            continue;
        }
        outp.push(Row {
            id: m.id,
            doc_number: m.doc_number.clone().unwrap_or_default(),
            title: m.title.clone(),
            kind: m.kind.clone(),
            direction: m.direction.clone(),
            department: m
                .department_id
                .and_then(|d| names.get(&d).cloned())
                .unwrap_or_default(),
            drafter: m.drafter_name.clone(),
            signer: m.signer_name.clone().unwrap_or_default(),
            numbered: m.numbered_at.map(format::datetime_cn).unwrap_or_default(),
            status,
            created: format::datetime_cn(m.created_at),
        });
        if outp.len() >= 500 {
            break;
        }
    }
    Ok(outp)
}

/// 发文登记簿 as .xlsx: the office's register.
pub async fn register_xlsx(db: &Db, actor: &Actor, q: &ListQuery) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    if !actor.can(Permission::DocumentsOffice) && !actor.can(Permission::DocumentsRegister) {
        return Err(AppError::Forbidden);
    }
    let rows = rows(db, actor, q).await?;
    let xl = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.into());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("发文登记簿").map_err(xl)?;
    let bold = Format::new().set_bold();
    let head = [
        "发文字号",
        "标题",
        "文种",
        "行文方向",
        "拟稿单位",
        "拟稿人",
        "签发人",
        "编号时间",
        "状态",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
        ws.set_column_width(c as u16, if c == 1 { 40 } else { 14 })
            .map_err(xl)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let cells = [
            &r.doc_number,
            &r.title,
            &r.kind,
            &r.direction,
            &r.department,
            &r.drafter,
            &r.signer,
            &r.numbered,
            &r.status,
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string((i + 1) as u32, c as u16, v.as_str())
                .map_err(xl)?;
        }
    }
    wb.save_to_buffer().map_err(xl)
}
