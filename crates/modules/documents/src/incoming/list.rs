//! The 收文 list with its filters, and the 收文登记簿 as Excel.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    response::{IntoResponse, Response},
};
use sea_orm::{FromQueryResult, Value};
use serde::Deserialize;
use tower_sessions::Session;

use sanban_platform::{
    AppError, AppResult, Db,
    auth::Actor,
    org::departments::{self, Department},
    web::{
        download,
        extract::{PageActor, Query},
        shell::Shell,
        state::AppState,
    },
};

use super::{
    access,
    model::{Channel, Incoming, KINDS, Row, SourceClass, Status},
    store,
};

/// At most this many rows are shown or exported at once.
const LIMIT: u64 = 500;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub source_class: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub q: String,
}

/// The records matching `f` that `actor` may see, newest first.
pub async fn search(db: &Db, actor: &Actor, f: &Filter) -> AppResult<Vec<Incoming>> {
    let mut sql = String::from("SELECT * FROM doc_incoming WHERE 1 = 1");
    let mut values: Vec<Value> = Vec::new();
    let mut add = |cond: &str, v: Value, values: &mut Vec<Value>| {
        values.push(v);
        sql.push_str(&cond.replace('?', &format!("${}", values.len())));
    };
    if !f.year.trim().is_empty() {
        let y: i32 = f
            .year
            .trim()
            .parse()
            .map_err(|_| AppError::bad("年份须为数字"))?;
        add(" AND year = ?", y.into(), &mut values);
    }
    if !f.source_class.is_empty() {
        let c =
            SourceClass::from_code(&f.source_class).ok_or_else(|| AppError::bad("来文类别无效"))?;
        add(" AND source_class = ?", c.code().into(), &mut values);
    }
    if !f.channel.is_empty() {
        let c = Channel::from_code(&f.channel).ok_or_else(|| AppError::bad("收文渠道无效"))?;
        add(" AND channel = ?", c.code().into(), &mut values);
    }
    if !f.kind.is_empty() {
        if !KINDS.contains(&f.kind.as_str()) {
            return Err(AppError::bad("文种无效"));
        }
        add(" AND kind = ?", f.kind.clone().into(), &mut values);
    }
    if !f.status.is_empty() {
        let s = Status::from_code(&f.status).ok_or_else(|| AppError::bad("状态无效"))?;
        add(" AND status = ?", s.code().into(), &mut values);
    }
    if !f.department.trim().is_empty() {
        let d: i64 = f
            .department
            .trim()
            .parse()
            .map_err(|_| AppError::bad("部门无效"))?;
        add(" AND host_department_id = ?", d.into(), &mut values);
    }
    let words = f.q.trim();
    if !words.is_empty() {
        let like = format!("%{}%", words.replace(['%', '_'], ""));
        add(" AND (title LIKE ? ", like.clone().into(), &mut values);
        add("OR source_unit LIKE ? ", like.clone().into(), &mut values);
        add("OR source_number LIKE ? ", like.clone().into(), &mut values);
        add("OR number LIKE ?)", like.into(), &mut values);
    }
    let visible = access::visible_sql(db, actor).await?;
    sql.push_str(&format!(" AND {visible} ORDER BY id DESC LIMIT {LIMIT}"));
    let rows = Row::find_by_statement(store::stmt(db.conn(), &sql, values))
        .all(db.conn())
        .await?;
    rows.into_iter().map(Incoming::try_from).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/incoming/list.html")]
struct ListPage {
    shell: Shell,
    f: Filter,
    rows: Vec<Incoming>,
    departments: Vec<Department>,
    channels: Vec<(&'static str, &'static str)>,
    sources: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    kinds: &'static [&'static str],
    params: String,
}

fn params(f: &Filter) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("year", &f.year)
        .append_pair("source_class", &f.source_class)
        .append_pair("channel", &f.channel)
        .append_pair("kind", &f.kind)
        .append_pair("department", &f.department)
        .append_pair("status", &f.status)
        .append_pair("q", &f.q)
        .finish()
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(f): Query<Filter>,
) -> AppResult<impl IntoResponse> {
    let rows = search(&state.db, &actor, &f).await?;
    Ok(ListPage {
        shell: Shell::new(&state, &actor, &session, "收文", "/documents/incoming").await,
        departments: departments::list(&state.db, &actor)
            .await
            .unwrap_or_default(),
        channels: Channel::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        sources: SourceClass::ALL
            .iter()
            .map(|c| (c.code(), c.label()))
            .collect(),
        statuses: Status::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        kinds: KINDS,
        params: params(&f),
        rows,
        f,
    })
}

/// 收文登记簿: one line per 收文, as the office keeps it on paper.
pub async fn export(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(f): Query<Filter>,
) -> AppResult<Response> {
    let rows = search(&state.db, &actor, &f).await?;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let xl = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.into());
    sheet.set_name("收文登记簿").map_err(xl)?;
    let heads = [
        "收文编号",
        "收文日期",
        "来文单位",
        "来文字号",
        "标题",
        "文种",
        "密级",
        "紧急程度",
        "份数",
        "收文渠道",
        "来文类别",
        "办理时限",
        "状态",
        "办理结果",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(xl)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            r.number.clone(),
            r.received_on.clone(),
            r.source_unit.clone(),
            r.source_number.clone(),
            r.title.clone(),
            r.kind.clone(),
            r.classification.clone(),
            r.urgency.clone(),
            r.copies.to_string(),
            r.channel.label().to_string(),
            r.source_class.label().to_string(),
            r.due_on.clone().unwrap_or_default(),
            r.status.label().to_string(),
            r.result.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(row, c as u16, v).map_err(xl)?;
        }
    }
    let bytes = book.save_to_buffer().map_err(xl)?;
    Ok(download::xlsx("收文登记簿.xlsx", bytes))
}
