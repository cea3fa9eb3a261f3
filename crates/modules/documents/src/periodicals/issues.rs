//! An issue while it is put together: its articles, its 报/送/发 lines and its 分发 list.

use chrono::{Datelike, NaiveDate};
use sanban_platform::{
    AppError, AppResult, Db,
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{WriteTx, now_ms},
    web::format::{date_cn, today},
};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::{Deserialize, Serialize};

use super::{
    access,
    model::{Article, Issue, Recipient, Status},
    sql::{self, text},
    titles,
};

const ISSUE_SQL: &str = "SELECT i.id, i.periodical_id, i.year, i.number, i.total, i.status, i.return_reason, \
     i.report_to, i.send_to, i.distribute_to, i.issue_date, p.name AS periodical_name, p.unit \
     FROM doc_periodical_issues i JOIN doc_periodicals p ON p.id = i.periodical_id";

fn head(r: &QueryResult) -> AppResult<Issue> {
    let status = Status::parse(&r.try_get::<String>("", "status")?);
    let issue_date: Option<String> = r.try_get("", "issue_date")?;
    let issue_date_text = issue_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(date_cn)
        .unwrap_or_default();
    let mut issue = Issue {
        id: r.try_get("", "id")?,
        periodical_id: r.try_get("", "periodical_id")?,
        periodical_name: r.try_get("", "periodical_name")?,
        unit: r.try_get("", "unit")?,
        year: r.try_get("", "year")?,
        number: r.try_get("", "number")?,
        total: r.try_get("", "total")?,
        status,
        status_label: status.label(),
        return_reason: r.try_get("", "return_reason")?,
        report_to: r.try_get("", "report_to")?,
        send_to: r.try_get("", "send_to")?,
        distribute_to: r.try_get("", "distribute_to")?,
        issue_date,
        issue_date_text,
        label: String::new(),
        articles: Vec::new(),
        recipients: Vec::new(),
    };
    issue.label = match issue.number {
        Some(_) => format!("{} {}", issue.periodical_name, issue.number_text()),
        None => format!("{}（{}）", issue.periodical_name, status.label()),
    };
    Ok(issue)
}

/// The issue with its articles and list, whatever the reader may see: callers check first.
pub(crate) async fn load(conn: &impl ConnectionTrait, id: i64) -> AppResult<Issue> {
    let r = sql::one(
        conn,
        &format!("{ISSUE_SQL} WHERE i.id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| AppError::not_found("刊物期次"))?;
    let mut issue = head(&r)?;
    issue.articles = sql::all(
        conn,
        "SELECT id, position, title, author, department, body FROM doc_periodical_articles \
         WHERE issue_id = $1 ORDER BY position, id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Article {
            id: r.try_get("", "id")?,
            position: r.try_get("", "position")?,
            title: r.try_get("", "title")?,
            author: r.try_get("", "author")?,
            department: r.try_get("", "department")?,
            body: r.try_get("", "body")?,
        })
    })
    .collect::<AppResult<_>>()?;
    issue.recipients = sql::all(
        conn,
        "SELECT r.department_id, r.user_id, COALESCE(d.name, u.name) AS name \
         FROM doc_periodical_recipients r LEFT JOIN departments d ON d.id = r.department_id \
         LEFT JOIN users u ON u.id = r.user_id WHERE r.issue_id = $1 ORDER BY r.id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Recipient {
            department_id: r.try_get("", "department_id")?,
            user_id: r.try_get("", "user_id")?,
            name: r.try_get::<Option<String>>("", "name")?.unwrap_or_default(),
        })
    })
    .collect::<AppResult<_>>()?;
    Ok(issue)
}

