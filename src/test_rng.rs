//! A small deterministic generator for the randomized tests that check a fast algorithm
//! against the plain one it replaced (no dependency, the same numbers on every run).

/// Xorshift from `seed` (not 0): `next(n)` is a number below `n`.
pub(crate) fn below(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
