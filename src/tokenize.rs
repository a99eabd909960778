//! Splits the normalized view into words (runs of word bytes, apostrophes trimmed at the
//! edges) and numbers their clauses. The matcher runs the `Tokenizer` inside its own scan
//! over the view's bytes, so the view is read once for both.

use crate::matcher::{Token, Words};

/// `TOKEN_BITS` bit: the byte continues a word (`is_word_byte`).
pub(crate) const WORD: u8 = 16;
/// `TOKEN_BITS` bit: the byte starts a word (a word byte other than an apostrophe).
pub(crate) const WORD_START: u8 = 32;
/// `TOKEN_BITS` bit: the byte ends a clause (`is_clause_break`).
pub(crate) const CLAUSE_BREAK: u8 = 64;

/// Per byte, its `WORD`, `WORD_START` and `CLAUSE_BREAK` bits. The matcher keeps them in
/// its own table next to its start bits, which use the low bits.
pub(crate) static TOKEN_BITS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'\'' || c == b'*' || c >= 0x80 {
            t[b] |= WORD;
            if c != b'\'' {
                t[b] |= WORD_START;
            }
        }
        if is_clause_break(c) {
            t[b] |= CLAUSE_BREAK;
        }
        b += 1;
    }
    t
};

/// Bytes that end a clause for the scope of negation, intensifiers and targets.
const fn is_clause_break(b: u8) -> bool {
    matches!(
        b,
        b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\n' | b'(' | b')' | b'"'
    )
}

/// No word is open.
const NO_WORD: usize = usize::MAX;

/// Tokenizes a view one byte at a time: `step` for each byte in order, then `finish`.
pub(crate) struct Tokenizer {
    /// Where the open word starts, or `NO_WORD`.
    start: usize,
    clause: u32,
}

impl Tokenizer {
    /// Starts on an empty `words`.
    pub(crate) fn new(words: &mut Words) -> Tokenizer {
        words.tokens.clear();
        words.breaks.clear();
        Tokenizer {
            start: NO_WORD,
            clause: 0,
        }
    }

    /// Byte `s` of `hay`, with its `TOKEN_BITS` (other bits are ignored).
    #[inline(always)]
    pub(crate) fn step(&mut self, hay: &[u8], s: usize, bits: u8, words: &mut Words) {
        if self.start != NO_WORD {
            if bits & WORD != 0 {
                return;
            }
            self.close(hay, s, words);
        }
        if bits & WORD_START != 0 {
            self.start = s;
        } else if bits & CLAUSE_BREAK != 0 {
            self.clause += 1;
            words.breaks.push(s as u32);
        }
    }

    /// Byte `s` of `hay` when it is neither a word byte nor a clause break (`step` with
    /// none of the `TOKEN_BITS`): closes the open word, if any.
    #[inline(always)]
    pub(crate) fn close(&mut self, hay: &[u8], s: usize, words: &mut Words) {
        if self.start == NO_WORD {
            return;
        }
        // Nearly every word starts with an ASCII letter or digit and ends without an
        // apostrophe: keep it here; the rest goes through `end_word`.
        let start = self.start;
        if hay[start].is_ascii_alphanumeric() && hay[s - 1] != b'\'' {
            self.start = NO_WORD;
            words.tokens.push(Token {
                start: start as u32,
                end: s as u32,
                clause: self.clause,
            });
        } else {
            self.end_word(hay, s, words);
        }
    }

    /// Closes the word open at the end of `hay`.
    pub(crate) fn finish(&mut self, hay: &[u8], words: &mut Words) {
        if self.start != NO_WORD {
            self.end_word(hay, hay.len(), words);
        }
    }

    /// Closes the open word at byte `i`: trims its apostrophes and keeps it when it has a
    /// letter or digit.
    #[cold]
    #[inline(never)]
    fn end_word(&mut self, hay: &[u8], i: usize, words: &mut Words) {
        let s = std::mem::replace(&mut self.start, NO_WORD);
        let mut e = i;
        while e > s && hay[e - 1] == b'\'' {
            e -= 1;
        }
        let word = &hay[s..e];
        if !word.iter().any(u8::is_ascii_alphanumeric)
            && !std::str::from_utf8(word).is_ok_and(|w| w.chars().any(char::is_alphanumeric))
        {
            return;
        }
        words.tokens.push(Token {
            start: s as u32,
            end: e as u32,
            clause: self.clause,
        });
    }
}

/// Tokenizes `hay` on its own (the matcher does it inside its scan).
#[cfg(test)]
pub(crate) fn tokenize(hay: &[u8], words: &mut Words) {
    let mut t = Tokenizer::new(words);
    for (s, &b) in hay.iter().enumerate() {
        t.step(hay, s, TOKEN_BITS[b as usize], words);
    }
    t.finish(hay, words);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::is_word_byte;

    #[test]
    fn token_bits_match_their_definitions() {
        for b in 0..=255u8 {
            assert_eq!(TOKEN_BITS[b as usize] & WORD != 0, is_word_byte(b), "{b}");
            let start = TOKEN_BITS[b as usize] & WORD_START != 0;
            assert_eq!(start, is_word_byte(b) && b != b'\'', "{b}");
        }
    }

    /// The byte-by-byte splitter as it was before it moved into the matcher's scan.
    fn tokenize_loop(hay: &[u8], words: &mut Words) {
        let out = &mut words.tokens;
        out.clear();
        words.breaks.clear();
        let mut clause = 0u32;
        let mut i = 0;
        while i < hay.len() {
            let b = hay[i];
            if !is_word_byte(b) || b == b'\'' {
                if is_clause_break(b) {
                    clause += 1;
                    words.breaks.push(i as u32);
                }
                i += 1;
                continue;
            }
            let s = i;
            while i < hay.len() && is_word_byte(hay[i]) {
                i += 1;
            }
            let mut e = i;
            while e > s && hay[e - 1] == b'\'' {
                e -= 1;
            }
            let word = &hay[s..e];
            if !word.iter().any(u8::is_ascii_alphanumeric)
                && !std::str::from_utf8(word).is_ok_and(|w| w.chars().any(char::is_alphanumeric))
            {
                continue;
            }
            out.push(Token {
                start: s as u32,
                end: e as u32,
                clause,
            });
        }
    }

    #[test]
    fn agrees_with_the_byte_loop() {
        let alphabet: &[&str] = &["a", "1", "'", " ", ",", "!", "*", "é", "😡", "\n", "-"];
        let (mut got, mut want) = (Words::default(), Words::default());
        for len in 0..=5u32 {
            for mut code in 0..alphabet.len().pow(len) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push_str(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                tokenize(text.as_bytes(), &mut got);
                tokenize_loop(text.as_bytes(), &mut want);
                assert_eq!(got.tokens, want.tokens, "{text:?}");
                assert_eq!(got.breaks, want.breaks, "{text:?}");
            }
        }
    }

    #[test]
    fn tokens_and_clauses() {
        let mut w = Words::default();
        tokenize(b"thanks, but 'no' way!! ok", &mut w);
        assert_eq!(w.clause_at(0), 0);
        assert_eq!(w.clause_at(24), 3);
        let words: Vec<(&str, u32)> = w
            .tokens
            .iter()
            .map(|t| {
                (
                    std::str::from_utf8(
                        &b"thanks, but 'no' way!! ok"[t.start as usize..t.end as usize],
                    )
                    .unwrap(),
                    t.clause,
                )
            })
            .collect();
        assert_eq!(
            words,
            [("thanks", 0), ("but", 1), ("no", 1), ("way", 1), ("ok", 3)]
        );
    }
}
