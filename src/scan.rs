//! Branch-free scans over the bytes of the normalized view. They are written over
//! equal-length shifted slices so the compiler vectorizes them: most messages need none
//! of the rarer steps these scans guard, and learn so for a few instructions per byte.

use crate::normalize::is_word_byte;

/// Positions a scan tests between two looks at whether one matched: long enough for the
/// vector loop, short enough that an early match stops the scan soon.
const BLOCK: usize = 64;

/// True when some position of `b` starts a run of three equal lower-case letters, or a
/// lone lower-case letter, one space or dot and another lone lower-case letter ("f u c k"
/// and "f.u.c.k" start so): the text then needs compacting.
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
    // Position `k + 1` for `k < m`: the byte before it and the three after it.
    let m = n - 4;
    let (before, at, next, next2, next3) =
        (&b[..m], &b[1..=m], &b[2..m + 2], &b[3..m + 3], &b[4..]);
    let mut k = 0;
    while k < m {
        let end = (k + BLOCK).min(m);
        let found = before[k..end]
            .iter()
            .zip(&at[k..end])
            .zip(&next[k..end])
            .zip(&next2[k..end])
            .zip(&next3[k..end])
            .fold(false, |found, ((((&p, &c), &n1), &n2), &n3)| {
                let run = (c == n1) & (c == n2);
                let spaced = ((n1 == b' ') | (n1 == b'.'))
                    & !ascii_word_byte(p)
                    & n2.is_ascii_lowercase()
                    & !ascii_word_byte(n3);
                found | (c.is_ascii_lowercase() & (run | spaced))
            });
        if found {
            return true;
        }
        k = end;
    }
    false
}

/// `is_word_byte` by arithmetic instead of a table, which vector code cannot read.
fn ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() | (b == b'\'') | (b == b'*') | (b >= 0x80)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_word_bytes_match_the_table() {
        for b in 0..=255u8 {
            assert_eq!(ascii_word_byte(b), is_word_byte(b), "{b}");
        }
    }

    /// The vector scan agrees with the plain test at every position, on every string of
    /// up to six bytes over an alphabet that exercises each case, and on longer ones.
    #[test]
    fn compactable_agrees_with_the_plain_test() {
        let plain = |b: &[u8]| (0..b.len().saturating_sub(2)).any(|i| compacts_at(b, i));
        let alphabet = b"aab .'*1\xc3";
        let mut text = Vec::new();
        for len in 0..=6u32 {
            for mut code in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                assert_eq!(compactable(&text), plain(&text), "{text:?}");
            }
        }
        for pad in [60, 63, 64, 65, 130] {
            for tail in ["f u c", "sooo", "ab cd", "a.b", "x y"] {
                let text = format!("{}{tail}{}", "word ".repeat(pad / 5), "z".repeat(pad % 5));
                assert_eq!(
                    compactable(text.as_bytes()),
                    plain(text.as_bytes()),
                    "{text}"
                );
            }
        }
    }
}
