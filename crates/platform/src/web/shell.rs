//! What every signed-in page shares: the person, the navigation, the CSRF token, a flash note.

use tower_sessions::Session;

use super::{
    format,
    state::{AppState, NavGroup},
};
use crate::auth::{Actor, csrf};

const FLASH_KEY: &str = "flash";

pub struct NavLink {
    pub label: &'static str,
    pub href: &'static str,
    pub active: bool,
}

pub struct NavSection {
    pub label: &'static str,
    pub links: Vec<NavLink>,
}

pub struct Shell {
    pub title: String,
    pub user_name: String,
    pub role_labels: String,
    pub sections: Vec<NavSection>,
    pub csrf: String,
    pub flash: Option<String>,
    /// 待办 and unread 传阅, each counted up to the badge's cap.
    pub inbox: (u64, u64),
    /// Their sum as the badge in the top bar shows it; none when there is nothing.
    pub waiting: Option<String>,
    /// Unread notices, for the bell.
    pub unread_notices: Option<String>,
}

impl Shell {
    pub async fn new(
        state: &AppState,
        actor: &Actor,
        session: &Session,
        title: &str,
        path: &str,
    ) -> Self {
        let sections = NavGroup::ALL
            .into_iter()
            .map(|g| NavSection {
                label: g.label(),
                links: state
                    .nav
                    .iter()
                    .filter(|e| e.group == g && e.permission.is_none_or(|p| actor.can(p)))
                    .map(|e| NavLink {
                        label: e.label,
                        href: e.href,
                        active: path == e.href || path.starts_with(&format!("{}/", e.href)),
                    })
                    .collect(),
            })
            .filter(|s| !s.links.is_empty())
            .collect();
        // Removing a key marks the session changed even when the key is absent, which would
        // rewrite the session row on every page; so look first.
        let flash = match session.get::<String>(FLASH_KEY).await.ok().flatten() {
            Some(f) => {
                let _ = session.remove::<String>(FLASH_KEY).await;
                Some(f)
            }
            None => None,
        };
        let inbox = crate::workflow::inbox::counts(&state.db, actor)
            .await
            .unwrap_or((0, 0));
        let notices = crate::notify::unread(&state.db, actor).await.unwrap_or(0);
        Self {
            title: title.to_string(),
            user_name: actor.name.clone(),
            role_labels: actor.role_labels(),
            sections,
            csrf: csrf::token(session).await,
            flash,
            inbox,
            waiting: format::badge(inbox.0 + inbox.1),
            unread_notices: format::badge(notices),
        }
    }
}

/// A note shown once on the next page (after a redirect).
pub async fn flash(session: &Session, message: impl Into<String>) {
    let _ = session.insert(FLASH_KEY, message.into()).await;
}