/// One issue for a reader; 403 when it is not theirs to see.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Issue> {
    if !access::can_read(db, actor, id).await? {
        return Err(AppError::Forbidden);
    }
    load(db.conn(), id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IssueFilter {
    pub periodical: Option<i64>,
    pub year: Option<i32>,
}

/// The issues a person may see, newest first: every issue for the office, issued ones on
/// their list for anyone else.
pub async fn list(db: &Db, actor: &Actor, f: &IssueFilter) -> AppResult<Vec<Issue>> {
    let mut conds = Vec::new();
    let mut vals: Vec<sea_orm::Value> = Vec::new();
    if !actor.can(Permission::DocumentsOffice) {
        let Some(uid) = actor.user_id else {
            return Ok(Vec::new());
        };
        vals.push(uid.into());
        conds.push(format!(
            "i.status = 'issued' AND i.id IN (SELECT issue_id FROM doc_periodical_readers WHERE user_id = ${})",
            vals.len()
        ));
    }
    if let Some(p) = f.periodical {
        vals.push(p.into());
        conds.push(format!("i.periodical_id = ${}", vals.len()));
    }
    if let Some(y) = f.year {
        vals.push(y.into());
        conds.push(format!("i.year = ${}", vals.len()));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    sql::all(
        db.conn(),
        &format!("{ISSUE_SQL}{filter} ORDER BY i.year DESC, i.number IS NULL DESC, i.number DESC, i.id DESC LIMIT 500"),
        vals,
    )
    .await?
    .iter()
    .map(head)
    .collect()
}

fn require_editor(actor: &Actor) -> AppResult<()> {
    actor.require(Permission::DocumentsOffice)
}

/// Loads the issue inside the write and refuses changes once it has gone to review. The
/// conditional `UPDATE` comes first so that, on PostgreSQL, a 送审 running at the same time
/// waits for this change or this change sees the issue under review.
pub(crate) async fn editable(tx: &WriteTx, id: i64) -> AppResult<Issue> {
    let claimed = sql::exec(
        &**tx,
        "UPDATE doc_periodical_issues SET updated_at = $1 WHERE id = $2 AND status IN ('draft', 'returned')",
        vec![now_ms().into(), id.into()],
    )
    .await?;
    let issue = load(&**tx, id).await?;
    if claimed == 0 || !issue.status.editable() {
        return Err(AppError::Conflict(format!(
            "本期{}，不能再修改",
            issue.status.label()
        )));
    }
    Ok(issue)
}

/// Starts a new issue of a title; it takes no 期号 until it is issued.
pub async fn create(db: &Db, actor: &Actor, periodical_id: i64) -> AppResult<Issue> {
    require_editor(actor)?;
    let tx = db.begin_write().await?;
    let p = titles::get(&*tx, periodical_id).await?;
    let now = now_ms();
    let id = sql::insert(
        &*tx,
        "INSERT INTO doc_periodical_issues (periodical_id, year, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, 'draft', $3, $4, $5) RETURNING id",
        vec![
            p.id.into(),
            today().year().into(),
            actor.user_id.into(),
            now.into(),
            now.into(),
        ],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.periodical.issue.create",
            "doc_periodical_issue",
            id,
            format!("新建《{}》一期", p.name),
        ),
    )
    .await?;
    let issue = load(&*tx, id).await?;
    tx.commit().await?;
    Ok(issue)
}

/// The 报/送/发 lines and the 分发 list.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct HeadInput {
    #[serde(default)]
    pub report_to: String,
    #[serde(default)]
    pub send_to: String,
    #[serde(default)]
    pub distribute_to: String,
    #[serde(default)]
    pub department_ids: Vec<i64>,
    #[serde(default)]
    pub user_ids: Vec<i64>,
}

