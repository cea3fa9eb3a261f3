//! Telling a database that cannot be reached from a statement that went wrong.

use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr, sqlx};

/// SQLSTATE codes PostgreSQL gives when the fault is the connection or the server's state, not
/// the statement: class 08 (connection exception), 57P01–57P03 (shut down by an administrator,
/// after a crash, still starting) and 53300 (too many connections).
fn is_outage_state(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300")
}

/// Whether `e` means the database could not be reached: the pool had no connection to lend in
/// time, or the connection was closed under the statement (a server restart, a dropped link).
/// The same request may well succeed a moment later, so it is answered 503, not 500.
pub fn is_outage(e: &DbErr) -> bool {
    let inner = match e {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout | ConnAcquireErr::ConnectionClosed) => {
            return true;
        }
        DbErr::Conn(RuntimeErr::SqlxError(inner))
        | DbErr::Exec(RuntimeErr::SqlxError(inner))
        | DbErr::Query(RuntimeErr::SqlxError(inner)) => inner,
        _ => return false,
    };
    match inner.as_ref() {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| is_outage_state(&c)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn sqlx_err(e: sqlx::Error) -> DbErr {
        DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
    }

    #[test]
    fn closed_connections_and_an_exhausted_pool_are_outages() {
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert!(is_outage(&sqlx_err(sqlx::Error::Io(reset))));
        assert!(is_outage(&sqlx_err(sqlx::Error::PoolTimedOut)));
        assert!(is_outage(&DbErr::ConnectionAcquire(
            ConnAcquireErr::Timeout
        )));
    }

    #[test]
    fn faults_of_the_statement_are_not() {
        assert!(!is_outage(&sqlx_err(sqlx::Error::RowNotFound)));
        assert!(!is_outage(&sqlx_err(sqlx::Error::ColumnNotFound(
            "x".into()
        ))));
        assert!(!is_outage(&DbErr::RecordNotFound("x".into())));
        assert!(!is_outage(&DbErr::Custom("x".into())));
    }

    #[test]
    fn server_states_that_pass_are_outages() {
        for code in ["08006", "08003", "57P01", "57P03", "53300"] {
            assert!(is_outage_state(code), "{code}");
        }
        // A unique violation, a syntax error, a statement cancelled by its timeout.
        for code in ["23505", "42601", "57014"] {
            assert!(!is_outage_state(code), "{code}");
        }
    }
}
