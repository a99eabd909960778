//! A byte trie for anchored lookups: from one position of the text, every key that starts
//! there. The matcher walks it from each word start, so a message costs a few steps per
//! word instead of an automaton step per byte, and it builds in one pass over the sorted
//! keys, where an aho-corasick automaton has to compute failure links for every state.

mod jump;

pub(crate) use jump::RUN_MAX;
use jump::{pack, pack_at, run_len, Jump};

/// Transition slots per transition, at least: a hash table at most a quarter full finds a
/// key in about one probe and learns of an absent one in little more. At most half full
/// (2), a paragraph's walks measured some 45% extra probes and 811 instructions more per
/// paragraph (112 per tweet); 8 saved only some 270 more, for twice the memory again.
const SLOTS_PER_EDGE: usize = 4;

/// A node is named in a walk by its stem, `(id + 1) << 8`: the key of its transition by a
/// byte is the stem with the byte in the low 8 bits, one `or` away. This bit, in those low
/// bits, is set when keys end at the node, so a walk reads the values only there.
const HAS_VALUES: u32 = 1;

/// The low bits of a stem, which hold the flags and, in a key, the byte.
const LOW_BITS: u32 = 0xFF;

/// A walk notes this many key ends before it reports them (more is rare: a word and a
/// few phrases that continue it).
const WALK_BATCH: usize = 8;

/// The root's id; never anyone's child.
const ROOT: u32 = 0;

/// No node (a stem is never 0).
const NONE: u32 = 0;

/// Keys (byte strings) mapped to `u32` values; one key may carry several values.
///
/// Transitions live in one open-addressing hash table keyed by (node, byte): one probe
/// per byte of the text, and building it is one insertion per trie node.
#[derive(Debug)]
pub(crate) struct Trie {
    /// Per slot, the key `stem(node) | byte` in the low half (0 when empty) and the
    /// child's stem, with `HAS_VALUES` when keys end there, in the high half: one load per
    /// step of a walk, and 8 bytes per slot.
    slots: Vec<u64>,
    mask: usize,
    /// The root's children by byte (stems with flags; `NONE` for none): the first step of
    /// every walk, and the quick test of whether one can start at all.
    first: [u32; 256],
    /// Per node, the values of the keys ending there: `values[ends.0..ends.1]`.
    ends: Vec<(u32, u32)>,
    values: Vec<u32>,
    /// For `walk_word`: the nodes of short words (see `jump`).
    jump: Option<Jump>,
}

/// Node ids fit in 24 bits, so that a stem, `(id + 1) << 8`, fits in the low half of a
/// slot: a trie has at most this many nodes (the built-in terms need about 50,000).
pub(crate) const MAX_NODES: usize = (1 << 24) - 1;

