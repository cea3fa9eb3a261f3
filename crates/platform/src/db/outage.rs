//! Telling a database that cannot be reached from a statement that went wrong.

use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr, sqlx};

/// Why a statement could not reach the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outage {
    /// The connection was closed under the statement: a server restart, a dropped link. The pool
    /// drops such a connection when it is given back, so another try gets a different one.
    LostConnection,
    /// No connection to be had: the pool waited in vain or is closed, or the server takes no more.
    NoConnection,
}

/// What PostgreSQL's SQLSTATE says, when it says the fault is the connection or the server's
/// state rather than the statement: class 08 (connection exception), 57P01 and 57P02 (ended by
/// an administrator or a crash), 57P03 (still starting) and 53300 (too many connections).
fn outage_of_state(code: &str) -> Option<Outage> {
    match code {
        "57P01" | "57P02" => Some(Outage::LostConnection),
        "57P03" | "53300" => Some(Outage::NoConnection),
        c if c.starts_with("08") => Some(Outage::LostConnection),
        _ => None,
    }
}

/// Whether, and how, `e` means that the database could not be reached. The same request may
/// well succeed a moment later, so it is answered 503, not 500.
pub fn outage(e: &DbErr) -> Option<Outage> {
    let inner = match e {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout | ConnAcquireErr::ConnectionClosed) => {
            return Some(Outage::NoConnection);
        }
        DbErr::Conn(RuntimeErr::SqlxError(inner))
        | DbErr::Exec(RuntimeErr::SqlxError(inner))
        | DbErr::Query(RuntimeErr::SqlxError(inner)) => inner,
        _ => return None,
    };
    match inner.as_ref() {
        sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => Some(Outage::LostConnection),
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => Some(Outage::NoConnection),
        sqlx::Error::Database(db) => db.code().and_then(|c| outage_of_state(&c)),
        _ => None,
    }
}

pub fn is_outage(e: &DbErr) -> bool {
    outage(e).is_some()
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
        for code in ["08006", "08003", "57P01", "57P02"] {
            assert_eq!(
                outage_of_state(code),
                Some(Outage::LostConnection),
                "{code}"
            );
        }
        for code in ["57P03", "53300"] {
            assert_eq!(outage_of_state(code), Some(Outage::NoConnection), "{code}");
        }
        // A unique violation, a syntax error, a statement cancelled by its timeout.
        for code in ["23505", "42601", "57014"] {
            assert_eq!(outage_of_state(code), None, "{code}");
        }
    }
}
