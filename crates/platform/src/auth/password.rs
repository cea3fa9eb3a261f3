//! Password hashing (argon2id) and the minimum password policy.

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::{
        PasswordHasher,
        phc::{Output, PasswordHash},
    },
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
    on_pool(move || MEMORY.with_borrow_mut(|blocks| verify_in(blocks, pw.as_bytes(), &phc)))
        .await
        .unwrap_or(false)
}

thread_local! {
    /// Each password thread's argon2 memory, kept between sign-ins. Allocating 19 MiB per
    /// sign-in made glibc raise its threshold for handing large blocks back to the system, after
    /// which a burst of sign-ins left a couple of hundred megabytes resident for good.
    static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Checks `password` against a PHC string with the parameters it names, in `blocks`.
fn verify_in(blocks: &mut Vec<Block>, password: &[u8], phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt.as_ref(), parsed.hash.as_ref()) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params.clone());
    if blocks.len() != params.block_count() {
        blocks.clear();
        blocks.resize(params.block_count(), Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    if argon
        .hash_password_into_with_memory(password, salt.as_ref(), &mut out, &mut blocks[..])
        .is_err()
    {
        return false;
    }
    // Output's equality is constant-time.
    Output::new(&out).is_ok_and(|o| &o == expected)
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
