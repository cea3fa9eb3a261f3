//! Writes people and workflow records straight into the tables, in large transactions, with
//! the shapes a year of office work has: most records finished, a few stuck, leaders on
//! nearly every record, some records sent round for reading.

use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use sanban_platform::{db::Db, search};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseTransaction, Statement, TransactionTrait, Value,
};

use crate::{files, vocabulary::*};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// Rows per INSERT statement; well under both databases' limits on bound values.
const ROWS_PER_STATEMENT: usize = 300;
/// Records per transaction.
const ITEMS_PER_COMMIT: usize = 20_000;
/// Records planted at any size of database, spread over the three years: drafted by the member of
/// staff measured, and stuck waiting on the department head measured and on each 分管领导. Each
/// inbox folder measured is then a full page at 10k as at 1M (left to chance, the head had 9
/// records waiting at 10k and 562 at 1M), so the two sizes are compared on the same page.
const BACKLOG: usize = 40;
/// The department whose head is measured.
const MEASURED_DEPARTMENT: i64 = 3;

/// Who is who in the generated data, for the measurements.
pub struct Shape {
    pub items: usize,
    pub tasks: usize,
    /// The 分管领导 with the most tasks: the heaviest inbox.
    pub heavy: i64,
    /// A department head.
    pub head: i64,
    /// A member of staff who drafts now and then.
    pub light: i64,
    /// 办公室主任: sees every record, so search runs without a permission filter.
    pub director: i64,
}

pub(crate) struct Batch {
    table: &'static str,
    cols: &'static [&'static str],
    rows: Vec<Vec<Value>>,
    /// Flushed by the caller, in an order that keeps foreign keys satisfied.
    held: bool,
    /// Written newest first: SQLite's search index keys a record by its id negated (m0018), and
    /// FTS5 writes a new segment whenever a key is lower than the one before it in a transaction.
    newest_first: bool,
}

impl Batch {
    fn new(table: &'static str, cols: &'static [&'static str]) -> Self {
        Self {
            table,
            cols,
            rows: Vec::new(),
            held: false,
            newest_first: false,
        }
    }

    fn held(mut self) -> Self {
        self.held = true;
        self
    }

    fn newest_first(mut self) -> Self {
        self.held = true;
        self.newest_first = true;
        self
    }

    pub(crate) async fn push(
        &mut self,
        tx: &DatabaseTransaction,
        row: Vec<Value>,
    ) -> anyhow::Result<()> {
        assert_eq!(row.len(), self.cols.len(), "a row of {}", self.table);
        self.rows.push(row);
        if self.rows.len() >= ROWS_PER_STATEMENT && !self.held {
            self.flush(tx).await?;
        }
        Ok(())
    }

    fn full(&self) -> bool {
        self.rows.len() >= ROWS_PER_STATEMENT
    }

    async fn flush(&mut self, tx: &DatabaseTransaction) -> anyhow::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        if self.newest_first {
            self.rows.reverse();
        }
        let backend = tx.get_database_backend();
        let mut n = 0;
        let mut groups = Vec::with_capacity(self.rows.len());
        for _ in &self.rows {
            let marks: Vec<String> = self
                .cols
                .iter()
                .map(|_| {
                    n += 1;
                    match backend {
                        DatabaseBackend::Postgres => format!("${n}"),
                        _ => "?".to_string(),
                    }
                })
                .collect();
            groups.push(format!("({})", marks.join(",")));
        }
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            self.table,
            self.cols.join(","),
            groups.join(",")
        );
        let values: Vec<Value> = self.rows.drain(..).flatten().collect();
        tx.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        Ok(())
    }
}

fn now_ms() -> i64 {
    sanban_platform::db::now_ms()
}

