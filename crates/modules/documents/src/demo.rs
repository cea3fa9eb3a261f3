//! A new demo installation gets the office's 代字 series, so a 发文 can be numbered at once.

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
        Ok(())
    })
}
