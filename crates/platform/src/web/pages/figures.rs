//! 年度统计: the year's figures beside the year before, the records behind each number, and
//! the Excel export.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::State,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    error::AppResult,
    figures::{self, FigureRecord, Period, YearFigure},
    web::{
        extract::{PageActor, PagePath, Query},
        shell::Shell,
        state::AppState,
    },
};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
    month: Option<u32>,
    #[serde(default)]
    page: u64,
}

impl YearQuery {
    fn year(&self) -> i32 {
        self.year.unwrap_or_else(figures::current_year)
    }
}

/// Figures of one group, in registry order.
pub struct Group {
    pub name: String,
    pub figures: Vec<YearFigure>,
}

#[derive(Template, WebTemplate)]
#[template(path = "figures.html")]
struct FiguresPage {
    shell: Shell,
    year: i32,
    groups: Vec<Group>,
    years: Vec<i32>,
}

pub async fn index(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<YearQuery>,
) -> AppResult<impl IntoResponse> {
    let year = q.year();
    let table = figures::year_table(&state.db, &actor, &state.figures, year).await?;
    let mut groups: Vec<Group> = Vec::new();
    for f in table {
        match groups.iter_mut().find(|g| g.name == f.group) {
            Some(g) => g.figures.push(f),
            None => groups.push(Group {
                name: f.group.clone(),
                figures: vec![f],
            }),
        }
    }
    let this = figures::current_year();
    Ok(FiguresPage {
        shell: Shell::new(&state, &actor, &session, "年度统计", "/figures").await,
        year,
        groups,
        years: (this - 5..=this).rev().collect(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "figure.html")]
struct FigurePage {
    shell: Shell,
    figure: YearFigure,
    period: String,
    month: Option<u32>,
    rows: Vec<FigureRecord>,
    total: i64,
    page: u64,
    more: bool,
}

pub async fn detail(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(key): PagePath<String>,
    Query(q): Query<YearQuery>,
) -> AppResult<impl IntoResponse> {
    let period = Period::new(q.year(), q.month)?;
    let figure = figures::count::one(&state.db, &actor, &state.figures, &key, period.year).await?;
    let (rows, total) =
        figures::records(&state.db, &actor, &state.figures, &key, period, q.page).await?;
    let more = (q.page + 1) * figures::records::PAGE < total as u64;
    Ok(FigurePage {
        shell: Shell::new(&state, &actor, &session, figure.name.as_str(), "/figures").await,
        period: period.label(),
        month: period.month,
        figure,
        rows,
        total,
        page: q.page,
        more,
    })
}

pub async fn export(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year();
    let table = figures::year_table(&state.db, &actor, &state.figures, year).await?;
    let bytes = figures::export_xlsx(year, &table)?;
    Ok(crate::web::download::xlsx(
        &format!("{year}年统计数据.xlsx"),
        bytes,
    ))
}

impl FigurePage {
    fn is_month(&self, index: &usize) -> bool {
        self.month == Some(*index as u32)
    }
}
