//! The view built the way it was before blocks: plain runs measured byte by byte, every
//! byte pushed with its own original offsets; and leetspeak decoded over every run of
//! symbols; and the randomized tests that check
//! [`Normalized::append`](super::Normalized::append) and `decode_leet` against them.

use super::view::{push_char, View};
use super::{Normalized, UPPER};
use crate::fold::{is_plain, leet_letter};

/// What `append` builds, with a start and end offset stored for every byte.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct OldView {
    pub bytes: Vec<u8>,
    pub start: Vec<usize>,
    pub end: Vec<usize>,
    pub flags: Vec<u8>,
    pub upper_letters: usize,
    pub lower_letters: usize,
}

impl View for OldView {
    fn last(&self) -> Option<u8> {
        self.bytes.last().copied()
    }

    fn set_last(&mut self, byte: u8) {
        if let Some(last) = self.bytes.last_mut() {
            *last = byte;
        }
    }

    fn push(&mut self, byte: u8, start: usize, end: usize, flags: u8) {
        self.bytes.push(byte);
        self.start.push(start);
        self.end.push(end);
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

impl OldView {
    /// The old `append`, step for step.
    pub fn append(&mut self, text: &str, range: std::ops::Range<usize>) {
        if !self.bytes.is_empty() {
            self.push_space(true, range.start, range.start);
        }
        let bytes = text.as_bytes();
        let mut pending_evasive = 0u8;
        let mut i = range.start;
        while i < range.end {
            let run = plain_run(&bytes[i..range.end]);
            if run > 0 {
                for (k, &b) in bytes[i..i + run].iter().enumerate() {
                    let f = if b.is_ascii_uppercase() { UPPER } else { 0 };
                    self.upper_letters += usize::from(b.is_ascii_uppercase());
                    self.lower_letters += usize::from(b.is_ascii_lowercase());
                    let first = if k == 0 { pending_evasive } else { 0 };
                    self.push(b.to_ascii_lowercase(), i + k, i + k + 1, f | first);
                }
                pending_evasive = 0;
                i += run;
                continue;
            }
            i = push_char(self, text, i, &mut pending_evasive);
        }
    }
}

/// The old plain run, byte by byte: a plain first byte, then plain bytes and single
/// spaces with a plain byte after them.
fn plain_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let single_space = b == b' ' && i > 0 && bytes.get(i + 1).is_some_and(|&n| is_plain(n));
        if !(is_plain(b) || single_space) {
            break;
        }
        i += 1;
    }
    i
}

impl Normalized {
    /// The old `decode_leet`: every run of leetspeak symbols read, from the first symbol
    /// on, whether it may decode or not.
    pub(super) fn decode_leet_every_run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            if leet_letter(self.bytes[i]).is_none() {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < n && leet_letter(self.bytes[end]).is_some() {
                end += 1;
            }
            self.decode_run(i, end);
            i = end;
        }
    }
}

/// Random text from pieces that take every path of `append`: plain runs shorter and
/// longer than a block, single and double spaces, context-dependent ASCII, control
/// characters and non-ASCII of every fold.
fn random_text(next: &mut impl FnMut(usize) -> usize) -> String {
    const PIECES: &[&str] = &[
        "Hello",
        "WORLD",
        "a",
        " ",
        "  ",
        "-",
        "_",
        "`",
        "\t",
        "\r\n",
        "\n",
        "\u{7}",
        "!!",
        "sh!t",
        "a$$",
        "1d10t",
        "@united",
        "https://t.co/mWpG7grEZP",
        "&amp;",
        "caf\u{e9}",
        "\u{c9}T\u{c9}",
        "\u{1F621}",
        "\u{200B}",
        "\u{FE0F}",
        "\u{2019}",
        "\u{201C}",
        "\u{2014}",
        "\u{FF26}",
        "\u{0430}",
        "\u{416}",
        "\u{A0}",
        "Thisisalongerrunthancrossesablock",
        "x y z",
        "sooo",
    ];
    let mut text = String::new();
    for _ in 0..next(14) {
        text.push_str(PIECES[next(PIECES.len())]);
    }
    text
}

