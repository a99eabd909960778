//! What `append` writes into, and how it writes a character that is not plain ASCII: one
//! fold for the view and for the per-byte view its tests check the block path against
//! (`old.rs`), so the two differ only where the blocks do.

use super::{EVASIVE, UPPER};
use crate::fold::{fold_ascii, fold_non_ascii, Fold};

/// A normalized view being built: bytes with their flags and original offsets.
pub(super) trait View {
    /// The last byte written.
    fn last(&self) -> Option<u8>;
    /// Makes the last byte written `byte` (a space that becomes a line break).
    fn set_last(&mut self, byte: u8);
    /// Writes `byte`, from original bytes `start..end`, with `flags`.
    fn push(&mut self, byte: u8, start: usize, end: usize, flags: u8);
    /// Counts a letter of the original text, a capital or not.
    fn count_letter(&mut self, upper: bool);

    /// Writes one space (a line break if `newline`) for original bytes `start..end`: none
    /// at the start or after another, and a line break wins over a space.
    fn push_space(&mut self, newline: bool, start: usize, end: usize) {
        match self.last() {
            None => {}
            Some(b' ') if newline => self.set_last(b'\n'),
            Some(b' ') | Some(b'\n') => {}
            Some(_) => self.push(if newline { b'\n' } else { b' ' }, start, end, 0),
        }
    }
}

/// Writes the character of `text` that starts at `i` (one that is not plain ASCII) as
/// its fold says, and returns where the next one starts. `pending_evasive` carries the
/// mark of a skipped character inside a word ("f\u{200B}uck") to the next one written.
pub(super) fn push_char(
    view: &mut impl View,
    text: &str,
    i: usize,
    pending_evasive: &mut u8,
) -> usize {
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    let (o, e) = (i, i + c.len_utf8());
    let fold = if c.is_ascii() {
        fold_ascii(c as u8, text.as_bytes().get(e).copied(), view.last())
    } else {
        fold_non_ascii(c)
    };
    match fold {
        Fold::Skip => {
            if view.last().is_some_and(|b| b.is_ascii_alphanumeric()) {
                *pending_evasive = EVASIVE;
            }
        }
        Fold::Space(nl) => view.push_space(nl, o, e),
        Fold::Ascii {
            byte,
            evasive,
            upper,
        } => {
            let mut f = std::mem::take(pending_evasive);
            if evasive {
                f |= EVASIVE;
            }
            if byte.is_ascii_alphabetic() {
                if upper {
                    f |= UPPER;
                }
                view.count_letter(upper);
            }
            view.push(byte, o, e, f);
        }
        Fold::Keep(k) => {
            let mut buf = [0u8; 4];
            let f = std::mem::take(pending_evasive);
            if k.is_alphabetic() {
                view.count_letter(c.is_uppercase());
            }
            for &b in k.encode_utf8(&mut buf).as_bytes() {
                view.push(b, o, e, f);
            }
        }
    }
    e
}
