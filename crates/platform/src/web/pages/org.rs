//! Organisation pages: the department tree with its people, and the forms that change them.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    auth::{Actor, Permission, Role, service as auth_service},
    error::{AppError, AppResult},
    org::{
        departments::{self, DepartmentInput, DepartmentKind, TreeRow},
        people::{self, PeopleFilter, Person, PersonInput},
        posts::{self, Post},
    },
    web::{
        extract::{Form, PageActor, PagePath, Query, opt_id},
        shell::{Shell, flash},
        state::AppState,
    },
};

/// Form fields as (name, value) pairs; repeated names (checkboxes) are kept.
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn parse(body: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

#[derive(Deserialize, Default)]
pub struct OrgQuery {
    dept: Option<i64>,
    #[serde(default)]
    q: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "org/index.html")]
struct OrgPage {
    shell: Shell,
    tree: Vec<TreeRow>,
    selected: Option<departments::Department>,
    people: Vec<Person>,
    q: String,
    can_manage: bool,
}

pub async fn index(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<OrgQuery>,
) -> AppResult<impl IntoResponse> {
    let tree = departments::tree(&state.db, &actor).await?;
    let selected = match q.dept {
        Some(id) => Some(departments::get(&state.db, &actor, id).await?),
        None => None,
    };
    let filter = PeopleFilter {
        department_id: q.dept,
        q: Some(q.q.clone()),
    };
    let people = people::list(&state.db, &actor, &filter).await?;
    Ok(OrgPage {
        shell: Shell::new(&state, &actor, &session, "组织机构", "/org").await,
        tree,
        selected,
        people,
        q: q.q,
        can_manage: actor.can(Permission::OrgManage),
    })
}

// ---- departments ----

#[derive(Template, WebTemplate)]
#[template(path = "org/department_form.html")]
struct DepartmentForm {
    shell: Shell,
    id: Option<i64>,
    name: String,
    parent_id: Option<i64>,
    kind: String,
    sort_order: i32,
    parents: Vec<TreeRow>,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

impl DepartmentForm {
    async fn new(
        state: &AppState,
        actor: &Actor,
        session: &Session,
        id: Option<i64>,
    ) -> AppResult<Self> {
        let title = if id.is_some() {
            "修改部门"
        } else {
            "新增部门"
        };
        Ok(Self {
            shell: Shell::new(state, actor, session, title, "/org").await,
            id,
            name: String::new(),
            parent_id: None,
            kind: DepartmentKind::Department.code().into(),
            sort_order: 0,
            parents: departments::tree(&state.db, actor)
                .await?
                .into_iter()
                .filter(|r| Some(r.department.id) != id)
                .collect(),
            kinds: DepartmentKind::ALL
                .iter()
                .map(|k| (k.code(), k.label()))
                .collect(),
            error: None,
        })
    }
}

#[derive(Deserialize)]
pub struct NewDepartmentQuery {
    parent: Option<i64>,
}

pub async fn department_new(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<NewDepartmentQuery>,
) -> AppResult<impl IntoResponse> {
    actor.require(Permission::OrgManage)?;
    let mut form = DepartmentForm::new(&state, &actor, &session, None).await?;
    form.parent_id = q.parent;
    Ok(form)
}

pub async fn department_edit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    actor.require(Permission::OrgManage)?;
    let d = departments::get(&state.db, &actor, id).await?;
    let mut form = DepartmentForm::new(&state, &actor, &session, Some(id)).await?;
    form.name = d.name;
    form.parent_id = d.parent_id;
    form.kind = d.kind.code().into();
    form.sort_order = d.sort_order;
    Ok(form)
}

#[derive(Deserialize)]
pub struct DepartmentFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    sort_order: String,
}

fn department_input(f: &DepartmentFields) -> AppResult<DepartmentInput> {
    Ok(DepartmentInput {
        name: f.name.clone(),
        parent_id: opt_id("上级部门", &f.parent_id)?,
        kind: DepartmentKind::from_code(&f.kind).ok_or_else(|| AppError::bad("请选择部门类别"))?,
        sort_order: if f.sort_order.trim().is_empty() {
            0
        } else {
            f.sort_order
                .trim()
                .parse()
                .map_err(|_| AppError::bad("排序号须为整数"))?
        },
    })
}

