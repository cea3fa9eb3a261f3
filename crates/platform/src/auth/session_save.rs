//! tower-sessions saves a changed session after the page is made, and answers a failed save
//! with a bare, empty 500 that our error pages never see. This layer, put around the session
//! layer, gives that answer its proper form: a 503 with the usual message when the store could
//! not reach the database, our own 500 otherwise.

use std::cell::Cell;

use axum::{
    body::HttpBody, extract::Request, http::StatusCode, middleware::Next, response::Response,
};
use sea_orm::DbErr;

use crate::{db::is_outage, error::AppError};

tokio::task_local! {
    /// Whether a statement of the session store met an outage during the request.
    static STORE_OUTAGE: Cell<bool>;
}

/// Called by the store when one of its statements fails. Outside a request (a job, a test
/// calling the store directly) there is nothing to tell, and nothing happens.
pub(crate) fn note_failure(e: &DbErr) {
    if is_outage(e) {
        let _ = STORE_OUTAGE.try_with(|seen| seen.set(true));
    }
}

/// Every answer of ours has a body and a content type; only the session layer's failed save
/// is a 500 with neither.
fn is_failed_save(res: &Response) -> bool {
    res.status() == StatusCode::INTERNAL_SERVER_ERROR
        && !res.headers().contains_key(axum::http::header::CONTENT_TYPE)
        && res.body().size_hint().exact() == Some(0)
}

pub async fn answer_failed_save(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let (res, outage) = STORE_OUTAGE
        .scope(Cell::new(false), async {
            let res = next.run(req).await;
            (res, STORE_OUTAGE.with(Cell::get))
        })
        .await;
    if !is_failed_save(&res) {
        return res;
    }
    // What the page did is done; only the session's change is lost, and the next request
    // carries the session as it was.
    let err = if outage {
        AppError::Unavailable(anyhow::anyhow!("the session could not be saved"))
    } else {
        AppError::Internal(anyhow::anyhow!("the session could not be saved"))
    };
    crate::api::answer(&path, err)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::{Router, body::Body, http::header, middleware, routing::get};
    use sea_orm::{RuntimeErr, sqlx};
    use tower::ServiceExt;

    use super::*;

    /// The answer to `path` when the session layer's save fails after the store saw
    /// `store_error`.
    async fn failed_save(path: &str, store_error: Option<DbErr>) -> Response {
        let failing = get(move || async move {
            if let Some(e) = &store_error {
                note_failure(e);
            }
            let mut res = Response::<Body>::default();
            *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            res
        });
        Router::new()
            .route("/page", failing.clone())
            .route("/api/v1/call", failing)
            .layer(middleware::from_fn(answer_failed_save))
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    fn pool_closed() -> DbErr {
        DbErr::Conn(RuntimeErr::SqlxError(Arc::new(sqlx::Error::PoolClosed)))
    }

    fn content_type(res: &Response) -> &str {
        res.headers()[header::CONTENT_TYPE].to_str().unwrap()
    }

    #[tokio::test]
    async fn a_save_that_met_an_outage_is_a_503() {
        let res = failed_save("/page", Some(pool_closed())).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(content_type(&res).starts_with("text/html"));
        let res = failed_save("/api/v1/call", Some(pool_closed())).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(content_type(&res), "application/json");
    }

    #[tokio::test]
    async fn any_other_failed_save_is_our_500_page() {
        let res = failed_save("/page", Some(DbErr::Custom("不是断线".into()))).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(content_type(&res).starts_with("text/html"));
        let res = failed_save("/page", None).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(content_type(&res).starts_with("text/html"));
    }

    #[tokio::test]
    async fn our_own_answers_pass_unchanged() {
        let app = Router::new()
            .route(
                "/",
                get(|| async { AppError::Unavailable(anyhow::anyhow!("x")) }),
            )
            .route("/empty", get(|| async { StatusCode::NO_CONTENT }))
            .layer(middleware::from_fn(answer_failed_save));
        let page = app
            .clone()
            .oneshot(Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        let empty = app
            .oneshot(Request::get("/empty").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(empty.status(), StatusCode::NO_CONTENT);
    }
}
