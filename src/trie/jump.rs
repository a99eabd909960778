//! A word's first steps of a walk in one probe: a table from a word (a run of ASCII
//! letters, digits and `*`, at most `RUN_MAX` bytes) to the node its bytes lead to from
//! the root. Short words sit near the root, where nodes have many children and every step
//! is a probe: a word of five letters costs one probe here instead of five. A word is in
//! the table only when no key ends inside it that a walk would report there (see
//! `Trie::with_jump`), so a walk from the word's node on finds what a walk from its
//! start finds; a word not in the table is walked byte by byte.

use super::slot_of;

/// A word is looked up when it is at most this long: its bytes, packed one per 8 bits,
/// are the table's key (no byte is 0), so a probe needs no check of the text.
pub(crate) const RUN_MAX: usize = 8;

/// Jump slots per entry, at least: a table at most a quarter full finds a key in about
/// one probe and learns of an absent one in little more (as the trie's own table).
const SLOTS_PER_ENTRY: usize = 4;

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

/// Packed words mapped to walk nodes (stems with flags, see `Trie`).
#[derive(Debug)]
pub(crate) struct Jump {
    /// Per slot, a packed word (0 when empty) and its node.
    slots: Vec<(u64, u32)>,
    mask: usize,
}

impl Jump {
    /// A table of `entries` (packed word, node); a word given twice is kept once (a word
    /// leads to one node).
    pub fn new(entries: &[(u64, u32)]) -> Jump {
        let size = (entries.len() * SLOTS_PER_ENTRY).next_power_of_two().max(2);
        let mut jump = Jump {
            slots: vec![(0, 0); size],
            mask: size - 1,
        };
        for &(key, node) in entries {
            let mut slot = slot_of(key, jump.mask);
            loop {
                let (k, _) = jump.slots[slot];
                if k == key {
                    break;
                }
                if k == 0 {
                    jump.slots[slot] = (key, node);
                    break;
                }
                slot = (slot + 1) & jump.mask;
            }
        }
        jump
    }

    /// The node of packed word `key`; `None` when it is not in the table.
    #[inline(always)]
    pub fn get(&self, key: u64) -> Option<u32> {
        let slots = &self.slots[..=self.mask];
        let mut slot = slot_of(key, self.mask);
        loop {
            let (k, node) = slots[slot];
            if k == key {
                return Some(node);
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

    /// Random keys over a few bytes (words, spaces, an apostrophe, `*`), odd values stems;
    /// from every position of random texts, `walk_word` finds what `walk` finds, both less
    /// the keys that end inside the word without reaching on (the matcher drops them;
    /// `walk_word` reports them when it walks the word byte by byte).
    #[test]
    fn walk_word_agrees_with_walk() {
        let alphabet = b"aab*1 '";
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        let mut hit = 0;
        for _ in 0..300 {
            let texts: Vec<Vec<u8>> = (0..1 + next(40))
                .map(|_| {
                    (0..1 + next(12))
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
        assert!(hit > 1000, "{hit}");
    }
}
