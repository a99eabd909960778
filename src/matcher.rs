//! Finds lexicon patterns in the normalized view: a trie walked from word starts for terms,
//! one from every symbol start for emoji and emoticons, one regex set for `re:` rules.

use crate::normalize::{Normalized, ELONGATED, EVASIVE};
use crate::odd::OddWords;
use crate::rule_set::{RuleAutomaton, RuleScratch, RuleSet};
use crate::tokenize::{Tokenizer, TOKEN_BITS};
use crate::trie::{Trie, RUN_MAX};
use crate::Error;

mod prune;

use prune::OnlinePrune;

/// `Matcher::starts` bit: some symbol (emoji, emoticon) starts with this byte.
const STARTS_SYMBOL: u8 = 1;
/// `Matcher::starts` bit: some term or prefix stem starts with this byte.
const STARTS_TERM: u8 = 2;
/// `Matcher::starts` bit: no word starts right after this byte (a letter, digit or `*`).
const BLOCKS_NEXT: u8 = 4;
/// `Matcher::starts` bit: whether a word starts after this byte depends on the character
/// it belongs to (non-ASCII) or on the one before it (an apostrophe): see `word_start`.
const ASK_BEFORE: u8 = 8;

/// `Matcher::starts` bit: a letter, digit or `*` that starts no symbol. Inside a word, after
/// a letter, digit or `*`, such a byte changes nothing (the word goes on, no term starts
/// there, no symbol either): the scan passes over a run of them in a tight loop.
const QUIET_IN_WORD: u8 = 128;

/// How a pattern is matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// Whole words.
    Term,
    /// Whole words at the start; the last word may continue.
    Prefix,
    /// Anywhere (emoji, emoticons).
    Symbol,
    /// A regular expression.
    Regex,
}

/// One distinct pattern and the entries (by index) that share it.
#[derive(Clone, Debug)]
pub(crate) struct PatternSlot {
    pub kind: Kind,
    /// Its entries: `Matcher::entries_of` (a range of one shared list).
    pub entries: (u32, u32),
    /// The overlap groups of its entries, one bit each (see `select::group_bit`).
    pub groups: u8,
}

/// A match in the normalized view, before rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Normalized byte range.
    pub start: usize,
    pub end: usize,
    /// Index into `Matcher::slots`.
    pub slot: u32,
}

/// The words of the normalized view and where its clauses break.
#[derive(Clone, Debug, Default)]
pub(crate) struct Words {
    pub tokens: Vec<Token>,
    /// Byte offsets of clause-breaking punctuation, ascending.
    pub breaks: Vec<u32>,
    /// The rule set's scratch, reused from message to message.
    rules: RuleScratch,
    /// A drawn-out word with its runs squeezed, reused from word to word.
    squeezed: Vec<u8>,
}

impl Words {
    /// The clause that byte `pos` of the view stands in (the rules count clauses with a
    /// cursor instead).
    #[cfg(test)]
    pub fn clause_at(&self, pos: usize) -> u32 {
        self.breaks.partition_point(|&b| (b as usize) < pos) as u32
    }
}

/// A word of the normalized view, with the clause it stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    pub clause: u32,
}

/// The compiled patterns of an engine.
#[derive(Debug)]
pub(crate) struct Matcher {
    /// Terms and prefix stems (whole words), walked from each word start; values are slots.
    terms: Trie,
    /// Symbols (emoji, emoticons), walked from every byte that starts one; values are slots.
    symbols: Trie,
    /// The `re:` rules, if any.
    rules: Option<RuleSet>,
    pub slots: Vec<PatternSlot>,
    /// The entries of every slot, slot after slot.
    slot_entries: Vec<u32>,
    /// Single-word terms and stems, for drawn-out and masked words.
    odd: OddWords,
    /// Per byte, the `STARTS_SYMBOL`, `STARTS_TERM`, `BLOCKS_NEXT` and `ASK_BEFORE` bits and
    /// the tokenizer's (`TOKEN_BITS`): the scan over the view reads one entry per byte.
    starts: [u8; 256],
}

