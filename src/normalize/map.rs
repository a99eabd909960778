//! The map from the normalized view back to the original text.
//!
//! Most messages start with a long stretch of ASCII (often the whole message is one)
//! whose view bytes map one to one onto the original: byte `i` of the stretch came from
//! original byte `at + i`. That leading identity run goes on as long as each view byte
//! comes from the next original byte alone (plain runs, single spaces, hyphens, ...), and
//! is kept as two numbers; only the bytes after it have their start and end offsets
//! stored, one pair per byte.

use crate::scan::LANES;

/// `0, 1, 2, ...`: each lane's offset from the first byte of a block.
const LANE_OFFSETS: [u32; LANES] = {
    let mut t = [0u32; LANES];
    let mut k = 0;
    while k < LANES {
        t[k] = k as u32;
        k += 1;
    }
    t
};

/// Start and end offsets in the original for each byte of the view.
#[derive(Debug, Default)]
pub(crate) struct Map {
    /// View bytes `0..ident_len` came from original bytes `ident_at..ident_at + ident_len`,
    /// one to one.
    ident_len: usize,
    /// Original offset of the identity run's first byte.
    ident_at: u32,
    /// For each view byte from `ident_len` on: start of the original character it came from.
    start: Vec<u32>,
    /// For each view byte from `ident_len` on: end of the original character(s) it came from.
    end: Vec<u32>,
}

impl Map {
    pub fn clear(&mut self) {
        self.ident_len = 0;
        self.ident_at = 0;
        self.start.clear();
        self.end.clear();
    }

    pub fn reserve(&mut self, n: usize) {
        // `push_block` writes a whole block before cutting it.
        self.start.reserve(n + LANES);
        self.end.reserve(n + LANES);
    }

    /// Number of view bytes mapped.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ident_len + self.start.len()
    }

    /// Maps the next view byte to original bytes `start..end`.
    pub fn push(&mut self, start: usize, end: usize) {
        if end == start + 1 && self.extends_identity(start) {
            self.ident_len += 1;
            return;
        }
        self.start.push(start as u32);
        self.end.push(end as u32);
    }

    /// Maps the next `n` view bytes (`n <= LANES`) one to one onto original bytes from
    /// `at`. A whole block of offsets is written and then cut to `n`, with no loop over
    /// `n`; [`Map::reserve`] leaves room for it.
    #[inline]
    pub fn push_block(&mut self, at: usize, n: usize) {
        if self.extends_identity(at) {
            self.ident_len += n;
            return;
        }
        // A run is shorter than 4 GiB (the view's offsets are `u32`). Offsets are added to
        // one number in every lane: straight vector code (a loop over `k` computing
        // `at + k` became 32 scalar stores).
        let at = at as u32;
        let (mut starts, mut ends) = ([0u32; LANES], [0u32; LANES]);
        for ((s, e), &k) in starts.iter_mut().zip(&mut ends).zip(&LANE_OFFSETS) {
            *s = at + k;
            *e = at + k + 1;
        }
        let len = self.start.len();
        self.start.extend_from_slice(&starts);
        self.start.truncate(len + n);
        self.end.extend_from_slice(&ends);
        self.end.truncate(len + n);
    }

    /// Whether the next view byte, coming from original byte `at` alone, continues the
    /// identity run (which it starts when the map is empty): then it needs no offsets of
    /// its own.
    fn extends_identity(&mut self, at: usize) -> bool {
        if self.ident_len == 0 && self.start.is_empty() {
            self.ident_at = at as u32;
            return true;
        }
        self.start.is_empty() && at == self.ident_at as usize + self.ident_len
    }

    /// Forgets the last view byte's mapping.
    pub fn pop(&mut self) {
        if self.start.pop().is_some() {
            self.end.pop();
        } else {
            self.ident_len = self.ident_len.saturating_sub(1);
        }
    }

    /// The original byte range of view bytes `s..e` (`e > s`).
    #[inline]
    pub fn original(&self, s: usize, e: usize) -> (usize, usize) {
        let n = self.ident_len;
        let at = self.ident_at as usize;
        let start = if s < n {
            at + s
        } else {
            self.start[s - n] as usize
        };
        let end = if e <= n {
            at + e
        } else {
            self.end[e - 1 - n] as usize
        };
        (start, end)
    }

    /// Stores every view byte's offsets, the identity run's too, so that compaction can
    /// move them with [`Map::copy`], [`Map::set_start`] and [`Map::truncate`].
    pub fn per_byte(&mut self) {
        if self.ident_len > 0 {
            let (starts, ends) = one_to_one(self.ident_at, self.ident_len as u32);
            self.start.splice(0..0, starts);
            self.end.splice(0..0, ends);
            self.ident_len = 0;
        }
    }

    /// The start offset of view byte `i` (after [`Map::per_byte`]).
    pub fn start_of(&self, i: usize) -> u32 {
        self.start[i]
    }

    /// Sets the start offset of view byte `i` (after [`Map::per_byte`]).
    pub fn set_start(&mut self, i: usize, start: u32) {
        self.start[i] = start;
    }

    /// Gives view byte `to` the offsets of view byte `from` (after [`Map::per_byte`]).
    pub fn copy(&mut self, from: usize, to: usize) {
        self.start[to] = self.start[from];
        self.end[to] = self.end[from];
    }

    /// Keeps the first `n` view bytes' offsets (after [`Map::per_byte`]).
    pub fn truncate(&mut self, n: usize) {
        self.start.truncate(n);
        self.end.truncate(n);
    }
}

