//! First start: the `admin` account, and — unless turned off — a demo 省厅 to explore.

use sea_orm::{EntityTrait, PaginatorTrait};
use serde::Serialize;

use super::{
    departments::{self, DepartmentInput, DepartmentKind},
    leadership,
    people::{self, CleanPerson},
    posts,
};
use crate::{
    auth::{Actor, Role, password},
    db::Db,
    entity::user,
    error::AppResult,
};

/// A sign-in printed once on the console.
#[derive(Debug, Clone, Serialize)]
pub struct Credential {
    pub username: String,
    pub name: String,
    pub roles: String,
    pub password: String,
}

const POSTS: &[(&str, i32)] = &[
    ("厅长", 1),
    ("副厅长", 2),
    ("主任", 10),
    ("处长", 10),
    ("副主任", 11),
    ("副处长", 11),
    ("一级主任科员", 20),
    ("督查专员", 21),
    ("档案员", 22),
    ("文秘", 23),
    ("收发员", 24),
    ("科员", 30),
    ("驾驶员", 40),
    ("系统管理员", 50),
];

/// (name, kind, sort order)
const DEPARTMENTS: &[(&str, DepartmentKind, i32)] = &[
    ("厅领导", DepartmentKind::Leadership, 1),
    ("办公室", DepartmentKind::Office, 2),
    ("政策法规处", DepartmentKind::Department, 3),
    ("综合规划处", DepartmentKind::Department, 4),
    ("财务审计处", DepartmentKind::Department, 5),
    ("人事处", DepartmentKind::Department, 6),
    ("科技教育处", DepartmentKind::Department, 7),
    ("建设管理处", DepartmentKind::Department, 8),
    ("安全监督处", DepartmentKind::Department, 9),
    ("机关党委", DepartmentKind::Department, 10),
    ("厅信息中心", DepartmentKind::Unit, 11),
];

/// (username, name, department, post, roles)
const PEOPLE: &[(&str, &str, &str, &str, &[Role])] = &[
    (
        "chenjianguo",
        "陈建国",
        "厅领导",
        "厅长",
        &[Role::ChiefLeader],
    ),
    (
        "liminghua",
        "李明华",
        "厅领导",
        "副厅长",
        &[Role::DeputyLeader],
    ),
    (
        "wangzhiqiang",
        "王志强",
        "厅领导",
        "副厅长",
        &[Role::DeputyLeader],
    ),
    (
        "liuxiaoyan",
        "刘晓燕",
        "厅领导",
        "副厅长",
        &[Role::DeputyLeader],
    ),
    (
        "zhangwei",
        "张伟",
        "办公室",
        "主任",
        &[Role::OfficeDirector, Role::DepartmentHead],
    ),
    (
        "zhaoli",
        "赵丽",
        "办公室",
        "副主任",
        &[Role::OfficeDirector],
    ),
    ("sunting", "孙婷", "办公室", "文秘", &[Role::Clerk]),
    ("zhoulei", "周磊", "办公室", "收发员", &[Role::Clerk]),
    ("wumin", "吴敏", "办公室", "督查专员", &[Role::Supervisor]),
    ("zhengjie", "郑洁", "办公室", "档案员", &[Role::Archivist]),
    ("fengqiang", "冯强", "办公室", "驾驶员", &[Role::Staff]),
    ("hejing", "何静", "办公室", "科员", &[Role::Staff]),
    (
        "shenyun",
        "沈芸",
        "办公室",
        "一级主任科员",
        &[Role::Auditor],
    ),
    (
        "majun",
        "马骏",
        "政策法规处",
        "处长",
        &[Role::DepartmentHead],
    ),
    ("gaoyuan", "高远", "政策法规处", "副处长", &[Role::Staff]),
    ("linfang", "林芳", "政策法规处", "科员", &[Role::Staff]),
    (
        "luohao",
        "罗浩",
        "综合规划处",
        "处长",
        &[Role::DepartmentHead],
    ),
    (
        "liangshuang",
        "梁爽",
        "综合规划处",
        "一级主任科员",
        &[Role::Staff],
    ),
    ("songjie", "宋杰", "综合规划处", "科员", &[Role::Staff]),
    (
        "xieping",
        "谢萍",
        "财务审计处",
        "处长",
        &[Role::DepartmentHead],
    ),
    ("hanxue", "韩雪", "财务审计处", "副处长", &[Role::Staff]),
    ("tangkai", "唐凯", "财务审计处", "科员", &[Role::Staff]),
    (
        "dengyong",
        "邓勇",
        "人事处",
        "处长",
        &[Role::DepartmentHead],
    ),
    ("xuqian", "许倩", "人事处", "科员", &[Role::Staff]),
    ("caobin", "曹斌", "人事处", "科员", &[Role::Staff]),
    (
        "pengtao",
        "彭涛",
        "科技教育处",
        "处长",
        &[Role::DepartmentHead],
    ),
    (
        "zenglin",
        "曾琳",
        "科技教育处",
        "一级主任科员",
        &[Role::Staff],
    ),
    ("xiaoyu", "萧宇", "科技教育处", "科员", &[Role::Staff]),
    (
        "tianye",
        "田野",
        "建设管理处",
        "处长",
        &[Role::DepartmentHead],
    ),
    ("dongliang", "董亮", "建设管理处", "副处长", &[Role::Staff]),
    ("yuanmei", "袁梅", "建设管理处", "科员", &[Role::Staff]),
    (
        "panwen",
        "潘文",
        "安全监督处",
        "处长",
        &[Role::DepartmentHead],
    ),
    ("jiangnan", "蒋楠", "安全监督处", "科员", &[Role::Staff]),
    ("caiyu", "蔡钰", "安全监督处", "科员", &[Role::Staff]),
    (
        "duhong",
        "杜红",
        "机关党委",
        "处长",
        &[Role::DepartmentHead],
    ),
    ("yehui", "叶辉", "机关党委", "科员", &[Role::Staff]),
    (
        "chengxin",
        "程鑫",
        "厅信息中心",
        "处长",
        &[Role::DepartmentHead],
    ),
    ("weidong", "魏东", "厅信息中心", "科员", &[Role::Staff]),
    ("lushan", "陆珊", "厅信息中心", "科员", &[Role::Staff]),
];

