//! People as an Excel sheet: export, and import with a per-row error report. An import is all
//! or nothing: if any row is bad, nothing is written.

use std::{collections::HashMap, io::Cursor};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use rust_xlsxwriter::{Format, Workbook};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::{
    people::{self, CleanPerson, PeopleFilter},
    posts, validate,
};
use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{Db, now_ms},
    entity::{department, user},
    error::{AppError, AppResult},
};

pub const COLUMNS: [&str; 7] = ["登录名", "姓名", "部门", "职务", "电话", "电子邮箱", "角色"];

/// One problem in the sheet, located as a person would find it in Excel.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct RowError {
    /// As Excel numbers rows (the header is row 1).
    pub row: usize,
    pub column: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    pub posts_created: usize,
}

#[derive(Debug)]
pub enum ImportError {
    Rows(Vec<RowError>),
    App(AppError),
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<sea_orm::DbErr> for ImportError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::App(e.into())
    }
}

/// The whole directory with phone numbers leaves the system here, so only those who manage
/// the organisation may take it.
/// Departments as a sheet names them: the bare name where it is unique, otherwise
/// 「上级部门/部门」.
struct DepartmentNames {
    by_id: HashMap<i64, (Option<i64>, String)>,
}

impl DepartmentNames {
    async fn load(db: &Db) -> AppResult<Self> {
        let by_id = department::Entity::find()
            .all(db.conn())
            .await?
            .into_iter()
            .map(|d| (d.id, (d.parent_id, d.name)))
            .collect();
        Ok(Self { by_id })
    }

    fn named(&self, name: &str) -> Vec<i64> {
        self.by_id
            .iter()
            .filter(|(_, (_, n))| n == name)
            .map(|(id, _)| *id)
            .collect()
    }

    fn display(&self, id: i64) -> String {
        let Some((parent, name)) = self.by_id.get(&id) else {
            return String::new();
        };
        match parent.and_then(|p| self.by_id.get(&p)) {
            Some((_, parent_name)) if self.named(name).len() > 1 => format!("{parent_name}/{name}"),
            _ => name.clone(),
        }
    }

    fn resolve(&self, text: &str) -> AppResult<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::bad("部门不能为空"));
        }
        let (parent, name) = match text.rsplit_once('/') {
            Some((p, n)) => (Some(p.trim()), n.trim()),
            None => (None, text),
        };
        let mut hits = self.named(name);
        if let Some(p) = parent {
            hits.retain(|id| {
                self.by_id
                    .get(id)
                    .and_then(|(pid, _)| pid.and_then(|pid| self.by_id.get(&pid)))
                    .is_some_and(|(_, pn)| pn == p)
            });
        }
        match hits.as_slice() {
            [id] => Ok(*id),
            [] => Err(AppError::bad(format!(
                "没有名为「{text}」的部门，请先在组织机构中建立"
            ))),
            _ => Err(AppError::bad(format!(
                "有多个名为「{name}」的部门，请写成「上级部门/{name}」"
            ))),
        }
    }
}

pub async fn export(db: &Db, actor: &Actor) -> AppResult<Vec<u8>> {
    actor.require(Permission::OrgManage)?;
    let people = people::list(db, actor, &PeopleFilter::default()).await?;
    let dept_names = DepartmentNames::load(db).await?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let xl = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.into());
    ws.set_name("人员").map_err(xl)?;
    let bold = Format::new().set_bold();
    for (c, h) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
        ws.set_column_width(c as u16, if c == 6 { 30 } else { 16 })
            .map_err(xl)?;
    }
    for (i, p) in people.iter().enumerate() {
        let r = (i + 1) as u32;
        let cells = [
            p.username.clone(),
            p.name.clone(),
            p.department_id
                .map(|d| dept_names.display(d))
                .unwrap_or_default(),
            p.post.clone().unwrap_or_default(),
            p.phone.clone().unwrap_or_default(),
            p.email.clone().unwrap_or_default(),
            p.role_labels.join("、"),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v).map_err(xl)?;
        }
    }
    wb.save_to_buffer().map_err(xl)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        other => other.to_string().trim().to_string(),
    }
}

struct Row {
    line: usize,
    person: CleanPerson,
    post: Option<String>,
}