/// What the engine hands the matcher: a distinct pattern text and its slot.
pub(crate) struct PatternSpec<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub kind: Kind,
}

impl Matcher {
    /// The `re:` rules, if any.
    #[cfg(any(test, feature = "prebuild"))]
    pub(crate) fn rule_set(&self) -> Option<&RuleSet> {
        self.rules.as_ref()
    }

    /// Compiles the patterns; `specs[i]` belongs to `slots[i]`, and `rules` was compiled
    /// over the texts of the `Regex` specs, in their order.
    pub fn new(
        specs: &[PatternSpec<'_>],
        slots: Vec<PatternSlot>,
        slot_entries: Vec<u32>,
        rules: Option<RuleAutomaton>,
    ) -> Result<Matcher, Error> {
        let mut term_keys: Vec<(&[u8], u32)> = Vec::new();
        let mut symbol_keys: Vec<(&[u8], u32)> = Vec::new();
        let mut odd = OddWords::default();
        for (i, spec) in specs.iter().enumerate() {
            let slot = i as u32;
            match spec.kind {
                Kind::Regex => {}
                Kind::Symbol => symbol_keys.push((spec.text.as_bytes(), slot)),
                Kind::Term | Kind::Prefix => {
                    term_keys.push((spec.text.as_bytes(), slot));
                    // A plain loop: texts are short, and a `memchr` call costs more for them.
                    if !spec.text.bytes().any(|b| b == b' ') {
                        odd.add(&spec.text, spec.kind == Kind::Prefix, slot);
                    }
                }
            }
        }
        let rule_slots = specs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == Kind::Regex)
            .map(|(i, s)| (&*s.text, i as u32));
        let rules = rules.map(|dfa| RuleSet::new(dfa, rule_slots));
        let too_many = |what: &str| {
            Error::invalid(format!(
                "the lexicons' {what} are too many: they need more than {} trie nodes",
                crate::trie::MAX_NODES
            ))
        };
        let stem = |slot: u32| specs[slot as usize].kind == Kind::Prefix;
        let terms = Trie::with_jump(&term_keys, stem).ok_or_else(|| too_many("terms"))?;
        let symbols = Trie::new(&symbol_keys).ok_or_else(|| too_many("symbols"))?;
        let mut starts = TOKEN_BITS;
        for (b, s) in starts.iter_mut().enumerate() {
            let b = b as u8;
            if symbols.starts_with_byte(b) {
                *s |= STARTS_SYMBOL;
            }
            if terms.starts_with_byte(b) {
                *s |= STARTS_TERM;
            }
            if b.is_ascii_alphanumeric() || b == b'*' {
                *s |= BLOCKS_NEXT;
            }
            if b >= 0x80 || b == b'\'' {
                *s |= ASK_BEFORE;
            }
            if *s & BLOCKS_NEXT != 0 && *s & STARTS_SYMBOL == 0 {
                *s |= QUIET_IN_WORD;
            }
        }
        Ok(Matcher {
            terms,
            symbols,
            rules,
            slots,
            slot_entries,
            odd,
            starts,
        })
    }

    /// Finds every pattern in `norm` and keeps whole-word matches, sorted by position
    /// (overlaps are resolved by the rules, per axis). `tokens` receives the words.
    pub fn find(&self, norm: &Normalized, words: &mut Words, out: &mut Vec<Candidate>) {
        self.find_with::<true>(norm, words, out);
    }

