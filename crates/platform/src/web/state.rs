use std::sync::Arc;

use crate::{
    attach::{AccessPolicy, Attachments},
    auth::{Permission, throttle::ThrottlePolicy},
    config::Config,
    db::Db,
};

/// What every handler can reach. Holds nothing a second node would need to share.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub nav: Arc<Vec<NavEntry>>,
    pub figures: Arc<crate::figures::Registry>,
    /// Attachment storage and the modules' access rules for it.
    pub attach: Arc<Attachments>,
    /// The business modules this binary was built with.
    pub modules: Arc<Vec<crate::Module>>,
}

impl AppState {
    /// A module's rule for who may read and write its records' attachments; call before
    /// serving.
    pub fn register_attachment_policy(&mut self, module: &str, policy: Arc<dyn AccessPolicy>) {
        Arc::make_mut(&mut self.attach).register(module, policy);
    }

    /// The page of a module's record, when the module has one.
    pub fn record_page(&self, module: &str, record_id: &str) -> Option<String> {
        self.modules
            .iter()
            .find(|m| m.key == module)
            .and_then(|m| m.record_page)
            .map(|page| page(record_id))
    }

    /// The module that turns 批示 and decisions into 督办 tasks, once there is one.
    pub fn task_sink(&self) -> Option<&dyn crate::handoff::TaskSink> {
        self.modules.iter().find_map(|m| m.task_sink.as_deref())
    }

    pub fn throttle(&self) -> ThrottlePolicy {
        ThrottlePolicy {
            max_failures: self.config.login_max_failures,
            lockout_ms: self.config.login_lockout_minutes * 60_000,
        }
    }
}

/// The duties the navigation is grouped by; a group shows only when it has an entry the
/// person may open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavGroup {
    /// 办文
    Documents,
    /// 办会
    Meetings,
    /// 督查督办
    Supervision,
    /// 办事
    Services,
    /// 统计
    Statistics,
    /// 系统
    System,
}

impl NavGroup {
    pub const ALL: [NavGroup; 6] = [
        Self::Documents,
        Self::Meetings,
        Self::Supervision,
        Self::Services,
        Self::Statistics,
        Self::System,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Documents => "办文",
            Self::Meetings => "办会",
            Self::Supervision => "督查督办",
            Self::Services => "办事",
            Self::Statistics => "统计",
            Self::System => "系统",
        }
    }
}

/// One link in the navigation, contributed by the platform or a module.
#[derive(Clone, Debug)]
pub struct NavEntry {
    pub group: NavGroup,
    pub label: &'static str,
    pub href: &'static str,
    pub permission: Option<Permission>,
}

/// The platform's own entries; modules append theirs when the binary assembles the app.
pub fn platform_nav() -> Vec<NavEntry> {
    vec![
        NavEntry {
            group: NavGroup::System,
            label: "组织机构",
            href: "/org",
            permission: Some(Permission::OrgView),
        },
        NavEntry {
            group: NavGroup::Statistics,
            label: "年度统计",
            href: "/figures",
            permission: Some(Permission::FiguresView),
        },
        NavEntry {
            group: NavGroup::System,
            label: "审计日志",
            href: "/audit",
            permission: Some(Permission::AuditView),
        },
        NavEntry {
            group: NavGroup::System,
            label: "外发消息",
            href: "/system/outbox",
            permission: Some(Permission::NotifyManage),
        },
        NavEntry {
            group: NavGroup::System,
            label: "群机器人",
            href: "/system/robots",
            permission: Some(Permission::NotifyManage),
        },
    ]
}
