//! The log itself: entries are kept by the office and seen by nobody else, because a call
//! or fax often carries things said in confidence.

use chrono::{NaiveDate, NaiveDateTime};
use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Permission},
    db::now_ms,
    web::format::{datetime_cn, day_start_ms},
};
use sea_orm::{QueryResult, Value};
use serde::{Deserialize, Serialize};

use crate::periodicals::sql::{self, text};

/// 电话 or 传真.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = PhoneKind)]
pub enum Kind {
    Phone,
    Fax,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Fax => "fax",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Phone => "电话",
            Self::Fax => "传真",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "phone" | "电话" => Some(Self::Phone),
            "fax" | "传真" => Some(Self::Fax),
            _ => None,
        }
    }
}

/// What a person fills in for one call or fax.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct EntryInput {
    /// `phone` / `fax` (电话 / 传真 also accepted).
    pub kind: String,
    /// When it came, `2022-01-05T14:03` in China time.
    pub at: String,
    #[serde(default)]
    pub from_unit: String,
    #[serde(default)]
    pub from_person: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub to_whom: String,
    pub content: String,
    #[serde(default)]
    pub handling: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub kind: Kind,
    pub kind_label: &'static str,
    /// Epoch milliseconds, UTC.
    pub at: i64,
    pub at_text: String,
    /// For the edit form: `2022-01-05T14:03`.
    pub at_input: String,
    pub from_unit: String,
    pub from_person: String,
    pub number: String,
    pub to_whom: String,
    pub content: String,
    pub handling: String,
    pub recorded_by_name: String,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    pub year: Option<i32>,
    /// `phone` / `fax`; empty for both.
    #[serde(default)]
    pub kind: String,
    /// Words found in the unit, person, number, recipient, content or handling.
    #[serde(default)]
    pub q: String,
}

const CHINA_SECS: i32 = 8 * 3600;

fn parse_at(v: &str) -> AppResult<i64> {
    let v = v.trim();
    let t = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .map_err(|_| AppError::bad("时间格式不正确，应如 2022-01-05T14:03"))?;
    let offset = chrono::FixedOffset::east_opt(CHINA_SECS).expect("valid offset");
    t.and_local_timezone(offset)
        .single()
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| AppError::bad("时间不存在"))
}

fn at_input(ms: i64) -> String {
    let offset = chrono::FixedOffset::east_opt(CHINA_SECS).expect("valid offset");
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

struct Clean {
    kind: Kind,
    at: i64,
    fields: [String; 6],
}

fn clean(i: &EntryInput) -> AppResult<Clean> {
    let kind = Kind::parse(&i.kind).ok_or_else(|| AppError::bad("类别应为电话或传真"))?;
    let at = parse_at(&i.at)?;
    if at > now_ms() + 24 * 3600 * 1000 {
        return Err(AppError::bad("时间不能晚于今天"));
    }
    Ok(Clean {
        kind,
        at,
        fields: [
            text("来电（来文）单位", &i.from_unit, 200, false)?,
            text("来电（来文）人", &i.from_person, 100, false)?,
            text("电话（传真）号码", &i.number, 50, false)?,
            text("接收人", &i.to_whom, 200, false)?,
            text("内容", &i.content, 10_000, true)?,
            text("办理情况", &i.handling, 5_000, false)?,
        ],
    })
}

fn values(c: &Clean) -> Vec<Value> {
    let mut v: Vec<Value> = vec![c.kind.code().into(), c.at.into()];
    v.extend(c.fields.iter().map(|f| f.clone().into()));
    v
}

const COLUMNS: &str =
    "id, kind, at, from_unit, from_person, number, to_whom, content, handling, recorded_by_name";

fn row(r: &QueryResult) -> AppResult<Entry> {
    let kind = Kind::parse(&r.try_get::<String>("", "kind")?).unwrap_or(Kind::Phone);
    let at: i64 = r.try_get("", "at")?;
    Ok(Entry {
        id: r.try_get("", "id")?,
        kind,
        kind_label: kind.label(),
        at,
        at_text: datetime_cn(at),
        at_input: at_input(at),
        from_unit: r.try_get("", "from_unit")?,
        from_person: r.try_get("", "from_person")?,
        number: r.try_get("", "number")?,
        to_whom: r.try_get("", "to_whom")?,
        content: r.try_get("", "content")?,
        handling: r.try_get("", "handling")?,
        recorded_by_name: r.try_get("", "recorded_by_name")?,
    })
}

pub async fn create(db: &Db, actor: &Actor, input: &EntryInput) -> AppResult<Entry> {
    actor.require(Permission::DocumentsOffice)?;
    let c = clean(input)?;
    let tx = db.begin_write().await?;
    let mut v = values(&c);
    v.extend([
        actor.user_id.into(),
        actor.name.clone().into(),
        now_ms().into(),
        now_ms().into(),
    ]);
    let id = sql::insert(
        &*tx,
        "INSERT INTO doc_phone_logs (kind, at, from_unit, from_person, number, to_whom, content, handling, \
         recorded_by, recorded_by_name, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        v,
    )
    .await?;
    let entry = get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.phone.create",
            "doc_phone_log",
            id,
            format!("登记{}记录：{}", c.kind.label(), c.fields[0]),
        )
        .after(&entry),
    )
    .await?;
    tx.commit().await?;
    Ok(entry)
}

