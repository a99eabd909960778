//! The normalized view of a message: folded lower-case bytes with a map back to the
//! original text.
//!
//! The caller's text is never changed. Matching runs on this view; every byte of it knows
//! the original byte range it came from, so spans point into the original.

mod leet;
mod map;
#[cfg(test)]
mod old;
mod view;

use crate::fold::is_plain;
use crate::scan::{in_range, plain_prefix, LANES};
use map::Map;
use view::{push_char, View};

/// The byte was decoded from an evasive form (look-alike, leet, masked, spaced letters).
pub(crate) const EVASIVE: u8 = 1;
/// The original letter was a capital.
pub(crate) const UPPER: u8 = 2;
/// The byte is part of a drawn-out letter run ("sooo").
pub(crate) const ELONGATED: u8 = 4;

/// A letter run this long or longer is drawn out on purpose ("sooo"); English words repeat
/// a letter at most twice.
const ELONGATION_RUN: usize = 3;
/// Single letters separated by spaces or dots ("f u c k") are joined when at least this
/// many stand in a row; two ("a b") happen in ordinary text.
const SPACED_LETTERS_MIN: usize = 3;

/// `0, 1, 2, ...` as bytes: a block's positions in lanes of the block's own width.
const LANE_INDEX: [u8; LANES] = {
    let mut t = [0u8; LANES];
    let mut j = 0;
    while j < LANES {
        t[j] = j as u8;
        j += 1;
    }
    t
};

/// In `push_lanes`' tally of a block, a capital adds 1 and a small letter 1 shifted by this
/// much: the lowest bit above the most capitals a block holds (`LANES`), so one sum of the
/// block's lanes holds both counts (one sum instead of two: 1,279 -> 1,263 instructions a
/// message in `append` on airline tweets).
const LOWER_TALLY_SHIFT: u32 = 5;
const _: () = assert!(
    1 << LOWER_TALLY_SHIFT > LANES
        && LOWER_TALLY_SHIFT < u8::BITS
        && LANES << LOWER_TALLY_SHIFT < 1 << u16::BITS
);

/// The normalized view and its maps. Reused across messages to avoid allocation.
#[derive(Debug, Default)]
pub(crate) struct Normalized {
    /// Folded, lower-case text (valid UTF-8).
    pub bytes: Vec<u8>,
    /// For each byte: the original range it came from (see [`Normalized::original`]).
    map: Map,
    /// For each byte: `EVASIVE`, `UPPER`, `ELONGATED` bits.
    pub flags: Vec<u8>,
    /// Letters that were capitals in the original.
    pub upper_letters: usize,
    /// Letters that were lower case in the original.
    pub lower_letters: usize,
    /// Every flag some byte has (`flags` or-ed together as they are written): a rule
    /// that asks for a flag over a span skips the span when the view has none.
    pub any_flags: u8,
    /// Whether the view holds a `*` ("f*ck"); set by `finish`, as every `*` is leet.
    pub stars: bool,
}