pub async fn import(db: &Db, actor: &Actor, bytes: &[u8]) -> Result<ImportOutcome, ImportError> {
    actor.require(Permission::OrgManage)?;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| AppError::bad("无法读取该文件：请上传 .xlsx 格式的 Excel 工作簿"))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| AppError::bad("工作簿中没有工作表"))?
        .map_err(|_| AppError::bad("无法读取第一个工作表"))?;
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(cell_text).collect())
        .unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = COLUMNS[..3]
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Rows(vec![RowError {
            row: 1,
            column: missing.join("、"),
            reason: format!(
                "表头缺少必填列「{}」；表头应为：{}",
                missing.join("、"),
                COLUMNS.join("、")
            ),
        }]));
    }

    let dept_names = DepartmentNames::load(db).await?;
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, r) in rows.enumerate() {
        let line = i + 2;
        let get = |name: &str| {
            col(name)
                .and_then(|c| r.get(c))
                .map(cell_text)
                .unwrap_or_default()
        };
        if COLUMNS.iter().all(|c| get(c).is_empty()) {
            continue;
        }
        let mut fail = |column: &str, e: AppError| {
            errors.push(RowError {
                row: line,
                column: column.into(),
                reason: e.to_string(),
            })
        };
        let username = validate::username(&get("登录名"))
            .map_err(|e| fail("登录名", e))
            .ok();
        if let Some(u) = &username
            && let Some(first) = seen.insert(u.clone(), line)
        {
            fail(
                "登录名",
                AppError::bad(format!("与第 {first} 行的登录名重复")),
            );
        }
        let name = validate::name("姓名", &get("姓名"), 30)
            .map_err(|e| fail("姓名", e))
            .ok();
        let dept_name = get("部门");
        let department_id = dept_names
            .resolve(&dept_name)
            .map_err(|e| fail("部门", e))
            .ok();
        let phone = validate::phone(&get("电话"))
            .map_err(|e| fail("电话", e))
            .ok();
        let email = validate::email(&get("电子邮箱"))
            .map_err(|e| fail("电子邮箱", e))
            .ok();
        let role_text = get("角色");
        let codes: Vec<String> = role_text
            .split(['、', ',', '，', ';', '；'])
            .map(str::to_string)
            .collect();
        let roles = people::parse_roles(&codes)
            .map_err(|e| fail("角色", e))
            .ok();
        let post = Some(get("职务")).filter(|p| !p.is_empty());
        if let (
            Some(username),
            Some(name),
            Some(department_id),
            Some(phone),
            Some(email),
            Some(roles),
        ) = (username, name, department_id, phone, email, roles)
        {
            parsed.push(Row {
                line,
                post,
                person: CleanPerson {
                    username,
                    name,
                    department_id: Some(department_id),
                    post_id: None,
                    phone,
                    email,
                    roles,
                    active: true,
                    sort_order: 0,
                },
            });
        }
    }
    if parsed.is_empty() && errors.is_empty() {
        return Err(ImportError::App(AppError::bad("表中没有人员数据")));
    }
    let assigns_roles = parsed.iter().any(|r| !r.person.roles.is_empty());
    if assigns_roles && !actor.can(Permission::AccountManage) && errors.is_empty() {
        errors.push(RowError {
            row: parsed
                .iter()
                .find(|r| !r.person.roles.is_empty())
                .map(|r| r.line)
                .unwrap_or(2),
            column: "角色".into(),
            reason: "您没有分配角色的权限，请清空角色列".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }

    let tx = db.begin_write().await?;
    let mut outcome = ImportOutcome {
        created: 0,
        updated: 0,
        posts_created: 0,
    };
    for mut row in parsed {
        if let Some(post_name) = &row.post {
            let post = match posts::by_name(&tx, post_name).await? {
                Some(p) => p.id,
                None => {
                    outcome.posts_created += 1;
                    posts::insert(&tx, actor, post_name, 100).await?.id
                }
            };
            row.person.post_id = Some(post);
        }
        let existing = user::Entity::find()
            .filter(user::Column::Username.eq(row.person.username.clone()))
            .one(&*tx)
            .await?;
        match existing {
            None => {
                people::insert(&tx, actor, &row.person, None, false).await?;
                outcome.created += 1;
            }
            Some(u) => {
                let id = u.id;
                let version = u.version;
                let mut am: user::ActiveModel = u.into();
                am.name = Set(row.person.name.clone());
                am.department_id = Set(row.person.department_id);
                am.post_id = Set(row.person.post_id);
                am.phone = Set(row.person.phone.clone());
                am.email = Set(row.person.email.clone());
                am.updated_at = Set(now_ms());
                am.version = Set(version + 1);
                am.update(&*tx).await?;
                if !row.person.roles.is_empty() {
                    people::set_roles(&tx, id, &row.person.roles).await?;
                }
                audit::record(
                    &tx,
                    actor,
                    Change::new(
                        "user.import_update",
                        "users",
                        id,
                        format!("从表格更新人员「{}」", row.person.name),
                    ),
                )
                .await?;
                outcome.updated += 1;
            }
        }
    }
    audit::record(
        &tx,
        actor,
        Change::new(
            "user.import",
            "users",
            "-",
            format!(
                "从表格导入人员：新增 {} 人，更新 {} 人",
                outcome.created, outcome.updated
            ),
        )
        .after(&outcome),
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}