pub async fn update(db: &Db, actor: &Actor, id: i64, input: &EntryInput) -> AppResult<Entry> {
    actor.require(Permission::DocumentsOffice)?;
    let c = clean(input)?;
    let tx = db.begin_write().await?;
    let before = get_in(&*tx, id).await?;
    let mut v = values(&c);
    v.extend([now_ms().into(), id.into()]);
    sql::exec(
        &*tx,
        "UPDATE doc_phone_logs SET kind = $1, at = $2, from_unit = $3, from_person = $4, number = $5, \
         to_whom = $6, content = $7, handling = $8, updated_at = $9 WHERE id = $10",
        v,
    )
    .await?;
    let after = get_in(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.phone.update",
            "doc_phone_log",
            id,
            format!("修改{}记录：{}", c.kind.label(), c.fields[0]),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn get_in(conn: &impl sea_orm::ConnectionTrait, id: i64) -> AppResult<Entry> {
    let r = sql::one(
        conn,
        &format!("SELECT {COLUMNS} FROM doc_phone_logs WHERE id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("电话记录"))?;
    row(&r)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Entry> {
    actor.require(Permission::DocumentsOffice)?;
    get_in(db.conn(), id).await
}

/// Newest first.
pub async fn list(db: &Db, actor: &Actor, f: &Filter) -> AppResult<Vec<Entry>> {
    actor.require(Permission::DocumentsOffice)?;
    let mut conds = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    if let Some(y) = f.year {
        let from = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(|| AppError::bad("年份无效"))?;
        let to = NaiveDate::from_ymd_opt(y + 1, 1, 1).ok_or_else(|| AppError::bad("年份无效"))?;
        vals.push(day_start_ms(from).into());
        conds.push(format!("at >= ${}", vals.len()));
        vals.push(day_start_ms(to).into());
        conds.push(format!("at < ${}", vals.len()));
    }
    if !f.kind.trim().is_empty() {
        let k = Kind::parse(&f.kind).ok_or_else(|| AppError::bad("类别应为电话或传真"))?;
        vals.push(k.code().into());
        conds.push(format!("kind = ${}", vals.len()));
    }
    for word in f.q.split_whitespace().take(5) {
        let cols = [
            "from_unit",
            "from_person",
            "number",
            "to_whom",
            "content",
            "handling",
        ];
        let mut ors = Vec::new();
        for c in cols {
            vals.push(word.to_string().into());
            ors.push(format!("{c} LIKE '%' || ${} || '%'", vals.len()));
        }
        conds.push(format!("({})", ors.join(" OR ")));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    sql::all(
        db.conn(),
        &format!(
            "SELECT {COLUMNS} FROM doc_phone_logs{filter} ORDER BY at DESC, id DESC LIMIT 2000"
        ),
        vals,
    )
    .await?
    .iter()
    .map(row)
    .collect()
}

/// The 电话记录 and 传真 register as a workbook, with the filter of the page.
pub async fn export(db: &Db, actor: &Actor, f: &Filter) -> AppResult<Vec<u8>> {
    let rows = list(db, actor, f).await?;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let head = [
        "类别",
        "时间",
        "来电（来文）单位",
        "来电（来文）人",
        "号码",
        "接收人",
        "内容",
        "办理情况",
        "记录人",
    ];
    let xerr = |e: rust_xlsxwriter::XlsxError| AppError::Internal(anyhow::anyhow!(e));
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xerr)?;
    }
    for (i, e) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let cells = [
            e.kind_label,
            &e.at_text,
            &e.from_unit,
            &e.from_person,
            &e.number,
            &e.to_whom,
            &e.content,
            &e.handling,
            &e.recorded_by_name,
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, *v).map_err(xerr)?;
        }
    }
    ws.set_column_width(1, 20).map_err(xerr)?;
    ws.set_column_width(6, 50).map_err(xerr)?;
    wb.save_to_buffer().map_err(xerr)
}
