//! Hand-offs between modules: a leader's 批示 in 办文, or a meeting's decision, becomes a
//! 督办 task. The source module records the request here; the module that takes such tasks
//! (supervision) registers a [`TaskSink`] and receives it in the same transaction. Without a
//! sink the request waits here, shown on the source record, until one is installed.

use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde::Serialize;

use crate::{
    audit::{self, Change},
    auth::Actor,
    db::{WriteTx, now_ms},
    error::{AppError, AppResult},
};

/// What the source module asks to be followed up.
#[derive(Clone, Debug)]
pub struct HandoffRequest {
    pub source_module: String,
    pub source_record: String,
    /// The source record's title, e.g. the 收文's 标题.
    pub title: String,
    /// The 批示 or decision text to be carried out.
    pub instruction: String,
    /// The leader who gave it.
    pub leader_id: Option<i64>,
    pub due_at: Option<i64>,
    /// The department that must carry it out (主办 / 责任部门), when the source knows it.
    pub department_id: Option<i64>,
    /// The source record's page, e.g. `/documents/incoming/12`.
    pub source_url: Option<String>,
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct Handoff {
    pub id: i64,
    pub source_module: String,
    pub source_record: String,
    pub title: String,
    pub instruction: String,
    pub leader_id: Option<i64>,
    pub due_at: Option<i64>,
    pub requested_by: i64,
    pub requested_at: i64,
    /// The module and record that took it, once taken.
    pub taken_module: Option<String>,
    pub taken_record: Option<String>,
    pub taken_at: Option<i64>,
    pub department_id: Option<i64>,
    pub source_url: Option<String>,
}

/// A module that turns hand-offs into its own records (the supervision module's 督办 tasks).
#[async_trait::async_trait]
pub trait TaskSink: Send + Sync + 'static {
    /// The module key written as `taken_module`.
    fn module(&self) -> &'static str;
    /// Creates the task inside `tx` and returns its record id.
    async fn take(&self, tx: &WriteTx, actor: &Actor, handoff: &Handoff) -> AppResult<String>;
    /// Where the task it took (`record`, as returned by [`TaskSink::take`]) stands now, so
    /// that the source record (the 收文, the meeting) can show the state of each 批示 or
    /// decision without knowing the sink's tables. `None` when the record is gone.
    async fn status(
        &self,
        _conn: &sea_orm::DatabaseConnection,
        _record: &str,
    ) -> AppResult<Option<TaskStatus>> {
        Ok(None)
    }
}

/// The state of a taken task as the source module shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TaskStatus {
    /// In the sink's words, e.g. 办理中, 待审核, 已销号.
    pub label: String,
    /// Closed after review (销号): the loop is closed.
    pub closed: bool,
    /// Past its 完成时限 and not closed.
    pub overdue: bool,
    /// The task's page.
    pub url: String,
}

/// Named, not `*`: SQLite's prepared statements keep the column count they were prepared with,
/// and a table that gained columns by `ALTER TABLE` then reads past the row.
const COLUMNS: &str = "id, source_module, source_record, title, instruction, leader_id, due_at, \
     requested_by, requested_at, taken_module, taken_record, taken_at, department_id, source_url";

fn sql(conn: &impl ConnectionTrait, pg: &str) -> String {
    crate::db::for_backend(conn.get_database_backend(), pg)
}

/// Records the request and, when a sink is installed, has it taken at once.
pub async fn request(
    tx: &WriteTx,
    actor: &Actor,
    sink: Option<&dyn TaskSink>,
    req: HandoffRequest,
) -> AppResult<Handoff> {
    let uid = actor.user_id.ok_or(AppError::Forbidden)?;
    let instruction = req.instruction.trim();
    if instruction.is_empty() {
        return Err(AppError::bad("转督办须有批示或决定的内容"));
    }
    if instruction.chars().count() > 4000 {
        return Err(AppError::bad("批示内容过长（最多 4000 字）"));
    }
    let backend = tx.get_database_backend();
    let row = tx
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                &**tx,
                "INSERT INTO task_handoffs (source_module, source_record, title, instruction, \
                 leader_id, due_at, requested_by, requested_at, department_id, source_url) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            ),
            [
                req.source_module.clone().into(),
                req.source_record.clone().into(),
                req.title.clone().into(),
                instruction.into(),
                req.leader_id.into(),
                req.due_at.into(),
                uid.into(),
                now_ms().into(),
                req.department_id.into(),
                req.source_url.clone().into(),
            ],
        ))
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("insert returned no id")))?;
    let id: i64 = row.try_get_by_index(0)?;
    let mut handoff = get(&**tx, id).await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "handoff.request",
            "task_handoffs",
            id,
            format!("将「{}」的批示转督办", handoff.title),
        ),
    )
    .await?;
    if let Some(sink) = sink {
        let taken = sink.take(tx, actor, &handoff).await?;
        let at = now_ms();
        tx.execute_raw(Statement::from_sql_and_values(
            backend,
            sql(
                &**tx,
                "UPDATE task_handoffs SET taken_module = $1, taken_record = $2, taken_at = $3 \
                 WHERE id = $4",
            ),
            [
                sink.module().into(),
                taken.clone().into(),
                at.into(),
                id.into(),
            ],
        ))
        .await?;
        handoff.taken_module = Some(sink.module().to_string());
        handoff.taken_record = Some(taken);
        handoff.taken_at = Some(at);
    }
    Ok(handoff)
}

async fn get(conn: &impl ConnectionTrait, id: i64) -> AppResult<Handoff> {
    Handoff::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        sql(
            conn,
            &format!("SELECT {COLUMNS} FROM task_handoffs WHERE id = $1"),
        ),
        [id.into()],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| AppError::not_found("转督办记录"))
}

/// The hand-offs a record has made, oldest first.
pub async fn of_record(
    conn: &impl ConnectionTrait,
    module: &str,
    record: &str,
) -> AppResult<Vec<Handoff>> {
    Ok(Handoff::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        sql(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM task_handoffs WHERE source_module = $1 \
                 AND source_record = $2 ORDER BY id"
            ),
        ),
        [module.into(), record.into()],
    ))
    .all(conn)
    .await?)
}

/// The hand-offs a record has made, each with the current state of the task that took it.
pub async fn of_record_with_status(
    conn: &sea_orm::DatabaseConnection,
    sink: Option<&dyn TaskSink>,
    module: &str,
    record: &str,
) -> AppResult<Vec<(Handoff, Option<TaskStatus>)>> {
    let mut out = Vec::new();
    for h in of_record(conn, module, record).await? {
        let status = match (sink, h.taken_module.as_deref(), h.taken_record.as_deref()) {
            (Some(sink), Some(m), Some(r)) if m == sink.module() => sink.status(conn, r).await?,
            _ => None,
        };
        out.push((h, status));
    }
    Ok(out)
}