impl Normalized {
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.map.clear();
        self.flags.clear();
        self.upper_letters = 0;
        self.lower_letters = 0;
        self.any_flags = 0;
        self.stars = false;
    }

    /// The original byte range of normalized bytes `s..e` (`e > s`).
    pub fn original(&self, s: usize, e: usize) -> (usize, usize) {
        self.map.original(s, e)
    }

    /// Appends the normalized form of `text[range]` (a region of the message that counts).
    /// Call [`Normalized::finish`] after the last region.
    pub fn append(&mut self, text: &str, range: std::ops::Range<usize>) {
        if !self.bytes.is_empty() {
            self.push_space(true, range.start, range.start);
        }
        let bytes = text.as_bytes();
        self.reserve(range.len() + 1);
        let mut pending_evasive = 0u8;
        let mut i = range.start;
        while i < range.end {
            if is_plain(bytes[i]) {
                let first = self.flags.len();
                i = self.push_plain_run(bytes, i, range.end);
                self.flags[first] |= pending_evasive;
                self.any_flags |= pending_evasive;
                pending_evasive = 0;
                continue;
            }
            i = push_char(self, text, i, &mut pending_evasive);
        }
    }

    fn reserve(&mut self, n: usize) {
        // `push_lanes` writes a whole block before cutting it to the run.
        self.bytes.reserve(n + LANES);
        self.map.reserve(n);
        self.flags.reserve(n + LANES);
    }

    /// Appends the plain run (see `scan::plain_prefix`) that starts at `bytes[i]`, a plain
    /// byte, and ends by `end`, a block of `LANES` bytes at a time; returns where it ends.
    fn push_plain_run(&mut self, bytes: &[u8], mut i: usize, end: usize) -> usize {
        loop {
            // A block and the bytes one after each, read in place while the run has
            // another byte after the block.
            let (Some(cur), Some(next)) = (
                bytes[i..end].first_chunk::<LANES>(),
                bytes[i + 1..end].first_chunk::<LANES>(),
            ) else {
                // The last block of the run: it ends the run whatever it holds.
                let (cur, next) = tail_window(bytes, i, end);
                let n = plain_prefix(&cur, &next).min(end - i);
                self.push_lanes(&cur, i, n);
                return i + n;
            };
            let n = plain_prefix(cur, next);
            self.push_lanes(cur, i, n);
            i += n;
            if n < LANES {
                return i;
            }
        }
    }

    /// Appends the first `n` bytes of block `w`, plain ASCII from original byte `at`, in
    /// bulk: the whole block is lower-cased and written, then cut to `n`, which keeps it
    /// straight vector code.
    #[inline(always)]
    fn push_lanes(&mut self, w: &[u8; LANES], at: usize, n: usize) {
        let (mut lowered, mut flags, mut tally) = ([0u8; LANES], [0u8; LANES], [0u8; LANES]);
        // `n <= LANES < u8::MAX`; comparing bytes keeps every lane a byte.
        let n8 = n as u8;
        for j in 0..LANES {
            let b = w[j];
            let up = in_range(b, b'A', 26);
            let counted = LANE_INDEX[j] < n8;
            let low = in_range(b, b'a', 26);
            tally[j] = u8::from(up & counted) | (u8::from(low & counted) << LOWER_TALLY_SHIFT);
            lowered[j] = b | (u8::from(up) << 5);
            flags[j] = UPPER * u8::from(up);
        }
        // One sum counts both: capitals in the low bits, small letters above them.
        let sum = tally.iter().fold(0u16, |sum, &t| sum + u16::from(t));
        let upper = sum & ((1 << LOWER_TALLY_SHIFT) - 1);
        self.upper_letters += usize::from(upper);
        self.lower_letters += usize::from(sum >> LOWER_TALLY_SHIFT);
        self.any_flags |= UPPER * u8::from(upper != 0);
        let len = self.bytes.len();
        self.bytes.extend_from_slice(&lowered);
        self.bytes.truncate(len + n);
        self.flags.extend_from_slice(&flags);
        self.flags.truncate(len + n);
        self.map.push_block(at, n);
    }

    /// Decodes leetspeak and masks, then joins spaced letters and shortens drawn-out runs.
    pub fn finish(&mut self) {
        if self.last() == Some(b' ') || self.last() == Some(b'\n') {
            self.bytes.pop();
            self.map.pop();
            self.flags.pop();
        }
        self.decode_leet();
        self.compact();
    }

    /// Joins "f u c k" / "f.u.c.k" and shortens runs of three or more equal letters to two,
    /// keeping the maps aligned.
    fn compact(&mut self) {
        if self.needs_compaction() {
            self.compact_all();
        }
    }

    /// `compact` without the guard: changes nothing where no run or spaced letters are.
    pub(crate) fn compact_all(&mut self) {
        self.map.per_byte();
        let n = self.bytes.len();
        let mut w = 0;
        let mut r = 0;
        while r < n {
            let spaced = self.spaced_run(r);
            if spaced > 0 {
                for k in 0..spaced {
                    self.copy(r + 2 * k, w);
                    self.flags[w] |= EVASIVE;
                    w += 1;
                }
                r += 2 * spaced - 1;
                continue;
            }
            let b = self.bytes[r];
            let mut run = 1;
            while b.is_ascii_lowercase() && r + run < n && self.bytes[r + run] == b {
                run += 1;
            }
            if run >= ELONGATION_RUN {
                let second_start = self.map.start_of(r + 1);
                self.copy(r, w);
                self.copy(r + run - 1, w + 1);
                self.map.set_start(w + 1, second_start);
                self.flags[w] |= ELONGATED;
                self.flags[w + 1] |= ELONGATED;
                w += 2;
                r += run;
            } else {
                self.copy(r, w);
                w += 1;
                r += 1;
            }
        }
        self.bytes.truncate(w);
        self.map.truncate(w);
        self.flags.truncate(w);
        // Dropped bytes take their flags with them: the view's flags are gathered anew
        // (few views need compacting; the rest keep the flags or-ed as written).
        self.any_flags = self.flags.iter().fold(0, |all, &f| all | f);
    }

    /// False only when no run of three equal letters or two spaced single letters exists.
    fn needs_compaction(&self) -> bool {
        crate::scan::compactable(&self.bytes)
    }

    fn copy(&mut self, from: usize, to: usize) {
        if from == to {
            return;
        }
        self.bytes[to] = self.bytes[from];
        self.map.copy(from, to);
        self.flags[to] = self.flags[from];
    }

    /// At `r`, the number of single letters separated by one space or dot, when it is at
    /// least `SPACED_LETTERS_MIN` and the run starts and ends at word boundaries; else 0.
    fn spaced_run(&self, r: usize) -> usize {
        let b = &self.bytes;
        if r > 0 && is_word_byte(b[r - 1]) {
            return 0;
        }
        let mut count = 0;
        let mut i = r;
        let mut sep = None;
        while i < b.len() && b[i].is_ascii_lowercase() {
            count += 1;
            let next = b.get(i + 1).copied();
            match next {
                Some(s @ (b' ' | b'.')) if sep.is_none_or(|x| x == s) => {
                    if b.get(i + 2).is_some_and(|x| x.is_ascii_lowercase())
                        && b.get(i + 3).is_none_or(|x| !is_word_byte(*x))
                    {
                        sep = Some(s);
                        i += 2;
                        continue;
                    }
                    break;
                }
                Some(x) if is_word_byte(x) => return 0,
                _ => break,
            }
        }
        if count >= SPACED_LETTERS_MIN {
            count
        } else {
            0
        }
    }
}