/// (leader username, departments in charge)
const IN_CHARGE: &[(&str, &[&str])] = &[
    ("liminghua", &["办公室", "人事处", "机关党委"]),
    ("wangzhiqiang", &["综合规划处", "建设管理处", "安全监督处"]),
    (
        "liuxiaoyan",
        &["政策法规处", "财务审计处", "科技教育处", "厅信息中心"],
    ),
];

/// On an empty database: creates `admin` and, with `demo`, the demo organisation. Returns the
/// sign-ins to print, or nothing when the database already had people.
pub async fn bootstrap(db: &Db, demo: bool) -> AppResult<Option<Vec<Credential>>> {
    if user::Entity::find().count(db.conn()).await? > 0 {
        return Ok(None);
    }
    let system = Actor::system("系统初始化");
    let mut creds = vec![
        add(
            db,
            &system,
            "admin",
            "系统管理员",
            None,
            None,
            &[Role::Admin],
        )
        .await?
        .1,
    ];
    if demo {
        creds.extend(load_demo(db, &system).await?);
    }
    Ok(Some(creds))
}

async fn add(
    db: &Db,
    actor: &Actor,
    username: &str,
    name: &str,
    department_id: Option<i64>,
    post_id: Option<i64>,
    roles: &[Role],
) -> AppResult<(i64, Credential)> {
    let pw = password::generate();
    let hash = password::hash(&pw).await?;
    let person = CleanPerson {
        username: username.into(),
        name: name.into(),
        department_id,
        post_id,
        phone: None,
        email: None,
        roles: roles.to_vec(),
        active: true,
        sort_order: 0,
    };
    let tx = db.begin_write().await?;
    // Bootstrap passwords are random and shown only to the operator, so no forced change.
    let id = people::insert(&tx, actor, &person, Some(hash), false)
        .await?
        .id;
    tx.commit().await?;
    Ok((
        id,
        Credential {
            username: username.into(),
            name: name.into(),
            roles: roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、"),
            password: pw,
        },
    ))
}

async fn load_demo(db: &Db, actor: &Actor) -> AppResult<Vec<Credential>> {
    let mut post_ids = std::collections::HashMap::new();
    for (name, rank) in POSTS {
        let p = posts::create(
            db,
            actor,
            posts::PostInput {
                name: (*name).into(),
                rank: *rank,
            },
        )
        .await?;
        post_ids.insert(*name, p.id);
    }
    let mut dept_ids = std::collections::HashMap::new();
    for (name, kind, order) in DEPARTMENTS {
        let d = departments::create(
            db,
            actor,
            DepartmentInput {
                name: (*name).into(),
                parent_id: None,
                kind: *kind,
                sort_order: *order,
            },
        )
        .await?;
        dept_ids.insert(*name, d.id);
    }
    let mut creds = Vec::new();
    let mut user_ids = std::collections::HashMap::new();
    for (username, name, dept, post, roles) in PEOPLE {
        let (id, mut c) = add(
            db,
            actor,
            username,
            name,
            dept_ids.get(dept).copied(),
            post_ids.get(post).copied(),
            roles,
        )
        .await?;
        c.roles = format!("{dept}·{post}（{}）", c.roles);
        user_ids.insert(*username, id);
        creds.push(c);
    }
    for (leader, depts) in IN_CHARGE {
        if let Some(lid) = user_ids.get(leader) {
            let ids: Vec<i64> = depts
                .iter()
                .filter_map(|d| dept_ids.get(d).copied())
                .collect();
            leadership::set(db, actor, *lid, &ids).await?;
        }
    }
    Ok(creds)
}
