//! Scans over the bytes of the normalized view that most messages pass quickly. The
//! branch-free ones are written over equal-length shifted slices so the compiler
//! vectorizes them: most messages need none of the rarer steps they guard, and learn so
//! for a few instructions per byte.

use crate::normalize::is_word_byte;

/// Positions a scan tests at once: one SSE2 register of bytes. Each block has exactly this
/// many (the last one overlaps the one before it), so the compiler emits straight vector
/// code with no byte-by-byte tail; texts shorter than a block are read byte by byte or
/// padded to one.
pub(crate) const LANES: usize = 16;

/// The start of the first block of `0..len` for which `test(start, count)` is true,
/// trying blocks of `LANES` positions in order (see `LANES`).
#[inline(always)]
fn first_block(len: usize, mut test: impl FnMut(usize, usize) -> bool) -> Option<usize> {
    if len < LANES {
        return (len > 0 && test(0, len)).then_some(0);
    }
    let mut k = 0;
    while k + LANES <= len {
        if test(k, LANES) {
            return Some(k);
        }
        k += LANES;
    }
    (k < len && test(len - LANES, LANES)).then_some(len - LANES)
}

/// True when some position of `b` starts a run of three equal lower-case letters, or a
/// lone lower-case letter, one space or dot and another lone lower-case letter ("f u c k"
/// and "f.u.c.k" start so): the text then needs compacting. Also true, rarely, where such a
/// letter only has no lower-case letter beside it (a digit, `'`, `*` or non-ASCII byte):
/// the inner positions test that, which is cheaper than the word-byte test, and compacting
/// a text that needs none changes nothing.
pub(crate) fn compactable(b: &[u8]) -> bool {
    let n = b.len();
    if n < 3 {
        return false;
    }
    // The first and last positions lack a neighbour the vector loop reads.
    if compacts_at(b, 0) || compacts_at(b, n - 3) {
        return true;
    }
    if n < 5 {
        return false;
    }
    // Positions `1..=m`, each with the byte before it and the three after it.
    let m = n - 4;
    if m < LANES {
        return compacts_any((&b[..m], &b[1..=m], &b[2..m + 2], &b[3..m + 3], &b[4..]));
    }
    // Blocks of `LANES` positions in order, the last one overlapping the one before it.
    let mut k = 0;
    while k + LANES <= m {
        if compacts_in_block(b, k) {
            return true;
        }
        k += LANES;
    }
    k < m && compacts_in_block(b, m - LANES)
}

/// Whether `compactable`'s test holds at one of the positions `k + 1..=k + LANES` of `b`
/// (`k + LANES + 4 <= b.len()`). The block is read as one array, so the shifted slices
/// need no bounds checks and the test is straight vector code inlined in the caller's
/// loop.
#[inline(always)]
fn compacts_in_block(b: &[u8], k: usize) -> bool {
    // The slice has exactly the array's length: the conversion cannot fail.
    let window: Result<&[u8; LANES + 4], _> = b[k..k + LANES + 4].try_into();
    window.is_ok_and(|w| {
        compacts_any((
            &w[..LANES],
            &w[1..=LANES],
            &w[2..LANES + 2],
            &w[3..LANES + 3],
            &w[4..],
        ))
    })
}

/// Five equally long slices: for each position, the byte before it, at it, and one, two
/// and three after it.
type Window<'a> = (&'a [u8], &'a [u8], &'a [u8], &'a [u8], &'a [u8]);

/// Whether `compactable`'s test holds at some position of a `Window`, with "no
/// lower-case letter" for "no word byte" beside a lone letter (see `compactable`).
#[inline(always)]
fn compacts_any((before, at, next, next2, next3): Window<'_>) -> bool {
    before.iter().zip(at).zip(next).zip(next2).zip(next3).fold(
        false,
        |found, ((((&p, &c), &n1), &n2), &n3)| {
            let run = (c == n1) & (c == n2);
            let lower = |x: u8| in_range(x, b'a', 26);
            let spaced = ((n1 == b' ') | (n1 == b'.')) & !lower(p) & lower(n2) & !lower(n3);
            found | (lower(c) & (run | spaced))
        },
    )
}

