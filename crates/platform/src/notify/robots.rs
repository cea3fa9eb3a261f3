//! 群机器人 of departments: where a department's group chat (企业微信 or 钉钉) hears about
//! notices to its people. Kept in the database, so an office configures them on a page and
//! every node sees the same; secrets are never shown back.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Change},
    auth::{Actor, Permission},
    db::{Db, now_ms},
    entity::{department, notify_robot},
    error::{AppError, AppResult},
    org::validate,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RobotKind {
    /// 企业微信群机器人
    Wecom,
    /// 钉钉群自定义机器人
    Dingtalk,
}

impl RobotKind {
    pub const ALL: [Self; 2] = [Self::Wecom, Self::Dingtalk];

    pub fn code(self) -> &'static str {
        match self {
            Self::Wecom => "wecom",
            Self::Dingtalk => "dingtalk",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Wecom => "企业微信",
            Self::Dingtalk => "钉钉",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct RobotInput {
    pub department_id: i64,
    pub kind: RobotKind,
    /// Shown in lists, e.g. 「综合处工作群」; empty gives 「部门名 + 群机器人」.
    #[serde(default)]
    pub name: String,
    pub webhook_url: String,
    /// 钉钉 加签 secret (starts with SEC); empty when the robot does not sign.
    #[serde(default)]
    pub secret: String,
}

/// A change to a robot. Empty `webhook_url` or `secret` keeps the stored one.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct RobotUpdate {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub webhook_url: String,
    #[serde(default)]
    pub secret: String,
    /// Removes the 加签 secret.
    #[serde(default)]
    pub clear_secret: bool,
    pub enabled: bool,
}

/// A robot as shown: the address with its key masked, the secret only as 已设置.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Robot {
    pub id: i64,
    pub department_id: i64,
    pub department: String,
    pub kind: RobotKind,
    pub kind_label: &'static str,
    pub name: String,
    pub webhook_url_masked: String,
    pub has_secret: bool,
    pub enabled: bool,
}

/// Keeps scheme, host and path; every query value (the robot's key) shows its first four
/// characters only.
pub fn mask_url(url: &str) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url) else {
        return "（地址无效）".into();
    };
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let shown: String = v.chars().take(4).collect();
            (k.into_owned(), format!("{shown}****"))
        })
        .collect();
    if pairs.is_empty() {
        return parsed.to_string();
    }
    parsed.set_query(None);
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!("{parsed}?{query}")
}

fn to_view(m: notify_robot::Model, department: String) -> Robot {
    let kind = RobotKind::from_code(&m.kind).unwrap_or(RobotKind::Wecom);
    Robot {
        id: m.id,
        department_id: m.department_id,
        department,
        kind,
        kind_label: kind.label(),
        name: m.name,
        webhook_url_masked: mask_url(&m.webhook_url),
        has_secret: m.secret.as_deref().is_some_and(|s| !s.is_empty()),
        enabled: m.enabled,
    }
}

