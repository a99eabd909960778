//! A word's first steps of a walk in one probe: a table from a word (a run of ASCII
//! letters, digits and `*`, at most `RUN_MAX` bytes) to the node its bytes lead to from
//! the root. Short words sit near the root, where nodes have many children and every step
//! is a probe: a word of five letters costs one probe here instead of five. A word is in
//! the table only when no key ends inside it that a walk would report there (see
//! `Trie::with_jump`), so a walk from the word's node on finds what a walk from its
//! start finds. A word not in the table is no key's first word, so a walk from its start
//! finds only keys that end inside it: the matcher drops them unless they are prefix
//! stems, and a small filter of the stems says when the word must be walked byte by byte
//! (rarely); otherwise the walk ends there, with no step in the trie.

use super::slot_of;

/// A word is looked up when it is at most this long: its bytes, packed one per 8 bits,
/// are the table's key (no byte is 0), so a probe needs no check of the text.
pub(crate) const RUN_MAX: usize = 8;

/// Jump slots per entry, at least: a table at most a quarter full finds a key in about
/// one probe and learns of an absent one in little more (half full measured more L1
/// misses and 5 more mispredicts per tweet on real text, for 0.5 fewer L2 misses).
const SLOTS_PER_ENTRY: usize = 4;

/// Bits in the filter of prefix stems (`Jump::stem_inside`): 512 bytes, one cache line
/// or two per lookup and no more in L1, for some hundred stems (the built-in lexicons have
/// 97 that can end inside a word of `RUN_MAX` bytes: about 2% of the bits set).
const STEM_FILTER_BITS: usize = 4096;

/// The filter keys a stem by at most this many of its first bytes: three tell most words
/// from the stems (a word shares its first two bytes with some stem far more often).
const STEM_FILTER_PREFIX: usize = 3;

/// Per byte, whether it belongs to a word here (an ASCII letter, digit or `*`): a table,
/// as building reads every key's first word.
static RUN_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'*';
        b += 1;
    }
    t
};

/// The length of the word that `key` starts with, or `RUN_MAX + 1` when it is longer,
/// given that its first `known` bytes belong to it.
pub(crate) fn run_len(key: &[u8], known: usize) -> usize {
    let mut n = known;
    while n <= RUN_MAX && n < key.len() && RUN_BYTES[key[n] as usize] {
        n += 1;
    }
    n
}

/// The key of `run` (1 to `RUN_MAX` bytes, none of them 0); never 0.
#[inline(always)]
pub(crate) fn pack(run: &[u8]) -> u64 {
    run.iter().fold(0u64, |k, &b| k << 8 | u64::from(b))
}

/// The key of the word `hay[start..end]` (1 to `RUN_MAX` bytes): one load when eight
/// bytes follow its start, the top `end - start` of them.
#[inline(always)]
pub(crate) fn pack_at(hay: &[u8], start: usize, end: usize) -> u64 {
    match hay.get(start..start + RUN_MAX) {
        Some(eight) => {
            let mut word = [0u8; RUN_MAX];
            word.copy_from_slice(eight);
            u64::from_be_bytes(word) >> (8 * (RUN_MAX - (end - start)))
        }
        None => pack(&hay[start..end]),
    }
}

/// The filter bit of a stem's packed first bytes.
#[inline(always)]
fn stem_bit(key: u64) -> usize {
    slot_of(key, STEM_FILTER_BITS - 1)
}

/// Packed words mapped to walk nodes (see `slots`).
#[derive(Debug)]
pub(crate) struct Jump {
    /// Per slot, a packed word (0 when empty), its node's position (with `WORD_VALUES`
    /// when keys end there) and the position of the node after it by a space, or of a
    /// dead end (a leaf without keys): a walk that goes on through a space (most do)
    /// reads nothing of the word's record.
    slots: Vec<(u64, u32, u32)>,
    mask: usize,
    /// The shortest prefix stem that can end inside a word of the table's length (at most
    /// `RUN_MAX - 1` bytes, all of them word bytes); `usize::MAX` when none.
    min_stem: usize,
    /// How many first bytes of a word the filter reads: `STEM_FILTER_PREFIX`, or fewer
    /// when a stem is shorter.
    prefix: usize,
    /// One bit per hashed `prefix` first bytes of those stems.
    stems: [u64; STEM_FILTER_BITS / 64],
}

