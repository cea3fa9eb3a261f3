//! Password hashing (argon2id) and the minimum password policy.

use argon2::{
    Argon2,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};

use crate::error::{AppError, AppResult};

pub const MIN_LENGTH: usize = 8;

/// Rejects passwords that are too short or equal to the account name.
pub fn check_policy(username: &str, password: &str) -> AppResult<()> {
    if password.chars().count() < MIN_LENGTH {
        return Err(AppError::bad(format!("密码至少需要 {MIN_LENGTH} 个字符")));
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(AppError::bad("密码不能与登录名相同"));
    }
    if password.trim() != password {
        return Err(AppError::bad("密码首尾不能是空格"));
    }
    Ok(())
}

/// Hashing is deliberately slow and takes ~19 MiB per call, so it runs on two dedicated
/// threads: off the async threads, and with at most two blocks alive, since the allocator keeps
/// a freed block per thread that touched one (any thread of a blocking pool would, in time).
fn pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .thread_name(|i| format!("password-{i}"))
            .build()
            .expect("two threads for password hashing")
    })
}

async fn on_pool<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    pool().spawn(move || {
        let _ = tx.send(work());
    });
    rx.await.ok()
}

pub async fn hash(password: &str) -> AppResult<String> {
    let pw = password.to_owned();
    on_pool(move || {
        Argon2::default()
            .hash_password(pw.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("password hashing failed: {e}")))
    })
    .await
    .unwrap_or_else(|| Err(AppError::Internal(anyhow::anyhow!("password pool stopped"))))
}

pub async fn verify(password: &str, phc: &str) -> bool {
    let pw = password.to_owned();
    let phc = phc.to_owned();
    on_pool(move || {
        PasswordHash::new(&phc)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(pw.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A readable random password for new accounts and resets: no 0/O or 1/l to misread.
pub fn generate() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..14)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert!(check_policy("zhangsan", "short").is_err());
        assert!(check_policy("zhangsan1", "ZhangSan1").is_err());
        assert!(check_policy("zhangsan", "长城2022年办公室").is_ok());
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("正确的密码123").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("正确的密码123", &h).await);
        assert!(!verify("错误的密码123", &h).await);
        assert!(!verify("x", "not a hash").await);
    }

    #[test]
    fn generated_passwords_pass_policy() {
        let p = generate();
        assert_eq!(p.len(), 14);
        assert!(check_policy("admin", &p).is_ok());
    }
}
