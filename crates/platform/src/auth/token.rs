//! Personal API tokens: shown once at creation, stored only as a SHA-256 hash.

use rand::Rng;
use sha2::{Digest, Sha256};

pub const PREFIX: &str = "sbn_";

/// A new token: `sbn_` + 40 hex characters of randomness.
pub fn generate() -> String {
    let bytes: [u8; 20] = rand::rng().random();
    format!("{PREFIX}{}", hex::encode(bytes))
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What the token list shows so a person can tell tokens apart.
pub fn display_prefix(token: &str) -> String {
    token.chars().take(PREFIX.len() + 6).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashed() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert!(a.starts_with(PREFIX) && a.len() == 44);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(display_prefix(&a).len(), 10);
    }
}