async fn save_department(
    state: AppState,
    session: Session,
    actor: Actor,
    id: Option<i64>,
    f: DepartmentFields,
) -> AppResult<Response> {
    let result = match department_input(&f) {
        Ok(input) => match id {
            Some(id) => departments::update(&state.db, &actor, id, input).await,
            None => departments::create(&state.db, &actor, input).await,
        },
        Err(e) => Err(e),
    };
    match result {
        Ok(d) => {
            flash(&session, format!("已保存部门「{}」", d.name)).await;
            Ok(Redirect::to(&format!("/org?dept={}", d.id)).into_response())
        }
        Err(e @ (AppError::BadRequest(_) | AppError::Conflict(_))) => {
            let mut form = DepartmentForm::new(&state, &actor, &session, id).await?;
            form.name = f.name;
            form.parent_id = opt_id("上级部门", &f.parent_id).ok().flatten();
            form.kind = f.kind;
            form.sort_order = f.sort_order.trim().parse().unwrap_or(0);
            let status = e.status();
            form.error = Some(e.to_string());
            Ok((status, form).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn department_create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(f): Form<DepartmentFields>,
) -> AppResult<Response> {
    save_department(state, session, actor, None, f).await
}

pub async fn department_update(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    Form(f): Form<DepartmentFields>,
) -> AppResult<Response> {
    save_department(state, session, actor, Some(id), f).await
}

pub async fn department_delete(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let d = departments::get(&state.db, &actor, id).await?;
    departments::delete(&state.db, &actor, id).await?;
    flash(&session, format!("已删除部门「{}」", d.name)).await;
    Ok(Redirect::to("/org").into_response())
}

// ---- people ----

#[derive(Template, WebTemplate)]
#[template(path = "org/person_form.html")]
struct PersonForm {
    shell: Shell,
    id: Option<i64>,
    p: PersonInput,
    has_account: bool,
    departments: Vec<TreeRow>,
    posts: Vec<Post>,
    roles: Vec<(&'static str, &'static str)>,
    can_accounts: bool,
    error: Option<String>,
}

impl PersonForm {
    async fn new(
        state: &AppState,
        actor: &Actor,
        session: &Session,
        id: Option<i64>,
        p: PersonInput,
    ) -> AppResult<Self> {
        let title = if id.is_some() {
            "人员信息"
        } else {
            "新增人员"
        };
        Ok(Self {
            shell: Shell::new(state, actor, session, title, "/org").await,
            id,
            p,
            has_account: false,
            departments: departments::tree(&state.db, actor).await?,
            posts: posts::list(&state.db, actor).await?,
            roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
            can_accounts: actor.can(Permission::AccountManage),
            error: None,
        })
    }
}

fn person_input(f: &Pairs) -> AppResult<PersonInput> {
    Ok(PersonInput {
        username: f.get("username"),
        name: f.get("name"),
        department_id: opt_id("部门", &f.get("department_id"))?,
        post_id: opt_id("职务", &f.get("post_id"))?,
        phone: f.get("phone"),
        email: f.get("email"),
        roles: f.all("roles"),
        active: f.get("active") == "on" || f.get("active") == "true",
        sort_order: f.get("sort_order").trim().parse().unwrap_or(0),
        create_account: f.get("create_account") == "on",
        version: f.get("version").trim().parse().ok(),
    })
}

#[derive(Deserialize)]
pub struct NewPersonQuery {
    dept: Option<i64>,
}

pub async fn person_new(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Query(q): Query<NewPersonQuery>,
) -> AppResult<impl IntoResponse> {
    actor.require(Permission::OrgManage)?;
    let input = PersonInput {
        department_id: q.dept,
        active: true,
        roles: vec![Role::Staff.code().into()],
        ..Default::default()
    };
    PersonForm::new(&state, &actor, &session, None, input).await
}

pub async fn person_edit(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<impl IntoResponse> {
    let person = people::get(&state.db, &actor, id).await?;
    let input = PersonInput {
        username: person.username,
        name: person.name,
        department_id: person.department_id,
        post_id: person.post_id,
        phone: person.phone.unwrap_or_default(),
        email: person.email.unwrap_or_default(),
        roles: person.roles,
        active: person.active,
        sort_order: person.sort_order,
        create_account: false,
        version: Some(person.version),
    };
    let mut form = PersonForm::new(&state, &actor, &session, Some(id), input).await?;
    form.has_account = person.has_account;
    Ok(form)
}

#[derive(Template, WebTemplate)]
#[template(path = "org/password_issued.html")]
struct PasswordIssued {
    shell: Shell,
    person: String,
    username: String,
    password: String,
}

async fn save_person(
    state: AppState,
    session: Session,
    actor: Actor,
    id: Option<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let pairs = Pairs::parse(&body);
    let input = person_input(&pairs);
    let result = match (&input, id) {
        (Err(e), _) => Err(AppError::bad(e.to_string())),
        (Ok(i), Some(id)) => people::update(&state.db, &actor, id, i.clone())
            .await
            .map(|p| (p, None)),
        (Ok(i), None) => people::create(&state.db, &actor, i.clone())
            .await
            .map(|c| (c.person, c.initial_password)),
    };
    match result {
        Ok((p, Some(pw))) => Ok(PasswordIssued {
            shell: Shell::new(&state, &actor, &session, "账户已开通", "/org").await,
            person: p.name,
            username: p.username,
            password: pw,
        }
        .into_response()),
        Ok((p, None)) => {
            flash(&session, format!("已保存「{}」的信息", p.name)).await;
            Ok(Redirect::to(&match p.department_id {
                Some(d) => format!("/org?dept={d}"),
                None => "/org".into(),
            })
            .into_response())
        }
        Err(e @ (AppError::BadRequest(_) | AppError::Conflict(_))) => {
            let mut form =
                PersonForm::new(&state, &actor, &session, id, input.unwrap_or_default()).await?;
            if let Some(id) = id {
                form.has_account = people::get(&state.db, &actor, id).await?.has_account;
            }
            let status = e.status();
            form.error = Some(e.to_string());
            Ok((status, form).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn person_create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: Bytes,
) -> AppResult<Response> {
    save_person(state, session, actor, None, body).await
}

pub async fn person_update(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
    body: Bytes,
) -> AppResult<Response> {
    save_person(state, session, actor, Some(id), body).await
}

pub async fn person_reset_password(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    PagePath(id): PagePath<i64>,
) -> AppResult<Response> {
    let pw = auth_service::set_password(&state.db, &actor, id, None).await?;
    let p = people::get(&state.db, &actor, id).await?;
    Ok(PasswordIssued {
        shell: Shell::new(&state, &actor, &session, "密码已重置", "/org").await,
        person: p.name,
        username: p.username,
        password: pw,
    }
    .into_response())
}

// ---- posts ----

#[derive(Template, WebTemplate)]
#[template(path = "org/posts.html")]
struct PostsPage {
    shell: Shell,
    posts: Vec<Post>,
    can_manage: bool,
}

pub async fn posts_page(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> AppResult<impl IntoResponse> {
    Ok(PostsPage {
        posts: posts::list(&state.db, &actor).await?,
        can_manage: actor.can(Permission::OrgManage),
        shell: Shell::new(&state, &actor, &session, "职务", "/org").await,
    })
}

#[derive(Deserialize)]
pub struct PostFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    rank: String,
}

pub async fn post_create(
    State(state): State<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    Form(f): Form<PostFields>,
) -> AppResult<Response> {
    let rank = if f.rank.trim().is_empty() {
        100
    } else {
        f.rank
            .trim()
            .parse()
            .map_err(|_| AppError::bad("排序号须为整数"))?
    };
    let p = posts::create(&state.db, &actor, posts::PostInput { name: f.name, rank }).await?;
    flash(&session, format!("已新增职务「{}」", p.name)).await;
    Ok(Redirect::to("/org/posts").into_response())
}

// ---- sheet ----

pub async fn export(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> AppResult<Response> {
    let bytes = crate::org::sheet::export(&state.db, &actor).await?;
    Ok(crate::web::download::xlsx("人员名单.xlsx", bytes))
}

impl OrgPage {
    fn is_selected(&self, id: &i64) -> bool {
        let id = *id;
        self.selected.as_ref().is_some_and(|s| s.id == id)
    }
}

impl DepartmentForm {
    fn is_parent(&self, id: &i64) -> bool {
        let id = *id;
        self.parent_id == Some(id)
    }
}

impl PersonForm {
    fn is_department(&self, id: &i64) -> bool {
        let id = *id;
        self.p.department_id == Some(id)
    }
    fn is_post(&self, id: &i64) -> bool {
        let id = *id;
        self.p.post_id == Some(id)
    }
    fn has_role(&self, code: &str) -> bool {
        self.p.roles.iter().any(|r| r == code)
    }
}