pub async fn fill(db: &Db, people: usize, items: usize, seed: u64) -> anyhow::Result<Shape> {
    let mut rng = StdRng::seed_from_u64(seed);
    let conn = db.conn();
    let now = now_ms();
    let tx = conn.begin().await?;
    let mut depts = Batch::new(
        "departments",
        &["id", "name", "kind", "sort_order", "created_at"],
    );
    for (i, d) in DEPARTMENTS.iter().enumerate() {
        depts
            .push(
                &tx,
                vec![
                    (i as i64 + 1).into(),
                    (*d).into(),
                    "department".into(),
                    (i as i32).into(),
                    now.into(),
                ],
            )
            .await?;
    }
    depts.flush(&tx).await?;
    // Person 1 is the 主要领导, 2–7 the 分管领导, 8 the 办公室主任; then each department's head
    // and its staff in turn.
    let mut users = Batch::new(
        "users",
        &[
            "id",
            "username",
            "name",
            "department_id",
            "active",
            "password_hash",
            "created_at",
            "updated_at",
        ],
    );
    let mut roles = Batch::new("user_roles", &["user_id", "role"]);
    let mut dept_of = vec![0i64; people + 1];
    for id in 1..=people as i64 {
        let dept = if id <= 8 {
            1
        } else {
            (id - 9) % DEPARTMENTS.len() as i64 + 1
        };
        dept_of[id as usize] = dept;
        let name = format!(
            "{}{}",
            SURNAMES.choose(&mut rng).unwrap(),
            GIVEN.choose(&mut rng).unwrap()
        );
        users
            .push(
                &tx,
                vec![
                    id.into(),
                    format!("u{id}").into(),
                    name.into(),
                    dept.into(),
                    true.into(),
                    // An account, but not a hash any password matches: nobody signs in as these.
                    "!".into(),
                    now.into(),
                    now.into(),
                ],
            )
            .await?;
        let role = match id {
            1 => "chief_leader",
            2..=7 => "deputy_leader",
            8 => "office_director",
            _ if id <= 8 + DEPARTMENTS.len() as i64 => "department_head",
            _ => "staff",
        };
        roles.push(&tx, vec![id.into(), role.into()]).await?;
    }
    users.flush(&tx).await?;
    roles.flush(&tx).await?;
    tx.commit().await?;

    let deputy_of = |dept: i64| 2 + (dept % 6);
    let staff: Vec<i64> = ((9 + DEPARTMENTS.len() as i64)..=people as i64).collect();
    let light = light_of(people as i64);
    // How many of FEW_OF_STAFF and of each 分管领导's FEW_OF_DEPUTY are planted so far.
    let mut planted_staff = 0usize;
    let mut planted_deputy = [0usize; 6];
    // How many of each BACKLOG are planted so far: drafts of the staff member, records waiting on
    // the head, records waiting on each 分管领导.
    let mut drafted = 0usize;
    let mut waiting_on_head = 0usize;
    let mut waiting_on_deputy = [0usize; 6];
    let span = 3 * 365 * DAY;
    let mut task_id = 0i64;
    let mut att_id = 0i64;
    let modules = [
        ("documents.incoming", 45),
        ("documents.outgoing", 30),
        ("supervision", 15),
        ("meetings", 10),
    ];

    let mut done = 0;
    while done < items {
        let tx = conn.begin().await?;
        let mut inst = Batch::new(
            "workflow_instances",
            &[
                "id",
                "definition_key",
                "definition_version",
                "module",
                "record_id",
                "title",
                "department_id",
                "fields",
                "status",
                "current_step",
                "started_by",
                "started_at",
                "finished_at",
                "due_at",
                "urgent",
                "version",
            ],
        )
        .held();
        let mut tasks = Batch::new(
            "workflow_tasks",
            &[
                "id",
                "instance_id",
                "step_index",
                "step_name",
                "kind",
                "assignee_id",
                "status",
                "acted_by",
                "created_at",
                "acted_at",
                "due_at",
                "version",
            ],
        )
        .held();
        let mut docs = Batch::new(
            "search_docs",
            &[
                "id",
                "kind",
                "ref_id",
                "title",
                "body",
                "tokens",
                "readers",
                "updated_at",
            ],
        )
        .newest_first();
        let mut atts = Batch::new(
            "attachments",
            &[
                "id",
                "module",
                "record_id",
                "slot",
                "name",
                "current_version",
                "created_by",
                "created_at",
            ],
        )
        .held();
        let mut versions = Batch::new(
            "attachment_versions",
            &[
                "attachment_id",
                "number",
                "object_key",
                "file_name",
                "size",
                "sha256",
                "content_type",
                "uploaded_by",
                "uploaded_at",
            ],
        )
        .held();
        let end = (done + ITEMS_PER_COMMIT).min(items);
        for n in done..end {
            let id = n as i64 + 1;
            // Records arrive steadily over three years, in id order.
            let started = now - span + (span / items as i64) * n as i64 + rng.random_range(0..HOUR);
            // By record n, BACKLOG·(n+1)/items of each planting are due, as with FEW below.
            let backlog_due = ((n + 1) * BACKLOG).div_ceil(items);
            let mut drafter = staff[(staff.len() as f64 * rng.random::<f64>().powi(2)) as usize];
            if drafted < backlog_due {
                drafted += 1;
                drafter = light;
            }
            let dept = dept_of[drafter as usize];
            let deputy = deputy_of(dept);
            let mut chain = vec![("处室负责人审核", head_of(dept)), ("分管领导审批", deputy)];
            if rng.random_bool(0.3) {
                chain.push(("主要领导签发", 1));
            }
            let old = now - started > 30 * DAY;
            let r: f64 = rng.random();
            // The planted backlogs first. Otherwise older records are nearly all closed, and a few
            // stay open for good, as in any office.
            let waiting_deputy = &mut waiting_on_deputy[(deputy - 2) as usize];
            let (status, stop) = if dept == MEASURED_DEPARTMENT && waiting_on_head < backlog_due {
                waiting_on_head += 1;
                ("running", 0)
            } else if *waiting_deputy < backlog_due {
                *waiting_deputy += 1;
                ("running", 1)
            } else if old && r < 0.92 || !old && r < 0.5 {
                ("completed", chain.len())
            } else if old && r < 0.99 {
                ("terminated", rng.random_range(0..chain.len()))
            } else {
                ("running", rng.random_range(0..chain.len()))
            };
            let mut t = started;
            let mut opinions = Vec::new();
            let mut readers = vec![drafter];
            for (step, (name, who)) in chain.iter().enumerate() {
                if step > stop {
                    break;
                }
                task_id += 1;
                let created = t;
                let acted = created + rng.random_range(HOUR..48 * HOUR);
                let due: Option<i64> = rng.random_bool(0.6).then_some(created + 3 * DAY);
                let (st, by, at) = if step < stop {
                    opinions.push(*OPINIONS.choose(&mut rng).unwrap());
                    ("done", Some(*who), Some(acted))
                } else if status == "terminated" {
                    ("cancelled", None, Some(acted))
                } else if status == "running" {
                    ("pending", None, None)
                } else {
                    break;
                };
                readers.push(*who);
                tasks
                    .push(
                        &tx,
                        vec![
                            task_id.into(),
                            id.into(),
                            (step as i32).into(),
                            (*name).into(),
                            "approve".into(),
                            (*who).into(),
                            st.into(),
                            by.into(),
                            created.into(),
                            at.into(),
                            due.into(),
                            1i32.into(),
                        ],
                    )
                    .await?;
                t = acted;
            }
            if rng.random_bool(0.15) {
                for _ in 0..rng.random_range(1..=8) {
                    task_id += 1;
                    let reader = staff[rng.random_range(0..staff.len())];
                    let read = now - t > 7 * DAY || rng.random_bool(0.5);
                    let at = read.then(|| t + rng.random_range(HOUR..72 * HOUR));
                    readers.push(reader);
                    tasks
                        .push(
                            &tx,
                            vec![
                                task_id.into(),
                                id.into(),
                                0i32.into(),
                                "传阅".into(),
                                "read".into(),
                                reader.into(),
                                (if read { "done" } else { "pending" }).into(),
                                read.then_some(reader).into(),
                                t.into(),
                                at.into(),
                                Option::<i64>::None.into(),
                                1i32.into(),
                            ],
                        )
                        .await?;
                }
            }
            let mut title = format!(
                "关于{}{}年{}工作的{}",
                VERBS.choose(&mut rng).unwrap(),
                2024 + (n * 3 / items.max(1)),
                SUBJECTS.choose(&mut rng).unwrap(),
                KINDS.choose(&mut rng).unwrap()
            );
            if rng.random_bool(1.0 / 2000.0) {
                title.push_str(&format!("（涉及{RARE}）"));
            }
            // By record n, FEW·(n+1)/items of each planting are due. One that falls due on a
            // record the person takes no part in goes into their next, so the FEW spread over the
            // three years at any size.
            let due = ((n + 1) * FEW).div_ceil(items);
            for (planted, who, word) in [
                (&mut planted_staff, light, FEW_OF_STAFF),
                (
                    &mut planted_deputy[(deputy - 2) as usize],
                    deputy,
                    FEW_OF_DEPUTY,
                ),
            ] {
                if *planted < due && readers.contains(&who) {
                    *planted += 1;
                    title.push_str(&format!("（涉及{word}）"));
                }
            }
            let roll = rng.random_range(0..100);
            let mut acc = 0;
            let module = modules
                .iter()
                .find(|(_, w)| {
                    acc += w;
                    roll < acc
                })
                .map(|(m, _)| *m)
                .unwrap_or("documents.incoming");
            // 收文 and 发文 are flows of one module, `documents`, as the module records them.
            let module_key = module.split('.').next().unwrap_or(module);
            let finished = (status != "running").then_some(t);
            inst.push(
                &tx,
                vec![
                    id.into(),
                    "bench".into(),
                    1i32.into(),
                    module_key.into(),
                    id.to_string().into(),
                    title.clone().into(),
                    dept.into(),
                    "{}".into(),
                    status.into(),
                    (stop.min(chain.len() - 1) as i32).into(),
                    drafter.into(),
                    started.into(),
                    finished.into(),
                    Option::<i64>::None.into(),
                    rng.random_bool(0.1).into(),
                    1i32.into(),
                ],
            )
            .await?;
            if module.starts_with("documents.") {
                files::push(
                    &tx,
                    &mut rng,
                    &mut atts,
                    &mut versions,
                    &mut att_id,
                    files::Owner {
                        module: module_key,
                        record_id: id,
                        title: &title,
                        by: drafter,
                        at: started,
                        outgoing: module == "documents.outgoing",
                    },
                )
                .await?;
            }
            let body = opinions.join("\n");
            let tokens = format!("{} {}", search::segment(&title), search::segment(&body));
            docs.push(
                &tx,
                vec![
                    id.into(),
                    "workflow".into(),
                    id.into(),
                    title.into(),
                    body.into(),
                    tokens.into(),
                    search::readers_text(&readers).into(),
                    t.into(),
                ],
            )
            .await?;
            if inst.full() || tasks.full() || docs.full() || atts.full() || versions.full() {
                inst.flush(&tx).await?;
                tasks.flush(&tx).await?;
                docs.flush(&tx).await?;
                atts.flush(&tx).await?;
                versions.flush(&tx).await?;
            }
        }
        // Instances first: tasks and documents point at them; attachments before their versions.
        inst.flush(&tx).await?;
        tasks.flush(&tx).await?;
        docs.flush(&tx).await?;
        atts.flush(&tx).await?;
        versions.flush(&tx).await?;
        tx.commit().await?;
        done = end;
        eprintln!("  {done} / {items}");
    }
    eprintln!("  {att_id} attachments with their versions");
    if db.backend() == DatabaseBackend::Postgres {
        for (table, max) in [
            ("departments", DEPARTMENTS.len() as i64),
            ("users", people as i64),
            ("workflow_instances", items as i64),
            ("workflow_tasks", task_id),
            ("search_docs", items as i64),
            ("attachments", att_id),
        ] {
            conn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), {max})"
            ))
            .await?;
        }
        conn.execute_unprepared("ANALYZE").await?;
    } else {
        conn.execute_unprepared("ANALYZE").await?;
    }
    shape_of(db).await
}