    /// `find`; with `FAST` false, the scan as it was, for the tests: every byte that is
    /// not a word's quiet byte takes a round of its own, and a key's slot is read before
    /// whether the key ends a word.
    #[inline(always)]
    fn find_with<const FAST: bool>(
        &self,
        norm: &Normalized,
        words: &mut Words,
        out: &mut Vec<Candidate>,
    ) {
        out.clear();
        let hay = &norm.bytes[..];
        let mut tokenizer = Tokenizer::new(words);
        // With `FAST` false, every candidate is pushed and `prune` runs at the end, as it
        // was: the oracle of the online pruning.
        let mut online = OnlinePrune::new();
        // The bits of the byte before `s` (a space before the first).
        let mut prev = self.starts[usize::from(b' ')];
        let mut next = 0;
        while next < hay.len() {
            let s = next;
            let starts = self.starts[hay[s] as usize];
            next += 1;
            if starts & BLOCKS_NEXT != 0 {
                // A word is open (this byte continues or starts it) and nothing happens on
                // its quiet bytes; `prev` stands for them (same `BLOCKS_NEXT` and
                // `ASK_BEFORE` bits).
                while next < hay.len() && self.starts[hay[next] as usize] & QUIET_IN_WORD != 0 {
                    next += 1;
                }
            }
            let before = std::mem::replace(&mut prev, starts);
            tokenizer.step(hay, s, starts, words);
            if starts & STARTS_SYMBOL != 0 {
                self.symbols.walk(hay, s, |e, slot| {
                    if emoticon_boundaries(hay, s, e) {
                        let c = Candidate {
                            start: s,
                            end: e,
                            slot,
                        };
                        online.push::<FAST>(&self.slots, out, c);
                    }
                });
            }
            // After a letter, digit or `*` no word starts; after any other ASCII byte but
            // an apostrophe one does; the rest needs the character before (`word_start`).
            if starts & STARTS_TERM != 0
                && before & BLOCKS_NEXT == 0
                && (before & ASK_BEFORE == 0 || word_start(hay, s))
            {
                // A short word of letters and digits (the quiet bytes from `s`, and no
                // more of them after) goes in one step (`Trie::walk_word`).
                let word = (starts & BLOCKS_NEXT != 0
                    && next - s <= RUN_MAX
                    && hay
                        .get(next)
                        .is_none_or(|&b| self.starts[b as usize] & BLOCKS_NEXT == 0))
                .then_some(next);
                self.terms.walk_word(
                    hay,
                    s,
                    word,
                    // Inlined where `Trie::report` calls it: left to the compiler, it became
                    // a call per key end (7 on the benchmark tweet, about 53 instructions
                    // each); inlined, the tweet took 12,710 instructions instead of 12,790
                    // and the paragraph 47,598 instead of 47,867. (An attribute on a
                    // closure passed as an argument is stable Rust.)
                    #[inline(always)]
                    |mut e, slot| {
                        // A key that ends a word is kept whatever its kind: the slot's kind
                        // (a load that often missed the cache here, in a chain of loads) is
                        // read only for a key that ends inside a word.
                        if !FAST && self.slots[slot as usize].kind == Kind::Prefix {
                            while e < hay.len() && !word_end(hay, e) {
                                e += 1;
                            }
                        } else if !word_end(hay, e) {
                            if !FAST || self.slots[slot as usize].kind != Kind::Prefix {
                                return;
                            }
                            while e < hay.len() && !word_end(hay, e) {
                                e += 1;
                            }
                        }
                        let c = Candidate {
                            start: s,
                            end: e,
                            slot,
                        };
                        online.push::<FAST>(&self.slots, out, c);
                    },
                );
            }
            // A plain byte next (a space after nearly every word): its own round would
            // only close the open word, so it is done here, without the tests above.
            if let Some(&b) = hay.get(next).filter(|_| FAST) {
                let bits = self.starts[b as usize];
                if bits == 0 {
                    tokenizer.close(hay, next, words);
                    prev = bits;
                    next += 1;
                }
            }
        }
        tokenizer.finish(hay, words);
        let tokens = &words.tokens;
        if norm.any_flags & ELONGATED != 0 || norm.stars {
            online.disorder();
            out.sort_unstable_by_key(|c| (c.start, c.end));
            self.odd
                .find(&self.slots, norm, tokens, &mut words.squeezed, out);
        }
        let scanned = out.len();
        if let Some(rules) = &self.rules {
            rules.find(hay, &mut words.rules, |start, end, slot| {
                out.push(Candidate { start, end, slot });
            });
        }
        // The scan's candidates are in `prune`'s order unless `online` says otherwise; the
        // rules' few go into place after them.
        online.finish(&self.slots, out, scanned);
    }

