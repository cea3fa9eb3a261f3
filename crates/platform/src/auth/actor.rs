//! Who is acting, and with which rights: every service call takes one.

use crate::error::{AppError, AppResult};

use super::{Permission, Role};

#[derive(Clone, Debug)]
pub struct Actor {
    /// `None` for the system itself (command line, demo loader).
    pub user_id: Option<i64>,
    pub username: String,
    pub name: String,
    pub department_id: Option<i64>,
    pub roles: Vec<Role>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
}

impl Actor {
    /// The command line and start-up tasks: all rights, recorded under the given name.
    pub fn system(name: &str) -> Self {
        Self {
            user_id: None,
            username: "system".into(),
            name: name.into(),
            department_id: None,
            roles: vec![Role::Admin],
            request_id: None,
            ip: None,
        }
    }

    pub fn can(&self, p: Permission) -> bool {
        self.roles.iter().any(|r| r.permissions().contains(&p))
    }

    pub fn require(&self, p: Permission) -> AppResult<()> {
        if self.can(p) {
            Ok(())
        } else {
            tracing::info!(user = %self.username, permission = ?p, "permission refused");
            Err(AppError::Forbidden)
        }
    }

    pub fn role_labels(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join("、")
    }
}