impl Jump {
    /// A table of `entries` (packed word, node, node after a space); a word given twice
    /// is kept once (a word leads to one node). `stems` are the prefix stems that are
    /// whole words (runs) of at most `RUN_MAX - 1` bytes, which can end inside a word
    /// looked up here.
    pub fn new(entries: &[(u64, u32, u32)], stems: &[&[u8]]) -> Jump {
        let size = (entries.len() * SLOTS_PER_ENTRY).next_power_of_two().max(2);
        let min_stem = stems.iter().map(|s| s.len()).min().unwrap_or(usize::MAX);
        let prefix = min_stem.min(STEM_FILTER_PREFIX);
        let mut jump = Jump {
            slots: vec![(0, 0, 0); size],
            mask: size - 1,
            min_stem,
            prefix,
            stems: [0; STEM_FILTER_BITS / 64],
        };
        for stem in stems {
            let bit = stem_bit(pack(&stem[..prefix]));
            jump.stems[bit / 64] |= 1 << (bit % 64);
        }
        for &(key, node, space) in entries {
            let mut slot = slot_of(key, jump.mask);
            loop {
                let (k, _, _) = jump.slots[slot];
                if k == key {
                    break;
                }
                if k == 0 {
                    jump.slots[slot] = (key, node, space);
                    break;
                }
                slot = (slot + 1) & jump.mask;
            }
        }
        jump
    }

    /// False when no prefix stem ends inside the word of packed key `key` and `len` bytes
    /// (true may be wrong, rarely: a filter).
    #[inline(always)]
    pub fn stem_inside(&self, key: u64, len: usize) -> bool {
        // Both tests, with no branch between them: the word's length decides the first,
        // and it measured 2.4 mispredictions a message as a branch.
        let bit = stem_bit(key >> (8 * len.saturating_sub(self.prefix)));
        let set = self.stems[bit / 64 % self.stems.len()] >> (bit % 64) & 1 != 0;
        (len > self.min_stem) & set
    }

    /// The node of packed word `key` and the node after it by a space (see `slots`);
    /// `None` when it is not in the table.
    #[inline(always)]
    pub fn get(&self, key: u64) -> Option<(u32, u32)> {
        let slots = &self.slots[..=self.mask];
        let mut slot = slot_of(key, self.mask);
        loop {
            let (k, node, space) = slots[slot];
            if k == key {
                return Some((node, space));
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trie::Trie;

    /// Random keys over a few bytes (words, spaces, an apostrophe, `*`) of `key_min` to 12
    /// bytes, odd values stems; from every position of random texts, `walk_word` finds
    /// what `walk` finds, both less the keys that end inside the word without reaching on
    /// (the matcher drops them; `walk_word` reports them when it walks the word byte by
    /// byte). Returns how many positions found something.
    fn agree(seed: u64, alphabet: &[u8], key_min: usize) -> usize {
        let mut next = crate::test_rng::below(seed);
        let mut hit = 0;
        for _ in 0..300 {
            let texts: Vec<Vec<u8>> = (0..1 + next(40))
                .map(|_| {
                    (0..key_min + next(13 - key_min))
                        .map(|_| alphabet[next(alphabet.len())])
                        .collect()
                })
                .collect();
            let keys: Vec<(&[u8], u32)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (&t[..], i as u32))
                .collect();
            let stem = |v: u32| v % 2 == 1;
            let trie = Trie::with_jump(&keys, stem).unwrap();
            for _ in 0..20 {
                let hay: Vec<u8> = (0..next(24))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect();
                for s in 0..hay.len() {
                    let end = s + run_len(&hay[s..], 0);
                    let word = (end > s && end - s <= RUN_MAX).then_some(end);
                    let kept = |e: usize, v: u32| word.is_none_or(|end| e >= end || stem(v));
                    let mut want = Vec::new();
                    trie.walk(&hay, s, |e, v| {
                        if kept(e, v) {
                            want.push((e, v));
                        }
                    });
                    let mut got = Vec::new();
                    trie.walk_word(&hay, s, word, |e, v| {
                        if kept(e, v) {
                            got.push((e, v));
                        }
                    });
                    hit += usize::from(!got.is_empty());
                    assert_eq!(got, want, "{:?} at {s}", String::from_utf8_lossy(&hay));
                }
            }
        }
        hit
    }

    #[test]
    fn walk_word_agrees_with_walk() {
        let hit = agree(0x2545_F491_4F6C_DD1D, b"aab*1 '", 1);
        assert!(hit > 1000, "{hit}");
    }

    /// Keys of at least three bytes: the stem filter reads three bytes of a word.
    #[test]
    fn walk_word_agrees_with_walk_on_long_stems() {
        let hit = agree(0x9E37_79B9_7F4A_7C15, b"aab*1 '", 3);
        assert!(hit > 300, "{hit}");
    }
}