pub async fn save_head(db: &Db, actor: &Actor, id: i64, input: &HeadInput) -> AppResult<Issue> {
    require_editor(actor)?;
    let report_to = text("报", &input.report_to, 500, false)?;
    let send_to = text("送", &input.send_to, 500, false)?;
    let distribute_to = text("发", &input.distribute_to, 500, false)?;
    let tx = db.begin_write().await?;
    let before = editable(&tx, id).await?;
    let mut depts = input.department_ids.clone();
    depts.sort_unstable();
    depts.dedup();
    let mut users = input.user_ids.clone();
    users.sort_unstable();
    users.dedup();
    for d in &depts {
        if sql::one(
            &*tx,
            "SELECT id FROM departments WHERE id = $1",
            vec![(*d).into()],
        )
        .await?
        .is_none()
        {
            return Err(AppError::bad("分发范围中有不存在的部门"));
        }
    }
    for u in &users {
        if sql::one(
            &*tx,
            "SELECT id FROM users WHERE id = $1 AND active = $2",
            vec![(*u).into(), true.into()],
        )
        .await?
        .is_none()
        {
            return Err(AppError::bad("分发范围中有不存在或已停用的人员"));
        }
    }
    sql::exec(
        &*tx,
        "UPDATE doc_periodical_issues SET report_to = $1, send_to = $2, distribute_to = $3, updated_at = $4 WHERE id = $5",
        vec![
            report_to.into(),
            send_to.into(),
            distribute_to.into(),
            now_ms().into(),
            id.into(),
        ],
    )
    .await?;
    sql::exec(
        &*tx,
        "DELETE FROM doc_periodical_recipients WHERE issue_id = $1",
        vec![id.into()],
    )
    .await?;
    for d in &depts {
        sql::exec(
            &*tx,
            "INSERT INTO doc_periodical_recipients (issue_id, department_id) VALUES ($1, $2)",
            vec![id.into(), (*d).into()],
        )
        .await?;
    }
    for u in &users {
        sql::exec(
            &*tx,
            "INSERT INTO doc_periodical_recipients (issue_id, user_id) VALUES ($1, $2)",
            vec![id.into(), (*u).into()],
        )
        .await?;
    }
    let after = load(&*tx, id).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.periodical.issue.update",
            "doc_periodical_issue",
            id,
            format!("修改{}的报送发和分发范围", after.label),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ArticleInput {
    pub title: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub body: String,
    /// Order in the issue; after the last when empty.
    #[serde(default)]
    pub position: Option<i32>,
}

fn clean_article(a: &ArticleInput) -> AppResult<ArticleInput> {
    Ok(ArticleInput {
        title: text("文章标题", &a.title, 200, true)?,
        author: text("作者", &a.author, 100, false)?,
        department: text("部门", &a.department, 100, false)?,
        body: text("正文", &a.body, 50_000, true)?,
        position: a.position,
    })
}

/// Adds an article (None) or changes one; returns the issue.
pub async fn save_article(
    db: &Db,
    actor: &Actor,
    issue_id: i64,
    article_id: Option<i64>,
    input: &ArticleInput,
) -> AppResult<Issue> {
    require_editor(actor)?;
    let a = clean_article(input)?;
    let tx = db.begin_write().await?;
    let issue = editable(&tx, issue_id).await?;
    let position = a
        .position
        .unwrap_or_else(|| issue.articles.iter().map(|x| x.position).max().unwrap_or(0) + 1);
    let (aid, verb) = match article_id {
        None => (
            sql::insert(
                &*tx,
                "INSERT INTO doc_periodical_articles (issue_id, position, title, author, department, body) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                vec![
                    issue_id.into(),
                    position.into(),
                    a.title.clone().into(),
                    a.author.clone().into(),
                    a.department.clone().into(),
                    a.body.clone().into(),
                ],
            )
            .await?,
            "添加",
        ),
        Some(aid) => {
            let n = sql::exec(
                &*tx,
                "UPDATE doc_periodical_articles SET position = $1, title = $2, author = $3, department = $4, body = $5 \
                 WHERE id = $6 AND issue_id = $7",
                vec![
                    position.into(),
                    a.title.clone().into(),
                    a.author.clone().into(),
                    a.department.clone().into(),
                    a.body.clone().into(),
                    aid.into(),
                    issue_id.into(),
                ],
            )
            .await?;
            if n == 0 {
                return Err(AppError::not_found("文章"));
            }
            (aid, "修改")
        }
    };
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.periodical.article.save",
            "doc_periodical_article",
            aid,
            format!("{verb}{}的文章「{}」", issue.label, a.title),
        )
        .after(&a),
    )
    .await?;
    let after = load(&*tx, issue_id).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn delete_article(
    db: &Db,
    actor: &Actor,
    issue_id: i64,
    article_id: i64,
) -> AppResult<Issue> {
    require_editor(actor)?;
    let tx = db.begin_write().await?;
    let issue = editable(&tx, issue_id).await?;
    let a = issue
        .articles
        .iter()
        .find(|a| a.id == article_id)
        .ok_or_else(|| AppError::not_found("文章"))?;
    sql::exec(
        &*tx,
        "DELETE FROM doc_periodical_articles WHERE id = $1",
        vec![article_id.into()],
    )
    .await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "documents.periodical.article.delete",
            "doc_periodical_article",
            article_id,
            format!("删除{}的文章「{}」", issue.label, a.title),
        )
        .before(a),
    )
    .await?;
    let after = load(&*tx, issue_id).await?;
    tx.commit().await?;
    Ok(after)
}