    /// The entries (indexes) that share pattern slot `slot`.
    pub fn entries_of(&self, slot: u32) -> &[u32] {
        let (s, e) = self.slots[slot as usize].entries;
        &self.slot_entries[s as usize..e as usize]
    }

    /// True when bytes `s..e` of the view hold a decoded evasive form.
    pub fn evasive(norm: &Normalized, s: usize, e: usize) -> bool {
        norm.flags[s..e].iter().any(|f| f & EVASIVE != 0)
    }
}

/// An ASCII emoticon (`:/`, `>:(`) must stand apart from words and other punctuation, so
/// `http://` holds no `:/`; emoji (non-ASCII symbols) match anywhere.
fn emoticon_boundaries(hay: &[u8], s: usize, e: usize) -> bool {
    if !hay[s..e].is_ascii() {
        return true;
    }
    let free = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || !c.is_ascii());
    free(char_before(hay, s)) && free(char_at(hay, e))
}

/// The char ending just before byte `i` of a UTF-8 view.
fn char_before(hay: &[u8], i: usize) -> Option<char> {
    let mut s = i.checked_sub(1)?;
    if hay[s] < 0x80 {
        return Some(hay[s] as char);
    }
    while s > 0 && (hay[s] & 0xC0) == 0x80 {
        s -= 1;
    }
    std::str::from_utf8(&hay[s..i]).ok()?.chars().next()
}

/// The char starting at byte `i`.
fn char_at(hay: &[u8], i: usize) -> Option<char> {
    match hay.get(i) {
        None => return None,
        Some(&b) if b < 0x80 => return Some(b as char),
        _ => {}
    }
    let end = (i + 4).min(hay.len());
    let slice = &hay[i..end];
    let valid = match std::str::from_utf8(slice) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&slice[..e.valid_up_to()]).ok()?,
    };
    valid.chars().next()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '*'
}

/// True when byte `s` starts a word (no word character runs into it from the left).
pub(crate) fn word_start(hay: &[u8], s: usize) -> bool {
    match char_before(hay, s) {
        None => true,
        Some('\'') => !char_before(hay, s - 1).is_some_and(char::is_alphanumeric),
        Some(c) => !is_word_char(c),
    }
}

/// True when byte `e` ends a word (no word character continues it). A possessive `'s`
/// counts as an end ("company's").
#[inline]
pub(crate) fn word_end(hay: &[u8], e: usize) -> bool {
    // Nearly always an ASCII byte other than an apostrophe follows: decide it here.
    match hay.get(e) {
        None => return true,
        Some(&b) if b < 0x80 && b != b'\'' => return !(b.is_ascii_alphanumeric() || b == b'*'),
        _ => {}
    }
    word_end_at_char(hay, e)
}

/// `word_end` when byte `e` is an apostrophe or starts a non-ASCII character: out of line,
/// so the callers' loops stay small.
#[cold]
#[inline(never)]
fn word_end_at_char(hay: &[u8], e: usize) -> bool {
    match char_at(hay, e) {
        None => true,
        Some('\'') => match char_at(hay, e + 1) {
            Some('s') => char_at(hay, e + 2).is_none_or(|c| !is_word_char(c) && c != '\''),
            Some(c) => !c.is_alphanumeric(),
            None => true,
        },
        Some(c) => !is_word_char(c),
    }
}

#[cfg(test)]
mod tests;