/// Each department's head, in the order [`fill`] numbers people.
fn head_of(dept: i64) -> i64 {
    8 + dept
}

/// The member of staff measured: one who drafts now and then.
fn light_of(people: i64) -> i64 {
    let staff_from = 9 + DEPARTMENTS.len() as i64;
    staff_from + (people - staff_from + 1) / 20
}

/// Who is who in a database [`fill`] made, read back from it.
pub async fn shape_of(db: &Db) -> anyhow::Result<Shape> {
    let one = |sql: &'static str| async move {
        let row = db
            .conn()
            .query_one_raw(Statement::from_string(db.backend(), sql))
            .await?
            .ok_or_else(|| anyhow::anyhow!("no row from {sql}"))?;
        anyhow::Ok(row.try_get_by_index::<i64>(0)?)
    };
    let people = one("SELECT CAST(COUNT(*) AS BIGINT) FROM users").await?;
    Ok(Shape {
        items: one("SELECT CAST(COUNT(*) AS BIGINT) FROM workflow_instances").await? as usize,
        tasks: one("SELECT CAST(COUNT(*) AS BIGINT) FROM workflow_tasks").await? as usize,
        heavy: one(
            "SELECT assignee_id FROM workflow_tasks WHERE assignee_id BETWEEN 2 AND 7 \
             GROUP BY assignee_id ORDER BY COUNT(*) DESC, assignee_id LIMIT 1",
        )
        .await?,
        head: head_of(MEASURED_DEPARTMENT),
        light: light_of(people),
        director: 8,
    })
}