/// How many of the `LANES` positions of `cur` continue a run of bytes that fold to
/// themselves (lower-cased) with no look at their neighbours: printable ASCII except
/// space, `-`, `_` and `` ` ``; and single spaces before such a byte, which `push_space`
/// would copy as they are (a run starts with a plain byte, which its caller checks).
/// `next` holds the byte after each position (`next[j]` follows `cur[j]`): two loads of
/// the text one byte apart, not one block copied with its next byte and read back at an
/// offset (a read that spans two writes waits for them to reach the cache).
pub(crate) fn plain_prefix(cur: &[u8; LANES], next: &[u8; LANES]) -> usize {
    // One byte per position, 1 where the run breaks: straight vector code, read as one
    // little-endian number whose lowest set bit is in the first breaking position's byte.
    let mut broken = [0u8; LANES];
    for ((x, &c), &nx) in broken.iter_mut().zip(cur).zip(next) {
        *x = u8::from(!(plain_byte(c) | ((c == b' ') & plain_byte(nx))));
    }
    (u128::from_le_bytes(broken).trailing_zeros() / 8) as usize
}

/// The offset of the first leetspeak symbol (`leet_letter`) in `b`: most messages have
/// few or none, so whole blocks are passed over at once.
#[inline(always)]
pub(crate) fn next_leet(b: &[u8]) -> Option<usize> {
    first_where(b, leet_byte)
}

/// The offset of the first line break (`\n`) in `b`, whole blocks at a time: most
/// messages are one line or a few long ones.
pub(crate) fn next_newline(b: &[u8]) -> Option<usize> {
    first_where_rare(b, |x| x == b'\n', |x| x == b'\n')
}

/// The offset of the first byte of `b` for which `test` holds (the same test as the
/// caller's table, in arithmetic the compiler vectorizes), for bytes that many texts
/// hold: a block of `LANES` bytes at a time, each tested whole, and the first hit read
/// from the block's results as one number, with no byte-by-byte search (which
/// mispredicted its exit). The last block overlaps the one before it; a text shorter than
/// a block is read into one padded with zeros, which `test` must not hold for.
///
/// Inlined into the caller's loop (`decode_leet` searches again after every run of
/// symbols, 3.1 times per airline tweet): the test's constants are then loaded once per
/// view, not once per search (airline `finish` 1,115 -> 1,056 instructions a message).
#[inline(always)]
fn first_where(b: &[u8], test: impl Fn(u8) -> bool) -> Option<usize> {
    let n = b.len();
    // 0xFF in the byte of each hit; as one little-endian number, 0 when there is none.
    let hits_in = |block: &[u8; LANES]| {
        let mut hits = [0u8; LANES];
        for (h, &x) in hits.iter_mut().zip(block) {
            *h = u8::from(test(x)).wrapping_neg();
        }
        u128::from_le_bytes(hits)
    };
    let first = |hits: u128| (hits.trailing_zeros() / 8) as usize;
    if n < LANES {
        let mut block = [0u8; LANES];
        block[..n].copy_from_slice(b);
        let hits = hits_in(&block);
        return (hits != 0).then(|| first(hits));
    }
    let mut k = 0;
    loop {
        // Past the blocks before it, the last one overlaps only bytes already passed.
        let s = k.min(n - LANES);
        let hits = b[s..].first_chunk::<LANES>().map_or(0, hits_in);
        if hits != 0 {
            return Some(s + first(hits));
        }
        if s + LANES >= n {
            return None;
        }
        k += LANES;
    }
}

/// The offset of the first byte of `b` for which `exact` holds, for bytes that most texts
/// lack: whole blocks are passed over while `quick` (the same test in arithmetic the compiler vectorizes, never false
/// where `exact` is true) holds for none of their bytes.
fn first_where_rare(
    b: &[u8],
    quick: impl Fn(u8) -> bool + Copy,
    exact: impl Fn(u8) -> bool,
) -> Option<usize> {
    let any = |bytes: &[u8]| bytes.iter().fold(false, |any, &x| any | quick(x));
    // A whole block has a length known here, which makes it straight vector code.
    let block = first_block(b.len(), |k, count| {
        if count == LANES {
            any(&b[k..k + LANES])
        } else {
            any(&b[k..k + count])
        }
    })?;
    b[block..].iter().position(|&x| exact(x)).map(|i| block + i)
}

/// Whether `leet_letter` knows the byte, by arithmetic instead of a table.
fn leet_byte(b: u8) -> bool {
    let digit = (b.wrapping_sub(b'0') < 8) & (b != b'2') & (b != b'6');
    let symbol = (b == b'@') | (b == b'$') | (b == b'!') | (b == b'|');
    digit | symbol | (b == b'+') | (b == b'*') | (b == b'#')
}

/// `is_plain` by arithmetic instead of a table, which vector code cannot read.
fn plain_byte(b: u8) -> bool {
    in_range(b, 0x21, 0x7F - 0x21) & (b != b'-') & (b != b'_') & (b != b'`')
}

