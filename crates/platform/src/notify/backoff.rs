//! When to try a failed message again: doubling from one minute, at most six hours apart,
//! spread by up to a fifth either way so that messages failing together do not return
//! together.

use rand::Rng;

const FIRST_MS: i64 = 60_000;
pub const MAX_MS: i64 = 6 * 3_600_000;

/// The undisturbed wait after the `attempts`-th failed attempt (1 → 1 min, 2 → 2 min, …).
pub fn base_delay_ms(attempts: i32) -> i64 {
    let doublings = attempts.clamp(1, 30) - 1;
    FIRST_MS.saturating_mul(1_i64 << doublings).min(MAX_MS)
}

/// The wait after the `attempts`-th failure, with jitter, never above [`MAX_MS`].
pub fn delay_ms(attempts: i32) -> i64 {
    let base = base_delay_ms(attempts);
    let spread = base / 5;
    let jitter = rand::rng().random_range(-spread..=spread);
    (base + jitter).clamp(FIRST_MS * 4 / 5, MAX_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_then_caps() {
        assert_eq!(base_delay_ms(1), 60_000);
        assert_eq!(base_delay_ms(2), 120_000);
        assert_eq!(base_delay_ms(3), 240_000);
        assert_eq!(base_delay_ms(9), 256 * 60_000);
        assert_eq!(base_delay_ms(10), MAX_MS);
        assert_eq!(base_delay_ms(1000), MAX_MS);
        for attempts in 1..40 {
            let d = delay_ms(attempts);
            let base = base_delay_ms(attempts);
            assert!(
                d >= base * 4 / 5 && d <= (base * 6 / 5).min(MAX_MS),
                "{attempts}: {d}"
            );
        }
    }
}
