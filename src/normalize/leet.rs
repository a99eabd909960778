//! Leetspeak and masks in the normalized view: digits and symbols used as letters inside
//! words become those letters, masking symbols between letters become `*`.

use super::{is_word_byte, Normalized, EVASIVE};
use crate::fold::leet_letter;

impl Normalized {
    /// Maps digits and symbols used as letters inside words ("sh!t", "b1tch", "a$$") and
    /// turns masking symbols between letters into `*` ("f#ck" -> "f*ck").
    ///
    /// Linear time: the bytes of one run of leet symbols share what follows the run, so the
    /// run is measured once, not once per byte (a megabyte of "!!!" used to be quadratic).
    ///
    /// Only runs that may decode or hold a `*` are read symbol by symbol
    /// ([`Normalized::may_decode`]): most runs in real text, "@name", "$30", "2015",
    /// cannot, and reading them mispredicts branches.
    pub(super) fn decode_leet(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            // Skip to the next leet symbol in one pass (most text has few).
            match crate::scan::next_leet(&self.bytes[i..]) {
                Some(k) => i += k,
                None => break,
            }
            let mut end = i + 1;
            while end < n && leet_letter(self.bytes[end]).is_some() {
                end += 1;
            }
            if self.may_decode(i, end) {
                self.decode_run(i, end);
            }
            i = end;
        }
    }

    /// Whether run `i..end` of leet symbols may decode one, or holds a `*`. A symbol
    /// decodes only after a lower-case letter, or from a digit or `$` before one
    /// (`decode_leet_at`); so a run with no lower-case letter before it decodes only when
    /// one follows it and it holds a digit or `$` (a `#` becomes `*` only after a letter).
    /// After a letter, with no letter after the run ("thanks!!"), only a `$` (which may
    /// then decode the symbols after it) or a `#` decodes: a digit there continues a word
    /// and needs a letter after it like the other symbols.
    #[allow(clippy::manual_contains)] // see the `*` test below
    fn may_decode(&self, i: usize, end: usize) -> bool {
        let b = &self.bytes;
        let run = &b[i..end];
        let next_letter = b.get(end).is_some_and(u8::is_ascii_lowercase);
        (i > 0
            && b[i - 1].is_ascii_lowercase()
            && (next_letter || run.iter().any(|&x| x == b'$' || x == b'#')))
            || (next_letter && run.iter().any(|&x| x == b'$' || x.is_ascii_digit()))
            // A run is a few bytes: a loop, not `contains`' call of `memchr` (20 of
            // 12,650 instructions on the benchmark tweet).
            || run.iter().any(|&x| x == b'*')
    }

    /// Decodes run `i..end` of leet symbols, symbol by symbol.
    pub(super) fn decode_run(&mut self, i: usize, end: usize) {
        let next_letter = self.bytes.get(end).is_some_and(u8::is_ascii_lowercase);
        // From `same_tail` on, the run is one repeated symbol up to its end ("f**").
        let mut same_tail = end - 1;
        while same_tail > i && self.bytes[same_tail - 1] == self.bytes[end - 1] {
            same_tail -= 1;
        }
        for k in i..end {
            self.decode_leet_at(k, next_letter, k >= same_tail);
            // Every `*` of the view is a leet symbol or decoded from one: all pass here.
            self.stars |= self.bytes[k] == b'*';
        }
    }

    /// Decodes the leet symbol at `k` when its neighbours make it a letter. `next_letter`:
    /// a letter follows its run of symbols; `same_to_end`: the run continues with this
    /// symbol only.
    fn decode_leet_at(&mut self, k: usize, next_letter: bool, same_to_end: bool) {
        let b = self.bytes[k];
        let Some(letter) = leet_letter(b) else {
            return;
        };
        let prev_letter = k > 0 && self.bytes[k - 1].is_ascii_lowercase();
        let prev_word = k > 0 && is_word_byte(self.bytes[k - 1]);
        let decode = match b {
            b'$' => prev_letter || (next_letter && !prev_word),
            // A word that starts with a digit is leet only when more leet follows
            // ("1d10t"), not a quantity ("1hr", "1st", "4ever"). Only a word's first byte
            // looks ahead, so each word is read once.
            b'0'..=b'9' if !prev_word => {
                next_letter && {
                    let rest = self.bytes[k + 1..].iter().take_while(|&&x| is_word_byte(x));
                    rest.clone().any(|&x| x.is_ascii_digit())
                        && rest.clone().any(|x| x.is_ascii_lowercase())
                }
            }
            b'*' | b'#' => prev_letter && (next_letter || same_to_end),
            _ => prev_letter && next_letter,
        };
        if decode {
            self.bytes[k] = letter;
            self.flags[k] |= EVASIVE;
            self.any_flags |= EVASIVE;
        }
    }
}