/// Whether `b` is in `lo..lo + len` (`len <= 128`), as one signed comparison: SSE2
/// compares bytes only as signed numbers, so in vector code the unsigned test
/// (`b.wrapping_sub(lo) < len`) takes a third instruction; moved by 128, the range
/// starts at `i8::MIN` and one signed "less than" tells it.
#[inline(always)]
pub(crate) fn in_range(b: u8, lo: u8, len: u8) -> bool {
    (b.wrapping_sub(lo).wrapping_add(0x80) as i8) < i8::MIN.wrapping_add(len as i8)
}

/// The test of `compactable` at one position `i` (`i + 2 < b.len()`), written plainly.
fn compacts_at(b: &[u8], i: usize) -> bool {
    let single = |i: usize| {
        b[i].is_ascii_lowercase()
            && (i == 0 || !is_word_byte(b[i - 1]))
            && b.get(i + 1).is_none_or(|&x| !is_word_byte(x))
    };
    let c = b[i];
    c.is_ascii_lowercase()
        && ((c == b[i + 1] && c == b[i + 2])
            || (matches!(b[i + 1], b' ' | b'.') && single(i) && single(i + 2)))
}

/// A byte that ends a sentence: `.`, `!`, `?` or a line break.
pub(crate) fn is_sentence_mark(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b'\n')
}