/// The start and end offsets of `n` view bytes mapped one to one from original byte `at`.
fn one_to_one(at: u32, n: u32) -> (std::ops::Range<u32>, std::ops::Range<u32>) {
    (at..at + n, at + 1..at + 1 + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-byte maps built the old way, one pair per byte, for the same pushes.
    #[derive(Default)]
    struct Eager {
        start: Vec<u32>,
        end: Vec<u32>,
    }

    #[test]
    fn lookups_match_per_byte_maps() {
        // Random pushes of runs and single bytes, and pops.
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2_000 {
            let (mut map, mut eager) = (Map::default(), Eager::default());
            let mut at = next(5);
            for _ in 0..next(8) {
                match next(3) {
                    0 => {
                        let len = 1 + next(LANES);
                        map.push_block(at, len);
                        let a = at as u32;
                        eager.start.extend(a..a + len as u32);
                        eager.end.extend(a + 1..a + 1 + len as u32);
                        at += len + next(3);
                    }
                    1 => {
                        let w = 1 + next(4);
                        map.push(at, at + w);
                        eager.start.push(at as u32);
                        eager.end.push((at + w) as u32);
                        at += w;
                    }
                    _ => {
                        if map.len() > 0 {
                            map.pop();
                            eager.start.pop();
                            eager.end.pop();
                        }
                    }
                }
                assert_eq!(map.len(), eager.start.len());
            }
            let n = map.len();
            for s in 0..n {
                for e in s + 1..=n {
                    let want = (eager.start[s] as usize, eager.end[e - 1] as usize);
                    assert_eq!(map.original(s, e), want, "{s}..{e}");
                }
            }
            map.per_byte();
            assert_eq!((&map.start, &map.end), (&eager.start, &eager.end));
        }
    }

    /// Whole views: lookups through the identity run answer as the per-byte maps do, over
    /// random plain, spaced, drawn-out, leet and non-ASCII text in one or more regions.
    #[test]
    fn views_answer_as_per_byte_maps() {
        use crate::normalize::Normalized;
        const PIECES: &[&str] = &[
            "Hello",
            "WORLD",
            " ",
            "  ",
            "!!",
            "f u c k",
            "sooo",
            "sh!t",
            "a$$",
            "1d10t",
            "-",
            "\u{200B}",
            "caf\u{e9}",
            "\u{1F621}",
            "\r\n",
            "f*ck",
            ".",
            "don\u{2019}t",
            "_",
        ];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..next(10) {
                text.push_str(PIECES[next(PIECES.len())]);
            }
            let cut = (1..text.len())
                .find(|&c| text.is_char_boundary(c) && next(4) == 0)
                .unwrap_or(text.len());
            let mut n = Normalized::default();
            for r in [0..cut, cut..text.len()] {
                if !r.is_empty() {
                    n.append(&text, r);
                }
            }
            n.finish();
            let len = n.bytes.len();
            assert_eq!(n.map.len(), len, "{text:?}");
            let lazy: Vec<_> = (0..len)
                .flat_map(|s| (s + 1..=len).map(move |e| (s, e)))
                .map(|(s, e)| n.original(s, e))
                .collect();
            n.map.per_byte();
            let eager: Vec<_> = (0..len)
                .flat_map(|s| (s + 1..=len).map(move |e| (s, e)))
                .map(|(s, e)| n.original(s, e))
                .collect();
            assert_eq!(lazy, eager, "{text:?}");
            for &(s, e) in &lazy {
                assert!(s <= e && e <= text.len(), "{text:?}");
            }
        }
    }
}