fn check_url(value: &str) -> AppResult<String> {
    let v = value.trim();
    let url = reqwest::Url::parse(v).map_err(|_| {
        AppError::bad("机器人地址（Webhook）应为 http:// 或 https:// 开头的完整网址")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() || v.len() > 1000 {
        return Err(AppError::bad(
            "机器人地址（Webhook）应为 http:// 或 https:// 开头的完整网址",
        ));
    }
    Ok(v.to_string())
}

fn check_secret(kind: RobotKind, value: &str) -> AppResult<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if kind == RobotKind::Wecom {
        return Err(AppError::bad("企业微信群机器人没有加签密钥，请留空"));
    }
    if v.len() > 200 || !v.chars().all(|c| c.is_ascii_graphic()) {
        return Err(AppError::bad(
            "加签密钥格式不正确（应为钉钉给出的 SEC 开头的字符串）",
        ));
    }
    Ok(Some(v.to_string()))
}

async fn department_names(db: &Db) -> AppResult<Vec<(i64, String)>> {
    Ok(department::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

fn name_of(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Robot>> {
    actor.require(Permission::NotifyManage)?;
    let names = department_names(db).await?;
    Ok(notify_robot::Entity::find()
        .order_by_asc(notify_robot::Column::DepartmentId)
        .order_by_asc(notify_robot::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|m| {
            let d = name_of(&names, m.department_id);
            to_view(m, d)
        })
        .collect())
}

pub async fn create(db: &Db, actor: &Actor, input: RobotInput) -> AppResult<Robot> {
    actor.require(Permission::NotifyManage)?;
    let dept = department::Entity::find_by_id(input.department_id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("部门"))?;
    let name = if input.name.trim().is_empty() {
        format!("{}群机器人", dept.name)
    } else {
        validate::name("机器人名称", &input.name, 40)?
    };
    let url = check_url(&input.webhook_url)?;
    let secret = check_secret(input.kind, &input.secret)?;
    let now = now_ms();
    let tx = db.begin_write().await?;
    let m = notify_robot::ActiveModel {
        id: NotSet,
        department_id: Set(dept.id),
        kind: Set(input.kind.code().into()),
        name: Set(name.clone()),
        webhook_url: Set(url),
        secret: Set(secret),
        enabled: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&*tx)
    .await?;
    let robot = to_view(m, dept.name.clone());
    audit::record(
        &tx,
        actor,
        Change::new(
            "notify.robot.create",
            "notify_robots",
            robot.id,
            format!(
                "为「{}」添加{}群机器人「{name}」",
                dept.name,
                input.kind.label()
            ),
        )
        .after(&robot),
    )
    .await?;
    tx.commit().await?;
    Ok(robot)
}

async fn find(db: &Db, id: i64) -> AppResult<notify_robot::Model> {
    notify_robot::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("群机器人"))
}

pub async fn update(db: &Db, actor: &Actor, id: i64, input: RobotUpdate) -> AppResult<Robot> {
    actor.require(Permission::NotifyManage)?;
    let before = find(db, id).await?;
    let kind = RobotKind::from_code(&before.kind).unwrap_or(RobotKind::Wecom);
    let names = department_names(db).await?;
    let dept = name_of(&names, before.department_id);
    let old = to_view(before.clone(), dept.clone());
    let mut am: notify_robot::ActiveModel = before.into();
    if !input.name.trim().is_empty() {
        am.name = Set(validate::name("机器人名称", &input.name, 40)?);
    }
    if !input.webhook_url.trim().is_empty() {
        am.webhook_url = Set(check_url(&input.webhook_url)?);
    }
    if input.clear_secret {
        am.secret = Set(None);
    } else if let Some(s) = check_secret(kind, &input.secret)? {
        am.secret = Set(Some(s));
    }
    am.enabled = Set(input.enabled);
    am.updated_at = Set(now_ms());
    let tx = db.begin_write().await?;
    let robot = to_view(am.update(&*tx).await?, dept);
    audit::record(
        &tx,
        actor,
        Change::new(
            "notify.robot.update",
            "notify_robots",
            id,
            format!("修改群机器人「{}」", robot.name),
        )
        .before(&old)
        .after(&robot),
    )
    .await?;
    tx.commit().await?;
    Ok(robot)
}

/// Removes a robot; its messages not yet sent are given up (shown as 失败 with the reason).
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::NotifyManage)?;
    let before = find(db, id).await?;
    let names = department_names(db).await?;
    let old = to_view(before.clone(), name_of(&names, before.department_id));
    let tx = db.begin_write().await?;
    notify_robot::Entity::delete_by_id(id).exec(&*tx).await?;
    audit::record(
        &tx,
        actor,
        Change::new(
            "notify.robot.delete",
            "notify_robots",
            id,
            format!("删除群机器人「{}」", old.name),
        )
        .before(&old),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The enabled robots and, when there are any, the department tree, read once for one notice
/// to many people.
pub(crate) struct Directory {
    robots: Vec<notify_robot::Model>,
    parents: std::collections::HashMap<i64, Option<i64>>,
}

impl Directory {
    pub(crate) async fn load(conn: &impl ConnectionTrait) -> AppResult<Self> {
        let robots = notify_robot::Entity::find()
            .filter(notify_robot::Column::Enabled.eq(true))
            .order_by_asc(notify_robot::Column::Id)
            .all(conn)
            .await?;
        // Most offices have no robot at all; then the tree is not needed.
        let parents = if robots.is_empty() {
            Default::default()
        } else {
            department::Entity::find()
                .all(conn)
                .await?
                .into_iter()
                .map(|d| (d.id, d.parent_id))
                .collect()
        };
        Ok(Self { robots, parents })
    }

    pub(crate) fn has_robots(&self) -> bool {
        !self.robots.is_empty()
    }

    /// The robots that hear about notices to a person of `department_id`: those of the nearest
    /// department up the tree that has any, so a robot of a 处 also covers its 科.
    pub(crate) fn for_department(&self, department_id: Option<i64>) -> Vec<notify_robot::Model> {
        let mut next = department_id;
        let mut steps = 0;
        while let Some(id) = next {
            let here: Vec<_> = self
                .robots
                .iter()
                .filter(|r| r.department_id == id)
                .cloned()
                .collect();
            if !here.is_empty() {
                return here;
            }
            steps += 1;
            if steps > 16 {
                break;
            }
            next = self.parents.get(&id).copied().flatten();
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_robot_key() {
        assert_eq!(
            mask_url("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6-7aoc-4bc4"),
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****"
        );
        assert_eq!(
            mask_url("https://oapi.dingtalk.com/robot/send?access_token=abcdef123"),
            "https://oapi.dingtalk.com/robot/send?access_token=abcd****"
        );
    }
}