/// Bytes `i..i + LANES` of `bytes` and the bytes one after each (`i + 1..i + LANES + 1`),
/// with zeros, which are not plain, from `end` on (`i < end <= i + LANES`, `end <=
/// bytes.len()`).
fn tail_window(bytes: &[u8], i: usize, end: usize) -> ([u8; LANES], [u8; LANES]) {
    let left = end - i;
    // The block that ends at `end`, moved down to start at `i`: zeros fill in from the
    // top. A text shorter than a block is copied instead.
    let tail = match bytes[..end].last_chunk::<LANES>() {
        Some(t) => u128::from_le_bytes(*t) >> (8 * (LANES - left)),
        None => {
            let mut w = [0u8; LANES];
            w[..left].copy_from_slice(&bytes[i..end]);
            u128::from_le_bytes(w)
        }
    };
    (tail.to_le_bytes(), (tail >> 8).to_le_bytes())
}

impl View for Normalized {
    fn last(&self) -> Option<u8> {
        self.bytes.last().copied()
    }

    fn set_last(&mut self, byte: u8) {
        if let Some(last) = self.bytes.last_mut() {
            *last = byte;
        }
    }

    fn push(&mut self, byte: u8, start: usize, end: usize, flags: u8) {
        self.any_flags |= flags;
        self.bytes.push(byte);
        self.map.push(start, end);
        self.flags.push(flags);
    }

    fn count_letter(&mut self, upper: bool) {
        if upper {
            self.upper_letters += 1;
        } else {
            self.lower_letters += 1;
        }
    }
}

/// Bytes that continue a word in the normalized view: ASCII letters and digits, the
/// apostrophe, the mask `*`, and any byte of a non-ASCII character.
pub(crate) fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[b as usize]
}

