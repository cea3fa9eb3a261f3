//! A new demo installation gets the office's 代字 series, so a 发文 can be numbered at once,
//! and a few 收文 and 发文 stopped at different steps, so that from the first sign-in the
//! office, the leaders and the departments each find something in 待办 and 传阅, and 查找 and
//! the 统计 page have records to show. Every record is made through the module's own
//! services by the person who would make it, so its 处理过程 and audit trail are real.

mod incoming;
mod outgoing;
mod people;

use sanban_platform::{
    AppResult, Db,
    auth::{Actor, Role},
};

use crate::outgoing::service::create_series;

/// (代字, 发文机关)
const SERIES: &[(&str, &str)] = &[
    ("示范厅发", "示范省示范厅"),
    ("示范厅办", "示范省示范厅办公室"),
    ("示范厅函", "示范省示范厅"),
];

pub fn load(db: Db) -> std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<()>> + Send>> {
    Box::pin(async move {
        let mut office = Actor::system("演示数据");
        office.roles.push(Role::OfficeDirector);
        for (code, issuer) in SERIES {
            create_series(&db, &office, code, issuer).await?;
        }
        // The sample records need the demo organisation's people; an installation whose
        // organisation was loaded some other way gets the series only.
        let Some(people) = people::People::find(&db).await? else {
            return Ok(());
        };
        incoming::load(&db, &people).await?;
        outgoing::load(&db, &people).await?;
        Ok(())
    })
}
