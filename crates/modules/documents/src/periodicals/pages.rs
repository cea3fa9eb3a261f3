//! The 刊物 pages: titles and issues, the issue editor, and the issue as readers see it.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use sanban_platform::{
    AppError, AppResult,
    auth::{Actor, Permission},
    web::{
        extract::{Form, PageActor, PagePath, Query},
        shell::{Shell, flash},
        state::AppState,
    },
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    issues::{self, ArticleInput, HeadInput, IssueFilter},
    model::{Issue, Periodical, Status},
    pdf, review, sql,
    titles::{self, TitleInput},
};

fn issue_page(id: i64) -> String {
    format!("/documents/periodicals/issues/{id}")
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/periodicals/index.html")]
struct IndexPage {
    shell: Shell,
    titles: Vec<Periodical>,
    issues: Vec<Issue>,
    editor: bool,
    /// 0 when all titles are shown.
    periodical: i64,
    year: String,
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    periodical: String,
    #[serde(default)]
    year: String,
}

pub async fn index(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<IndexQuery>,
) -> AppResult<impl IntoResponse> {
    let f = IssueFilter {
        periodical: sanban_platform::web::extract::opt_id("刊物", &q.periodical)?,
        year: match q.year.trim() {
            "" => None,
            y => Some(y.parse().map_err(|_| AppError::bad("年份无效"))?),
        },
    };
    Ok(IndexPage {
        titles: titles::list(&state.db).await?,
        issues: issues::list(&state.db, &actor, &f).await?,
        editor: actor.can(Permission::DocumentsOffice),
        periodical: f.periodical.unwrap_or(0),
        year: q.year,
        shell: Shell::new(&state, &actor, &session, "刊物", "/documents/periodicals").await,
    })
}

pub async fn create_title(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(input): Form<TitleInput>,
) -> AppResult<Response> {
    let p = titles::create(&state.db, &actor, &input).await?;
    flash(&session, format!("已新增刊物《{}》", p.name)).await;
    Ok(Redirect::to("/documents/periodicals").into_response())
}

#[derive(Deserialize)]
pub struct NewIssue {
    periodical_id: i64,
}

pub async fn create_issue(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Form(f): Form<NewIssue>,
) -> AppResult<Response> {
    let i = issues::create(&state.db, &actor, f.periodical_id).await?;
    Ok(Redirect::to(&format!("{}/edit", issue_page(i.id))).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/periodicals/issue.html")]
struct IssuePage {
    shell: Shell,
    i: Issue,
    number_text: String,
    editor: bool,
    /// Neither issued nor abandoned: there is still something to do.
    open: bool,
    /// Under review or approved: may be sent back.
    returnable: bool,
    today: String,
}

pub async fn view(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let i = issues::get(&state.db, &actor, id).await?;
    Ok(IssuePage {
        number_text: i.number_text(),
        editor: actor.can(Permission::DocumentsOffice),
        open: !matches!(i.status, Status::Issued | Status::Abandoned),
        returnable: matches!(i.status, Status::Submitted | Status::Approved),
        today: sanban_platform::web::format::today()
            .format("%Y-%m-%d")
            .to_string(),
        shell: Shell::new(&state, &actor, &session, &i.label, "/documents/periodicals").await,
        i,
    })
}

pub struct Choice {
    pub id: i64,
    pub name: String,
    pub chosen: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/periodicals/edit.html")]
struct EditPage {
    shell: Shell,
    i: Issue,
    departments: Vec<Choice>,
    people: Vec<Choice>,
}

async fn choices(state: &AppState, i: &Issue) -> AppResult<(Vec<Choice>, Vec<Choice>)> {
    let conn = state.db.conn();
    let departments = sql::all(
        conn,
        "SELECT id, name FROM departments ORDER BY sort_order, id",
        vec![],
    )
    .await?
    .iter()
    .map(|r| {
        let id: i64 = r.try_get("", "id")?;
        Ok(Choice {
            id,
            name: r.try_get("", "name")?,
            chosen: i.recipients.iter().any(|x| x.department_id == Some(id)),
        })
    })
    .collect::<AppResult<_>>()?;
    let people = sql::all(
        conn,
        "SELECT id, name FROM users WHERE active = $1 AND password_hash IS NOT NULL ORDER BY sort_order, id",
        vec![true.into()],
    )
    .await?
    .iter()
    .map(|r| {
        let id: i64 = r.try_get("", "id")?;
        Ok(Choice {
            id,
            name: r.try_get("", "name")?,
            chosen: i.recipients.iter().any(|x| x.user_id == Some(id)),
        })
    })
    .collect::<AppResult<_>>()?;
    Ok((departments, people))
}

fn require_editor(actor: &Actor) -> AppResult<()> {
    actor.require(Permission::DocumentsOffice)
}

pub async fn edit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    require_editor(&actor)?;
    let i = issues::get(&state.db, &actor, id).await?;
    let (departments, people) = choices(&state, &i).await?;
    Ok(EditPage {
        departments,
        people,
        shell: Shell::new(
            &state,
            &actor,
            &session,
            "编辑刊物",
            "/documents/periodicals",
        )
        .await,
        i,
    })
}

/// Form fields as (name, value) pairs, keeping repeated checkboxes.
fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn ids(p: &[(String, String)], name: &str) -> AppResult<Vec<i64>> {
    p.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.parse().map_err(|_| AppError::bad("分发范围的取值无效")))
        .collect()
}

fn field(p: &[(String, String)], name: &str) -> String {
    p.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub async fn save_head(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let p = pairs(&body);
    let input = HeadInput {
        report_to: field(&p, "report_to"),
        send_to: field(&p, "send_to"),
        distribute_to: field(&p, "distribute_to"),
        department_ids: ids(&p, "department")?,
        user_ids: ids(&p, "user")?,
    };
    issues::save_head(&state.db, &actor, id, &input).await?;
    flash(&session, "已保存报送发和分发范围").await;
    Ok(Redirect::to(&format!("{}/edit", issue_page(id))).into_response())
}

#[derive(Deserialize)]
pub struct ArticleForm {
    title: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    position: String,
}

impl ArticleForm {
    fn input(self) -> AppResult<ArticleInput> {
        Ok(ArticleInput {
            title: self.title,
            author: self.author,
            department: self.department,
            body: self.body,
            position: match self.position.trim() {
                "" => None,
                p => Some(p.parse().map_err(|_| AppError::bad("顺序应为数字"))?),
            },
        })
    }
}

pub async fn add_article(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Form(f): Form<ArticleForm>,
) -> AppResult<Response> {
    issues::save_article(&state.db, &actor, id, None, &f.input()?).await?;
    flash(&session, "已添加文章").await;
    Ok(Redirect::to(&format!("{}/edit", issue_page(id))).into_response())
}

pub async fn update_article(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath((id, aid)): PagePath<(i64, i64)>,
    Form(f): Form<ArticleForm>,
) -> AppResult<Response> {
    issues::save_article(&state.db, &actor, id, Some(aid), &f.input()?).await?;
    flash(&session, "已保存文章").await;
    Ok(Redirect::to(&format!("{}/edit", issue_page(id))).into_response())
}

pub async fn delete_article(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath((id, aid)): PagePath<(i64, i64)>,
) -> AppResult<Response> {
    issues::delete_article(&state.db, &actor, id, aid).await?;
    flash(&session, "已删除文章").await;
    Ok(Redirect::to(&format!("{}/edit", issue_page(id))).into_response())
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    date: String,
}

pub async fn step(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath((id, action)): PagePath<(i64, String)>,
    Form(f): Form<StepForm>,
) -> AppResult<Response> {
    let db = &state.db;
    let (i, note) = match action.as_str() {
        "submit" => (review::submit(db, &actor, id).await?, "已送审"),
        "approve" => (review::approve(db, &actor, id).await?, "已审核通过"),
        "return" => (
            review::send_back(db, &actor, id, &f.reason).await?,
            "已退回",
        ),
        "abandon" => (review::abandon(db, &actor, id).await?, "已作废"),
        "issue" => {
            let date = match f.date.trim() {
                "" => None,
                d => Some(
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| AppError::bad("印发日期格式不正确"))?,
                ),
            };
            (review::issue(db, &actor, id, date).await?, "已印发")
        }
        _ => return Err(AppError::not_found("页面")),
    };
    flash(&session, format!("{}{note}", i.label)).await;
    Ok(Redirect::to(&issue_page(id)).into_response())
}

pub async fn pdf(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let (i, bytes) = pdf::render(&state.db, &actor, id).await?;
    let name = format!("{}.pdf", i.label);
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename=\"issue-{id}.pdf\"; filename*=UTF-8''{}",
                    encoded.replace('+', "%20")
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}