/// `is_word_byte` as a table: it runs for nearly every byte of every message, and one load
/// is cheaper than its chain of range tests.
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'\'' || c == b'*' || c >= 0x80;
        b += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> Normalized {
        let mut n = Normalized::default();
        n.append(text, 0..text.len());
        n.finish();
        n
    }

    /// (original, normalized)
    const CASES: &[(&str, &str)] = &[
        ("Hello  World", "hello world"),
        ("f*ck you", "f*ck you"),
        ("sh!t", "shit"),
        ("a$$hole", "asshole"),
        ("A$$", "ass"),
        ("$hit happens", "shit happens"),
        ("b1tch", "bitch"),
        ("f u c k", "fuck"),
        ("f.u.c.k off", "fuck off"),
        ("a b", "a b"),
        ("fuuuuck", "fuuck"),
        ("sooooo good", "soo good"),
        ("f\u{200B}u\u{200D}ck", "fuck"),
        ("ｆｕｃｋ", "fuck"),
        ("fυck", "fuck"),
        ("pissed-off", "pissed off"),
        ("don’t", "don't"),
        ("stupid!!!", "stupid!!!"),
        ("1st and 2nd", "1st and 2nd"),
        ("waited 1hr", "waited 1hr"),
        ("an 1d10t", "an idiot"),
        ("@united why", "@united why"),
        ("line one\r\n\r\nline two", "line one\nline two"),
        ("  padded  ", "padded"),
        ("café", "cafe"),
        ("I'm 😡😡", "i'm 😡😡"),
        ("f**", "f**"),
        ("f**k", "f**k"),
        ("a#$h0le", "a*$hole"),
        ("!!1!!", "!!1!!"),
        ("1d10t!!!", "idiot!!!"),
    ];

    #[test]
    fn normalizes_table() {
        for (text, want) in CASES {
            let n = norm(text);
            assert_eq!(std::str::from_utf8(&n.bytes).unwrap(), *want, "{text:?}");
        }
    }

    #[test]
    fn maps_point_into_original_on_char_boundaries() {
        for (text, _) in CASES {
            let n = norm(text);
            assert_eq!(n.bytes.len(), n.map.len());
            assert_eq!(n.stars, n.bytes.contains(&b'*'), "{text:?}");
            for i in 0..n.bytes.len() {
                let (s, e) = n.original(i, i + 1);
                assert!(s <= e && e <= text.len(), "{text:?}");
                assert!(
                    text.is_char_boundary(s) && text.is_char_boundary(e),
                    "{text:?}"
                );
            }
        }
    }

    /// The last block of a run, moved down from the block that ends the region, is the
    /// block copied byte by byte and padded with zeros, at every length and offset.
    #[test]
    fn tail_window_is_the_padded_copy() {
        let mut next = crate::test_rng::below(0x510E_527F_ADE6_82D1);
        for _ in 0..2_000 {
            let len = 1 + next(40);
            let bytes: Vec<u8> = (0..len).map(|_| 1 + next(255) as u8).collect();
            for end in 1..=len {
                for i in end.saturating_sub(LANES)..end {
                    let mut w = [0u8; LANES + 1];
                    w[..end - i].copy_from_slice(&bytes[i..end]);
                    let want = (w[..LANES].try_into().unwrap(), w[1..].try_into().unwrap());
                    assert_eq!(tail_window(&bytes, i, end), want, "{bytes:?} {i} {end}");
                }
            }
        }
    }

    #[test]
    fn word_byte_table_matches_its_definition() {
        for b in 0..=255u8 {
            let want = b.is_ascii_alphanumeric() || b == b'\'' || b == b'*' || b >= 0x80;
            assert_eq!(is_word_byte(b), want, "{b}");
        }
    }

    #[test]
    fn elongated_run_maps_to_the_whole_run() {
        let text = "fuuuuck";
        let n = norm(text);
        let (s, e) = n.original(0, n.bytes.len());
        assert_eq!(&text[s..e], "fuuuuck");
        assert!(n.flags.iter().any(|f| f & ELONGATED != 0));
        assert!(n.any_flags & ELONGATED != 0 && norm("fuck").any_flags & ELONGATED == 0);
    }

    #[test]
    fn evasive_flags_and_caps_counts() {
        let n = norm("F*CK this");
        assert_eq!(n.upper_letters, 3);
        assert_eq!(n.lower_letters, 4);
        let n = norm("sh!t");
        assert!(n.flags[2] & EVASIVE != 0);
    }

    /// Regression: every byte of a run of leet symbols measured the rest of the run, so a
    /// megabyte of "!!!" (or "111", "$$$", "a***") took minutes. Under the quadratic code
    /// this test does not finish; now it is a few milliseconds of work per case.
    #[test]
    fn regression_long_leet_runs_are_linear() {
        for unit in ["!", "1", "$", "*", "a*", "a$", "1*", "@!"] {
            let text = unit.repeat((1 << 20) / unit.len());
            let n = norm(&text);
            assert!(n.bytes.len() <= text.len(), "{unit:?}");
        }
        let n = norm(&format!("a{}b", "*".repeat(1 << 20)));
        assert!(n.flags[1] & EVASIVE != 0);
    }
}
