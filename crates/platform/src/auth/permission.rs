//! Roles and what they permit. Checked in services through [`crate::auth::Actor::require`].

use serde::Serialize;

/// Something a person may be allowed to do.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See the organisation: departments, people, posts (the 通讯录).
    OrgView,
    /// Change departments, posts, people, 分管 and 代理; import and export people.
    OrgManage,
    /// Create accounts, assign roles, reset other people's passwords.
    AccountManage,
    /// Read the audit log and verify its chain.
    AuditView,
    /// See every record in circulation, press (催办) and terminate any of them.
    WorkflowOversee,
    /// See the year's figures (统计) and the records behind them.
    FiguresView,
    /// Configure 群机器人 and watch, retry outgoing notices (e-mail, robots).
    NotifyManage,
    /// 收文登记, 分发 and the 登记簿: the 收发员's desk.
    DocumentsRegister,
    /// The office's part of 办文: see every non-classified 收文 and 发文, 初审, 拟办, 审核,
    /// 编号, 代字 series, 刊物 and the 电话记录.
    DocumentsOffice,
    /// 密件: see and handle paper classified records (保密 handlers).
    ClassifiedHandle,
}

impl Permission {
    pub fn label(self) -> &'static str {
        match self {
            Self::OrgView => "查看组织机构",
            Self::OrgManage => "管理组织机构",
            Self::AccountManage => "管理账户与角色",
            Self::AuditView => "查看审计日志",
            Self::WorkflowOversee => "督办全部流转事项",
            Self::FiguresView => "查看统计数据",
            Self::NotifyManage => "管理消息推送",
            Self::DocumentsRegister => "收文登记与分发",
            Self::DocumentsOffice => "办文审核与管理",
            Self::ClassifiedHandle => "处理密件",
        }
    }
}

/// A role given to a person; a person may hold several.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员
    Admin,
    /// 安全审计员: reads the audit log and nothing else beyond the 通讯录.
    Auditor,
    /// 办公室主任
    OfficeDirector,
    /// 文秘（收发员）
    Clerk,
    /// 督查专员
    Supervisor,
    /// 档案员
    Archivist,
    /// 部门负责人
    DepartmentHead,
    /// 分管领导
    DeputyLeader,
    /// 主要领导
    ChiefLeader,
    /// 工作人员
    Staff,
    /// 保密员: registers and keeps paper 密件.
    SecrecyOfficer,
}

use Permission::*;

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Admin,
        Role::Auditor,
        Role::OfficeDirector,
        Role::Clerk,
        Role::Supervisor,
        Role::Archivist,
        Role::DepartmentHead,
        Role::DeputyLeader,
        Role::ChiefLeader,
        Role::Staff,
        Role::SecrecyOfficer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Auditor => "auditor",
            Self::OfficeDirector => "office_director",
            Self::Clerk => "clerk",
            Self::Supervisor => "supervisor",
            Self::Archivist => "archivist",
            Self::DepartmentHead => "department_head",
            Self::DeputyLeader => "deputy_leader",
            Self::ChiefLeader => "chief_leader",
            Self::Staff => "staff",
            Self::SecrecyOfficer => "secrecy_officer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "系统管理员",
            Self::Auditor => "安全审计员",
            Self::OfficeDirector => "办公室主任",
            Self::Clerk => "文秘（收发员）",
            Self::Supervisor => "督查专员",
            Self::Archivist => "档案员",
            Self::DepartmentHead => "部门负责人",
            Self::DeputyLeader => "分管领导",
            Self::ChiefLeader => "主要领导",
            Self::Staff => "工作人员",
            Self::SecrecyOfficer => "保密员",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Accepts the code or the Chinese label, as typed into a sheet.
    pub fn parse(text: &str) -> Option<Role> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code() == t || r.label() == t || r.label().starts_with(t) && !t.is_empty())
    }

    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Self::Admin => &[
                OrgView,
                OrgManage,
                AccountManage,
                AuditView,
                WorkflowOversee,
                NotifyManage,
            ],
            Self::Auditor => &[OrgView, AuditView],
            Self::OfficeDirector => &[
                OrgView,
                OrgManage,
                WorkflowOversee,
                FiguresView,
                DocumentsRegister,
                DocumentsOffice,
            ],
            Self::Clerk => &[OrgView, DocumentsRegister, DocumentsOffice],
            Self::SecrecyOfficer => &[OrgView, DocumentsRegister, ClassifiedHandle],
            Self::Supervisor => &[OrgView, WorkflowOversee, FiguresView],
            Self::DeputyLeader | Self::ChiefLeader => &[OrgView, FiguresView],
            Self::Archivist | Self::DepartmentHead | Self::Staff => &[OrgView],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_parse() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(Role::parse(r.label()), Some(r));
        }
        assert_eq!(Role::parse("文秘"), Some(Role::Clerk));
        assert_eq!(Role::parse("厨师"), None);
        assert_eq!(Role::parse(""), None);
    }

    #[test]
    fn only_admin_manages_accounts() {
        let holders: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| r.permissions().contains(&AccountManage))
            .collect();
        assert_eq!(holders, vec![Role::Admin]);
    }
}