/// The first sentence mark (`is_sentence_mark`) in bytes `from..reach` of the view.
/// Every mark is a clause break, so a search in `breaks` finds it without reading the
/// words in between.
pub(crate) fn next_mark(bytes: &[u8], breaks: &[u32], from: usize, reach: usize) -> Option<usize> {
    let k = breaks.partition_point(|&b| (b as usize) < from);
    breaks[k..]
        .iter()
        .map(|&b| b as usize)
        .take_while(|&b| b < reach)
        .find(|&b| is_sentence_mark(bytes[b]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::{is_plain, leet_letter};

    /// Calls `check` on every string of up to `max_len` bytes over `alphabet`.
    fn every_string(alphabet: &[u8], max_len: u32, mut check: impl FnMut(&[u8])) {
        let mut text = Vec::new();
        for len in 0..=max_len {
            for mut code in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                check(&text);
            }
        }
    }

    /// (start, length) of the ranges the scans test, and the extremes.
    const RANGES: &[(u8, u8)] = &[
        (b'a', 26),
        (b'A', 26),
        (0x21, 0x7F - 0x21),
        (0, 128),
        (200, 1),
    ];

    /// The signed range test agrees with the unsigned one on every byte.
    #[test]
    fn signed_range_test_matches_the_unsigned_one() {
        for b in 0..=255u8 {
            for &(lo, len) in RANGES {
                assert_eq!(
                    in_range(b, lo, len),
                    b.wrapping_sub(lo) < len,
                    "{b} {lo} {len}"
                );
            }
        }
    }

    #[test]
    fn arithmetic_byte_classes_match_the_tables() {
        for b in 0..=255u8 {
            assert_eq!(plain_byte(b), is_plain(b), "{b}");
            assert_eq!(leet_byte(b), leet_letter(b).is_some(), "{b}");
        }
    }

    #[test]
    fn next_newline_finds_the_first_break() {
        every_string(b"a\n", 6, |text| {
            let want = text.iter().position(|&b| b == b'\n');
            assert_eq!(next_newline(text), want, "{text:?}");
        });
        for len in [15, 16, 17, 40, 100] {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'\n';
                assert_eq!(next_newline(&text), Some(at), "{len} {at}");
            }
        }
    }

    #[test]
    fn next_leet_finds_the_first_symbol() {
        for len in [0, 1, 15, 16, 17, 40, 100] {
            for at in 0..=len {
                let mut text = vec![b'a'; len];
                if at < len {
                    text[at] = b'!';
                }
                let want = (at < len).then_some(at);
                assert_eq!(next_leet(&text), want, "{len} {at}");
                if at + 1 < len {
                    text[at + 1] = b'4';
                    assert_eq!(next_leet(&text), want, "{len} {at}");
                }
            }
        }
    }

    /// The block search finds what a byte-by-byte search finds, at every length around
    /// the block's and every place of the first hit.
    #[test]
    fn next_leet_agrees_with_a_byte_search() {
        let alphabet = b"ab !@1\n2$x";
        let mut next = crate::test_rng::below(0x3C6E_F372_FE94_F82B);
        for _ in 0..100_000 {
            let len = next(70);
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    if next(8) == 0 {
                        alphabet[next(alphabet.len())]
                    } else {
                        b'a'
                    }
                })
                .collect();
            let want = text.iter().position(|&x| leet_letter(x).is_some());
            assert_eq!(next_leet(&text), want, "{text:?}");
            let want = text.iter().position(|&x| x == b'\n');
            assert_eq!(next_newline(&text), want, "{text:?}");
        }
    }

    /// The run as the byte-by-byte loop measured it, from a position past its first byte.
    fn continued_run_loop(bytes: &[u8]) -> usize {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let single_space = b == b' ' && bytes.get(i + 1).is_some_and(|&n| is_plain(n));
            if !(is_plain(b) || single_space) {
                break;
            }
            i += 1;
        }
        i
    }

    #[test]
    fn plain_prefix_agrees_with_the_loop() {
        let alphabet = b"a  -\n\xc3!`\0";
        let mut next = crate::test_rng::below(0x0123_4567_89AB_CDEF);
        for _ in 0..200_000 {
            let mut w = [0u8; LANES + 1];
            // Mostly plain, so that long prefixes and whole blocks occur.
            for x in &mut w {
                *x = if next(3) == 0 {
                    alphabet[next(alphabet.len())]
                } else {
                    b'a'
                };
            }
            let want = continued_run_loop(&w).min(LANES);
            let (cur, next) = (w[..LANES].try_into(), w[1..].try_into());
            assert_eq!(plain_prefix(&cur.unwrap(), &next.unwrap()), want, "{w:?}");
        }
    }

    /// The vector scan says yes wherever the plain test does, on every string of up to six
    /// bytes over an alphabet that exercises each case, and on longer ones; and says yes
    /// only where the looser test (no lower-case letter beside a lone letter) holds.
    #[test]
    fn compactable_agrees_with_the_plain_test() {
        let plain = |b: &[u8]| (0..b.len().saturating_sub(2)).any(|i| compacts_at(b, i));
        let loose = |b: &[u8]| {
            (0..b.len().saturating_sub(2)).any(|i| {
                let (c, n1, n2) = (b[i], b[i + 1], b[i + 2]);
                let no_letter = |j: Option<&u8>| j.is_none_or(|x| !x.is_ascii_lowercase());
                c.is_ascii_lowercase()
                    && ((c == n1 && c == n2)
                        || (matches!(n1, b' ' | b'.')
                            && n2.is_ascii_lowercase()
                            && no_letter(i.checked_sub(1).map(|j| &b[j]))
                            && no_letter(b.get(i + 3))))
            })
        };
        let check = |text: &[u8]| {
            let found = compactable(text);
            assert!(found || !plain(text), "{text:?}");
            assert!(!found || loose(text), "{text:?}");
        };
        every_string(b"aab .'*1\xc3", 6, check);
        for pad in [60, 63, 64, 65, 130] {
            for tail in ["f u c", "sooo", "ab cd", "a.b", "x y", "1 a b 2", "word"] {
                let text = format!("{}{tail}{}", "word ".repeat(pad / 5), "z".repeat(pad % 5));
                check(text.as_bytes());
            }
        }
    }

    /// Compacting a view that has no run and no spaced letters changes nothing, so
    /// `compactable`'s rare false alarms leave the result as it was.
    #[test]
    fn compacting_a_view_that_needs_none_changes_nothing() {
        use crate::normalize::Normalized;
        let mut texts = Vec::new();
        every_string(b"ab .'*1", 5, |t| texts.push(t.to_vec()));
        for t in [
            "it's a 5",
            "1 a b 2",
            "x* y z",
            "caf\u{e9} a b",
            "so oo",
            "a b",
        ] {
            texts.push(t.as_bytes().to_vec());
        }
        for text in texts {
            let text = String::from_utf8(text).unwrap_or_default();
            let mut n = Normalized::default();
            // Appended only: `finish` would compact it already where the guard says so.
            n.append(&text, 0..text.len());
            let plain = (0..n.bytes.len().saturating_sub(2)).any(|i| compacts_at(&n.bytes, i));
            if plain {
                continue;
            }
            let len = n.bytes.len();
            let before = (n.bytes.clone(), n.flags.clone());
            let spans: Vec<_> = (0..len).map(|i| n.original(i, i + 1)).collect();
            n.compact_all();
            assert_eq!((n.bytes.clone(), n.flags.clone()), before, "{text:?}");
            let after: Vec<_> = (0..len).map(|i| n.original(i, i + 1)).collect();
            assert_eq!(after, spans, "{text:?}");
        }
    }
}