/// `append` builds the view the per-byte way did: same bytes, flags, letter counts
/// and original offsets for every byte, over one or more regions.
#[test]
fn append_matches_the_per_byte_view() {
    let mut next = crate::test_rng::below(0x5DEE_CE66_D1CE_4E5B);
    let mut n = Normalized::default();
    for _ in 0..20_000 {
        let text = random_text(&mut next);
        let cuts = random_cuts(&text, &mut next);
        n.clear();
        let mut old = OldView::default();
        for r in cuts.windows(2) {
            if r[0] < r[1] {
                n.append(&text, r[0]..r[1]);
                old.append(&text, r[0]..r[1]);
            }
        }
        assert_eq!(n.bytes, old.bytes, "{text:?}");
        assert_eq!(n.flags, old.flags, "{text:?}");
        let counts = (n.upper_letters, n.lower_letters);
        assert_eq!(counts, (old.upper_letters, old.lower_letters), "{text:?}");
        for i in 0..n.bytes.len() {
            let want = (old.start[i], old.end[i]);
            assert_eq!(n.original(i, i + 1), want, "{text:?} {i}");
        }
    }
}

/// Reading only the runs that may decode (or hold a `*`) decodes what reading every
/// run did: same bytes, flags and `stars`, on random views dense in symbols.
#[test]
fn decoding_live_runs_matches_decoding_every_run() {
    let alphabet = b"abcxyz @!$*#|+0123456789. '\xc3\xa9";
    let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
    for _ in 0..100_000 {
        let len = next(24);
        let bytes: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
        let flags: Vec<u8> = (0..len).map(|_| (next(8) == 0) as u8 * UPPER).collect();
        let view = |n: &mut Normalized| {
            n.bytes.clone_from(&bytes);
            n.flags.clone_from(&flags);
            n.stars = false;
        };
        let (mut new, mut old) = (Normalized::default(), Normalized::default());
        view(&mut new);
        view(&mut old);
        new.decode_leet();
        old.decode_leet_every_run();
        assert_eq!(
            new.bytes,
            old.bytes,
            "{:?}",
            String::from_utf8_lossy(&bytes)
        );
        assert_eq!(
            new.flags,
            old.flags,
            "{:?}",
            String::from_utf8_lossy(&bytes)
        );
        assert_eq!(
            new.stars,
            old.stars,
            "{:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

impl Normalized {
    /// The old `finish`: the flags or-ed together at the end, over the finished view.
    fn finish_gathering_flags_at_the_end(&mut self) {
        self.finish();
        self.any_flags = self.flags.iter().fold(0, |all, &f| all | f);
    }
}

/// Up to two random cuts of `text` on char boundaries, with its two ends, sorted: the
/// regions a test appends.
fn random_cuts(text: &str, next: &mut impl FnMut(usize) -> usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = (0..next(3))
        .map(|_| next(text.len() + 1))
        .filter(|&c| text.is_char_boundary(c))
        .collect();
    cuts.extend([0, text.len()]);
    cuts.sort_unstable();
    cuts
}

/// The flags or-ed as they are written are those of the finished view or-ed at the end,
/// and `finish` builds the same view as before: same bytes, flags, offsets and `stars`,
/// on random texts dense in symbols, drawn-out and spaced letters, over one or more
/// regions.
#[test]
fn flags_gathered_as_written_match_the_finished_view() {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "sh",
        "t",
        " ",
        "  ",
        ".",
        "-",
        "_",
        "\n",
        "!",
        "!!",
        "$",
        "$$",
        "*",
        "#",
        "|",
        "+",
        "@",
        "0",
        "1",
        "3",
        "4",
        "5",
        "7",
        "2",
        "9",
        "@united",
        "$30",
        "2015",
        "1d10t",
        "f**k",
        "a#$h0le",
        "b1tch",
        "\u{200B}",
        "\u{FF48}",
        "\u{FF01}",
        "\u{e9}",
        "\u{FF14}",
        "x y z",
        "sooo",
        "Thisisalongerrunthancrossesablock",
    ];
    let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
    let (mut n, mut old) = (Normalized::default(), Normalized::default());
    for _ in 0..100_000 {
        let text: String = (0..next(16)).map(|_| PIECES[next(PIECES.len())]).collect();
        let cuts = random_cuts(&text, &mut next);
        n.clear();
        old.clear();
        for r in cuts.windows(2) {
            if r[0] < r[1] {
                n.append(&text, r[0]..r[1]);
                old.append(&text, r[0]..r[1]);
            }
        }
        n.finish();
        old.finish_gathering_flags_at_the_end();
        assert_eq!(n.bytes, old.bytes, "{text:?}");
        assert_eq!(n.flags, old.flags, "{text:?}");
        assert_eq!(
            (n.stars, n.any_flags),
            (old.stars, old.any_flags),
            "{text:?}"
        );
        for i in 0..n.bytes.len() {
            assert_eq!(n.original(i, i + 1), old.original(i, i + 1), "{text:?} {i}");
        }
    }
}