/// The home slot of `key` in a table of `mask + 1` slots (the trie's and `jump`'s).
#[inline(always)]
fn slot_of(key: u64, mask: usize) -> usize {
    // Fibonacci hashing: the multiply spreads the key's bits ((node, byte), or a packed
    // word) over the high bits.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

/// The stem of node `id` (see `HAS_VALUES`); never 0.
fn stem_of(id: u32) -> u32 {
    (id + 1) << 8
}

/// The id of the node of stem `stem` (flags ignored).
fn id_of(stem: u32) -> usize {
    ((stem >> 8) - 1) as usize
}

/// The key of the transition from the node of stem `stem` (flags ignored) by `byte`;
/// never 0.
#[inline(always)]
fn key_of(stem: u32, byte: u8) -> u32 {
    stem & !LOW_BITS | u32::from(byte)
}

impl Trie {
    /// Builds the trie of `keys` (`(key, value)`, any order; empty keys are ignored). Keys
    /// with equal text keep their values in the given order. `None` when the keys need
    /// more than `MAX_NODES` nodes.
    pub fn new(keys: &[(&[u8], u32)]) -> Option<Trie> {
        Self::build(keys, None)
    }

    /// `new`, with the table of words that `walk_word` jumps by. `stem(value)` says
    /// whether a value's key reaches on past its end, inside a word (a prefix stem): a word
    /// with such a key ending inside it is left out of the table, since a walk reports it
    /// there. (Other keys ending inside a word a walk reports too, but the matcher drops
    /// them: no whole word ends there.)
    pub fn with_jump(keys: &[(&[u8], u32)], stem: impl Fn(u32) -> bool) -> Option<Trie> {
        Self::build(keys, Some(&stem))
    }

    fn build(keys: &[(&[u8], u32)], stem: Option<&dyn Fn(u32) -> bool>) -> Option<Trie> {
        let mut order: Vec<u32> = (0..keys.len() as u32)
            .filter(|&i| !keys[i as usize].0.is_empty())
            .collect();
        order.sort_by(|&a, &b| keys[a as usize].0.cmp(keys[b as usize].0).then(a.cmp(&b)));
        let common = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let mut nodes = 1;
        let mut prev: &[u8] = &[];
        // Per key in order, the length it shares with the one before: counted once, for
        // the node count here and the build below.
        let mut shared: Vec<u32> = Vec::with_capacity(order.len());
        for &i in &order {
            let key = keys[i as usize].0;
            let c = common(key, prev);
            nodes += key.len() - c;
            shared.push(c as u32);
            prev = key;
        }
        if nodes > MAX_NODES {
            return None;
        }
        let size = (nodes * SLOTS_PER_EDGE).next_power_of_two().max(2);
        let mut trie = Trie {
            slots: vec![0; size],
            mask: size - 1,
            first: [NONE; 256],
            ends: vec![(0, 0); nodes],
            values: Vec::with_capacity(order.len()),
            jump: None,
        };
        // With the table: per node, whether a stem ends there; per word, its node id.
        let mut stem_ends: Vec<bool> = vec![false; if stem.is_some() { nodes } else { 0 }];
        let mut words: Vec<(u64, u32)> = Vec::new();
        // The prefix stems that can end inside a word of the table (see `Jump::new`).
        let mut run_stems: Vec<&[u8]> = Vec::new();
        // The length of the previous key's first word (`run_len`); none before the first.
        let mut prev_word = usize::MAX;
        // The path of node ids (without flags) to the previous key's bytes.
        let mut path: Vec<u32> = vec![ROOT];
        let mut next_id = 1u32;
        let mut prev: &[u8] = &[];
        let mut last_slot: Vec<usize> = Vec::new();
        for (&i, &c) in order.iter().zip(&shared) {
            let (key, value) = keys[i as usize];
            let c = c as usize;
            path.truncate(c + 1);
            last_slot.truncate(c);
            for &b in &key[c..] {
                let parent = path[path.len() - 1];
                let id = next_id;
                next_id += 1;
                let slot = trie.insert(parent, b, id);
                path.push(id);
                last_slot.push(slot);
            }
            if prev == key {
                trie.ends[path[path.len() - 1] as usize].1 += 1;
            } else {
                let at = trie.values.len() as u32;
                trie.ends[path[path.len() - 1] as usize] = (at, at + 1);
                if let Some(&slot) = last_slot.last() {
                    trie.slots[slot] |= u64::from(HAS_VALUES) << 32;
                }
            }
            trie.values.push(value);
            if let Some(stem) = stem {
                let node = path[path.len() - 1] as usize;
                if stem(value) {
                    stem_ends[node] = true;
                    if key.len() < RUN_MAX && run_len(key, 0) == key.len() {
                        run_stems.push(key);
                    }
                }
                // The key's first word, unless the previous key's (sorted, keys sharing
                // it come together), if short, and if no stem ends inside it (a key ending
                // inside it comes before this one, and its flag is set).
                if c < prev_word || (c == prev_word && key.len() > c) {
                    // Its first `c` bytes are the previous key's, inside its word.
                    prev_word = run_len(key, c.min(prev_word));
                    let m = prev_word;
                    if (1..=RUN_MAX).contains(&m)
                        && !path[1..m].iter().any(|&n| stem_ends[n as usize])
                    {
                        words.push((pack(&key[..m]), path[m]));
                    }
                }
            }
            prev = key;
        }
        for b in 0..=255u8 {
            trie.first[b as usize] = trie.child(stem_of(ROOT), b);
        }
        if stem.is_some() {
            for (_, node) in &mut words {
                let (s, e) = trie.ends[*node as usize];
                *node = stem_of(*node) | if e > s { HAS_VALUES } else { 0 };
            }
            trie.jump = Some(Jump::new(&words, &run_stems));
        }
        Some(trie)
    }

    fn insert(&mut self, parent: u32, byte: u8, child: u32) -> usize {
        let key = key_of(stem_of(parent), byte);
        let mut slot = slot_of(u64::from(key), self.mask);
        while self.slots[slot] != 0 {
            slot = (slot + 1) & self.mask;
        }
        self.slots[slot] = u64::from(stem_of(child)) << 32 | u64::from(key);
        slot
    }

    /// The stem of the child of the node of stem `stem` (flags ignored) by `byte`, with its
    /// flags; `NONE` when none.
    #[inline(always)]
    fn child(&self, stem: u32, byte: u8) -> u32 {
        Self::child_in(&self.slots, self.mask, stem, byte)
    }

    /// `child` over `slots`, the table cut to `mask + 1` slots: a slot number masked by
    /// `mask` then needs no bounds check.
    #[inline(always)]
    fn child_in(slots: &[u64], mask: usize, stem: u32, byte: u8) -> u32 {
        let key = key_of(stem, byte);
        let mut slot = slot_of(u64::from(key), mask);
        loop {
            let entry = slots[slot];
            let k = entry as u32;
            if k == key {
                return (entry >> 32) as u32;
            }
            if k == 0 {
                return NONE;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// True when some key starts with byte `b`.
    pub fn starts_with_byte(&self, b: u8) -> bool {
        self.first[b as usize] != NONE
    }

    /// Calls `found(end, value)` for every key that `hay[start..]` begins with: longest
    /// key first (the values of one key in their order), so that the matcher's candidates
    /// come in the order it sorts them in. Past `WALK_BATCH` key ends, the keys come in
    /// batches of it, shortest batch first.
    ///
    /// Inlined into the caller's scan: the call (saving registers, passing the closure)
    /// measured about 15 instructions per walk, some 8% of a short one.
    #[inline(always)]
    pub fn walk(&self, hay: &[u8], start: usize, found: impl FnMut(usize, u32)) {
        self.walk_word(hay, start, None, found);
    }

    /// `walk`, given `word_end` when `hay[start..word_end]` is a whole word of 1 to
    /// `RUN_MAX` ASCII letters, digits or `*` (no more of them follow), save the keys that
    /// end inside that word and do not reach on past their end (see `with_jump`): those
    /// the matcher drops. The word's steps take one probe when it is in the table, and
    /// none but a filter's when it is not (see `jump`).
    #[inline(always)]
    pub fn walk_word(
        &self,
        hay: &[u8],
        start: usize,
        word_end: Option<usize>,
        found: impl FnMut(usize, u32),
    ) {
        if let (Some(jump), Some(end)) = (&self.jump, word_end) {
            let key = pack_at(hay, start, end);
            match jump.get(key) {
                Some(node) => return self.walk_from(hay, node, end, found),
                // No key goes past the word, and no stem ends inside it.
                None if !jump.stem_inside(key, end - start) => return,
                None => {}
            }
        }
        let Some(&first) = hay.get(start) else { return };
        self.walk_from(hay, self.first[first as usize], start + 1, found);
    }

    /// The walk on from `node` (a stem with flags), reached with the text up to `at`.
    #[inline(always)]
    fn walk_from(
        &self,
        hay: &[u8],
        mut node: u32,
        mut at: usize,
        mut found: impl FnMut(usize, u32),
    ) {
        // The loop only steps and notes the nodes where keys end; `found` runs after it, so
        // the loop keeps its few values in registers.
        let mut ends = [(0u32, 0u32); WALK_BATCH];
        let mut n = 0;
        let (slots, mask) = (&self.slots[..=self.mask], self.mask);
        while node != NONE {
            if node & HAS_VALUES != 0 {
                if n == WALK_BATCH {
                    self.report(&ends, &mut found);
                    n = 0;
                }
                // The view's offsets fit in `u32` (see `Normalized`).
                ends[n] = (node, at as u32);
                n += 1;
            }
            let Some(&b) = hay.get(at) else { break };
            node = Self::child_in(slots, mask, node, b);
            at += 1;
        }
        // Most walks end no key: skip the call.
        if n > 0 {
            self.report(&ends[..n], &mut found);
        }
    }

    fn report(&self, ends: &[(u32, u32)], found: &mut impl FnMut(usize, u32)) {
        // Longest first: see `walk`.
        for &(node, at) in ends.iter().rev() {
            let at = at as usize;
            let (s, e) = self.ends[id_of(node)];
            for &v in &self.values[s as usize..e as usize] {
                found(at, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(trie: &Trie, hay: &str, start: usize) -> Vec<(usize, u32)> {
        let mut v = Vec::new();
        trie.walk(hay.as_bytes(), start, |e, x| v.push((e, x)));
        v
    }

    #[test]
    fn finds_every_key_at_a_position() {
        let keys: Vec<(&[u8], u32)> = vec![
            (b"you", 0),
            (b"you people", 1),
            (b"yo", 2),
            (b"a", 3),
            (b"you", 4),
            (b"zzz", 5),
            (b"", 6),
        ];
        let trie = Trie::new(&keys).unwrap();
        assert_eq!(trie.ends.len(), 15);
        assert_eq!(
            all(&trie, "you people!", 0),
            [(10, 1), (3, 0), (3, 4), (2, 2)]
        );
        assert_eq!(all(&trie, "a you", 2), [(5, 0), (5, 4), (4, 2)]);
        assert_eq!(all(&trie, "a", 0), [(1, 3)]);
        assert!(all(&trie, "zz", 0).is_empty());
        assert!(all(&trie, "", 0).is_empty());
        assert!(trie.starts_with_byte(b'y') && !trie.starts_with_byte(b'b'));
    }

    #[test]
    fn many_children() {
        let words: Vec<String> = (b'a'..=b'z').map(|c| format!("x{}", c as char)).collect();
        let keys: Vec<(&[u8], u32)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_bytes(), i as u32))
            .collect();
        let trie = Trie::new(&keys).unwrap();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(all(&trie, w, 0), [(2, i as u32)]);
        }
        assert!(all(&trie, "x!", 0).is_empty());
    }
}
