//! Who may see and change an issue: the office edits and reads every issue; the people the
//! distribution list reached read it once it is out. Drafts stay with the office.

use sanban_platform::{
    AppResult, Db,
    auth::{Actor, Permission},
};

use super::sql;

pub async fn can_read(db: &Db, actor: &Actor, id: i64) -> AppResult<bool> {
    if actor.can(Permission::DocumentsOffice) {
        return Ok(true);
    }
    let Some(uid) = actor.user_id else {
        return Ok(false);
    };
    Ok(sql::one(
        db.conn(),
        "SELECT 1 AS x FROM doc_periodical_readers r JOIN doc_periodical_issues i ON i.id = r.issue_id \
         WHERE r.issue_id = $1 AND r.user_id = $2 AND i.status = 'issued'",
        vec![id.into(), uid.into()],
    )
    .await?
    .is_some())
}

pub async fn can_write(_db: &Db, actor: &Actor, _id: i64) -> AppResult<bool> {
    Ok(actor.can(Permission::DocumentsOffice))
}
