//! A byte trie for anchored lookups: from one position of the text, every key that starts
//! there. The matcher walks it from each word start, so a message costs a few steps per
//! word instead of an automaton step per byte, and it builds in one pass over the sorted
//! keys, where an aho-corasick automaton has to compute failure links for every state.
//!
//! The nodes lie in one array of `u32` cells, each node a record at its position, in the
//! order of the sorted keys (depth first): a node's first child follows its record, so a
//! walk down a word of single-child nodes reads consecutive cells, and a whole walk
//! touches a few cache lines (one per node of several children, about), where a hash
//! table of transitions took one line per byte of the text.

mod build;
mod jump;

pub(crate) use jump::RUN_MAX;
use jump::{pack, pack_at, run_len, Jump};

/// A node's header, the first cell of its record: the kind (bits `KIND_SHIFT..`), the
/// `HAS_VALUES` flag, and per kind the only child's byte (`ONE`, low 8 bits) or the count
/// of children less one (`MANY` and `WIDE`, bits `COUNT_SHIFT..`).
///
/// When keys end at the node, the next cell holds their one value (`ONE_VALUE`) or the
/// index of their values in `ends`; a walk reads it only to report them.
const HAS_VALUES: u32 = 1 << 8;

/// Set in a header with `HAS_VALUES` when the keys there carry one value (nearly always),
/// which the record then holds: a report reads no `ends` and no `values` (two loads, one
/// depending on the other, that missed the cache some 9 times a message).
const ONE_VALUE: u32 = 1 << 19;

/// Where a header keeps the node's kind (2 bits).
const KIND_SHIFT: u32 = 9;

/// A node without children: the walk ends there.
const LEAF: u32 = 0;

/// A node with one child, whose record follows the node's.
const ONE: u32 = 1;

/// A node with 2 to 8 children: after the header (and the values' index), their bytes
/// (sorted, in a pair of cells, padded with the last byte) and then their positions, one
/// cell each. Searched at once, without a loop or a branch but the walk's own (a loop over
/// groups of 8 bytes measured 37 mispredicted branches a message in the walks, this 16).
const MANY: u32 = 2;

/// A node with more than 8 children: after the header (and the values' index), a bitmap
/// of their bytes (`BITMAP_CELLS`), the counts of children by byte below 64, 128 and 192
/// (bytes 1 to 3 of a cell), and then their positions. A child's position is found
/// without a loop or a branch, by the bitmap's bits below its byte: these nodes are few
/// (119 in the built-in terms) but near the root, where a walk visits one some 7 times a
/// message; a search of their bytes in groups of 8 cost 39 instructions a visit and a
/// mispredicted branch in two.
const WIDE: u32 = 3;

/// The cells of a `WIDE` node's bitmap of bytes, 32 bits each.
const BITMAP_CELLS: usize = 8;

/// The most children of a `MANY` node: one group of bytes.
const GROUP: u32 = 8;

/// Where a `MANY` or `WIDE` header keeps its count of children less one (8 bits: at most
/// 256; `WIDE` needs it only while building).
const COUNT_SHIFT: u32 = 11;

/// A walk notes this many key ends before it reports them (more is rare: a word and a
/// few phrases that continue it). Every walk zeroes its notes first, so fewer cost less:
/// against 8, callgrind per airline tweet 28 instructions less (Reddit comments 19), the
/// benchmark tweet 12,709 -> 12,689, the paragraph 47,607 -> 47,502, and cachegrind's
/// simulated mispredicts fewer. 2 took 28 instructions less again on airline tweets but
/// measured more simulated mispredicts than 8 (the report of a batch is a branch).
const WALK_BATCH: usize = 4;

/// In a word's node in the jump table, the flag of keys ending there (positions stay far
/// below it, see `MAX_NODES`).
const WORD_VALUES: u32 = 1 << 31;

/// The root's position (and id); never anyone's child.
const ROOT: u32 = 0;

/// No node (the root is never a child).
const NONE: u32 = 0;

/// Every byte of a `u64`: the byte `b` times this is `b` in each of them.
const BYTES: u64 = 0x0101_0101_0101_0101;

/// Keys (byte strings) mapped to `u32` values; one key may carry several values.
#[derive(Debug)]
pub(crate) struct Trie {
    /// The nodes' records (see `HAS_VALUES`), in the keys' sorted order, the root first.
    cells: Vec<u32>,
    /// The root's children by byte: position and header (`NONE` for none), the first step
    /// of every walk, and the quick test of whether one can start at all.
    first: [(u32, u32); 256],
    /// Per node where keys end, the values of those keys: `values[ends.0..ends.1]`.
    ends: Vec<(u32, u32)>,
    values: Vec<u32>,
    /// For `walk_word`: the nodes of short words (see `jump`).
    jump: Option<Jump>,
}

/// A trie has at most this many nodes (the built-in terms need about 50,000): the build
/// keeps a node's parent in 24 bits, and a node takes at most four cells (header, values'
/// index, its position in its parent's record, and its share of the parent's bytes or
/// bitmap), so positions stay far inside `u32`.
pub(crate) const MAX_NODES: usize = (1 << 24) - 1;

/// The home slot of `key` in a table of `mask + 1` slots (`jump`'s).
#[inline(always)]
fn slot_of(key: u64, mask: usize) -> usize {
    // Fibonacci hashing: the multiply spreads the key's bits (a packed word) over the high
    // bits.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

/// The cells of the record of a node with `children` children, with a values' index or not.
fn record_len(children: u32, has_values: bool) -> usize {
    let many = match children {
        0 | 1 => 0,
        2..=GROUP => 2 + children as usize,
        _ => BITMAP_CELLS + 1 + children as usize,
    };
    1 + usize::from(has_values) + many
}

/// The position of the child by `b` of the node at `p` with header `h`; `None` when none.
#[inline(always)]
fn child(cells: &[u32], p: u32, h: u32, b: u8) -> Option<u32> {
    let after = p + 1 + (h >> 8 & 1);
    // Tests of bits, not a `match` on the kind: that compiled to a jump through a table,
    // an indirect branch that missed its target 23 times an airline tweet (cachegrind);
    // these branches measured 3.04-3.12 µs a tweet against 3.21-3.31 for the `match`.
    // A `ONE` node and its byte in one compare (a `LEAF` never passes it).
    if h & (3 << KIND_SHIFT | 0xFF) == ONE << KIND_SHIFT | u32::from(b) {
        return Some(after);
    }
    if h & (MANY << KIND_SHIFT) == 0 {
        // A `LEAF`, or a `ONE` by another byte.
        return None;
    }
    let at = after as usize;
    // `MANY` or `WIDE`, told by the kind's low bit.
    if h & (1 << KIND_SHIFT) == 0 {
        let zero = find_byte(u64::from(cells[at]) | u64::from(cells[at + 1]) << 32, b);
        (zero != 0).then(|| cells[at + 2 + (zero.trailing_zeros() / 8) as usize])
    } else {
        wide_child(cells, at, b)
    }
}

/// The high bit of each byte of `bytes` equal to `b`, or a false one after such a byte
/// (a borrow): the lowest bit set is exact. The padding of a group repeats its last byte,
/// so that a match there is a match before it.
#[inline(always)]
fn find_byte(bytes: u64, b: u8) -> u64 {
    let x = bytes ^ (u64::from(b) * BYTES);
    x.wrapping_sub(BYTES) & !x & BYTES << 7
}

/// `child` for a `WIDE` node whose bitmap starts at cell `at`.
#[inline(always)]
fn wide_child(cells: &[u32], at: usize, b: u8) -> Option<u32> {
    let w = usize::from(b >> 6);
    let bits = u64::from(cells[at + 2 * w]) | u64::from(cells[at + 2 * w + 1]) << 32;
    let bit = b & 63;
    let rank =
        (cells[at + BITMAP_CELLS] >> (8 * w) & 0xFF) + (bits & ((1 << bit) - 1)).count_ones();
    (bits >> bit & 1 != 0).then(|| cells[at + BITMAP_CELLS + 1 + rank as usize])
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

    /// True when some key starts with byte `b`.
    pub fn starts_with_byte(&self, b: u8) -> bool {
        self.first[b as usize].0 != NONE
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
                // Most words a space follows, and most walks go on through it: to the
                // node after it at once (a dead end when none), with no step in the
                // word's record: 280 instructions and 5 mispredicted branches less an
                // airline tweet (cachegrind).
                Some((word, space)) if hay.get(end) == Some(&b' ') => {
                    let node = word & !WORD_VALUES;
                    let first = ((node, end as u32), usize::from(word & WORD_VALUES != 0));
                    let h = self.cells[space as usize];
                    return self.walk_from(hay, space, h, end + 1, first, found);
                }
                Some((word, _)) => {
                    let node = word & !WORD_VALUES;
                    let h = self.cells[node as usize];
                    return self.walk_from(hay, node, h, end, ((0, 0), 0), found);
                }
                // No key goes past the word, and no stem ends inside it.
                None if !jump.stem_inside(key, end - start) => return,
                None => {}
            }
        }
        let Some(&b) = hay.get(start) else { return };
        let (node, header) = self.first[b as usize];
        if node != NONE {
            self.walk_from(hay, node, header, start + 1, ((0, 0), 0), found);
        }
    }

    /// The walk on from the node at `node`, of header `h`, reached with the text up to
    /// `at`; `first` is a node and text end noted before it, and whether keys end there
    /// (1) or not (0).
    #[inline(always)]
    fn walk_from(
        &self,
        hay: &[u8],
        mut node: u32,
        mut h: u32,
        mut at: usize,
        first: ((u32, u32), usize),
        mut found: impl FnMut(usize, u32),
    ) {
        // The loop only steps and notes the nodes where keys end; `found` runs after it, so
        // the loop keeps its few values in registers.
        // Zeros and then the first note: filling the array with it took 22 stores a walk.
        let mut ends = [(0, 0); WALK_BATCH];
        ends[0] = first.0;
        let mut n = first.1;
        let cells = &self.cells[..];
        loop {
            // Every node is noted, and counted only when keys end there: no branch on
            // whether they do, which missed 6 times an airline tweet (cachegrind). A full
            // batch goes before the next node, in the order a later report would give.
            if n == WALK_BATCH {
                self.report(&ends, &mut found);
                n = 0;
            }
            // The view's offsets fit in `u32` (see `Normalized`).
            ends[n] = (node, at as u32);
            n += usize::from(h & HAS_VALUES != 0);
            let Some(&b) = hay.get(at) else { break };
            let Some(next) = child(cells, node, h, b) else {
                break;
            };
            node = next;
            h = cells[node as usize];
            at += 1;
        }
        // Most walks end no key: skip the call. A walk that ends one or two keys of one
        // value each (a word, a word and a phrase: the commonest of the rest) reports
        // them here, without a call: `report` loads the trie's and the caller's fields
        // anew each time. Callgrind, one key: the benchmark tweet 12,110 -> 12,051
        // instructions, the paragraph 46,618 -> 45,915, per airline tweet 83 fewer and
        // per Reddit comment 77 fewer; two keys: 11,944, 45,706, 40 and 29 fewer again.
        // (Every count of keys here, as a loop, took more: 12,201 and 46,866.)
        if n == 1 && self.cells[ends[0].0 as usize] & ONE_VALUE != 0 {
            found(ends[0].1 as usize, self.cells[ends[0].0 as usize + 1]);
        } else if n == 2
            && self.cells[ends[0].0 as usize] & self.cells[ends[1].0 as usize] & ONE_VALUE != 0
        {
            found(ends[1].1 as usize, self.cells[ends[1].0 as usize + 1]);
            found(ends[0].1 as usize, self.cells[ends[0].0 as usize + 1]);
        } else if n > 0 {
            self.report(&ends[..n], &mut found);
        }
    }

    fn report(&self, ends: &[(u32, u32)], found: &mut impl FnMut(usize, u32)) {
        // Longest first: see `walk`.
        for &(node, at) in ends.iter().rev() {
            let (at, node) = (at as usize, node as usize);
            // The cell after the header: the key's one value, or the index of its values.
            // The one value goes to `found` at once, not through a loop over a slice of
            // one: 40 instructions less on the benchmark tweet (12,830 -> 12,790), 218 on
            // the paragraph (48,085 -> 47,867).
            let value = self.cells[node + 1];
            if self.cells[node] & ONE_VALUE != 0 {
                found(at, value);
            } else {
                let (s, e) = self.ends[value as usize];
                for &v in &self.values[s as usize..e as usize] {
                    found(at, v);
                }
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
        // Five texts end keys; 15 nodes, of which the root has three children (two cells
        // of bytes, three of positions).
        assert_eq!(trie.ends.len(), 5);
        assert_eq!(trie.cells.len(), 15 + 5 + 2 + 3 + 1);
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

    /// The keys that `hay[start..]` begins with, as `walk` reports them: the key ends by
    /// length in batches of `WALK_BATCH` from the shortest, each batch longest first, the
    /// values of one text in their order.
    fn naive(keys: &[(&[u8], u32)], hay: &[u8], start: usize) -> Vec<(usize, u32)> {
        let starts = |k: &[u8]| !k.is_empty() && hay[start..].starts_with(k);
        let mut lens: Vec<usize> = keys
            .iter()
            .filter(|(k, _)| starts(k))
            .map(|(k, _)| k.len())
            .collect();
        lens.sort_unstable();
        lens.dedup();
        let mut out = Vec::new();
        for batch in lens.chunks(WALK_BATCH) {
            for &n in batch.iter().rev() {
                for &(k, v) in keys {
                    if k.len() == n && starts(k) {
                        out.push((start + n, v));
                    }
                }
            }
        }
        out
    }

    /// `n` bytes drawn from `alphabet`.
    fn random(next: &mut impl FnMut(usize) -> usize, alphabet: &[u8], n: usize) -> Vec<u8> {
        (0..n).map(|_| alphabet[next(alphabet.len())]).collect()
    }

    /// Random keys over few bytes (long chains, many keys ending on one path) or many
    /// (nodes of up to 39 children, five groups of bytes), with 0 and 255 among them, some
    /// texts given twice, some keys every prefix of one; texts made of keys and random
    /// bytes: from every position, `walk` finds what a naive search finds, in its order.
    #[test]
    fn walk_agrees_with_a_naive_search() {
        let few = b"ab \0\xff".to_vec();
        let many: Vec<u8> = (0..=255u8).step_by(7).chain([1, 255]).collect();
        let mut next = crate::test_rng::below(0x5DEE_CE66_D1CE_4E5B);
        let (mut hits, mut long) = (0, 0);
        for round in 0..400 {
            let alphabet = if round % 2 == 0 { &few } else { &many };
            let mut texts: Vec<Vec<u8>> = Vec::new();
            let chain = random(&mut next, alphabet, 16);
            for n in 0..=chain.len() {
                if round % 4 == 0 || n % 5 == 0 {
                    texts.push(chain[..n].to_vec());
                }
            }
            for _ in 0..1 + next(80) {
                let t = match next(4) {
                    0 if !texts.is_empty() => texts[next(texts.len())].clone(),
                    // Often after a short prefix of the chain: nodes of many children
                    // below the root.
                    _ => {
                        let mut t = chain[..next(3)].to_vec();
                        let n = next(12);
                        t.extend(random(&mut next, alphabet, n));
                        t
                    }
                };
                texts.push(t);
            }
            let keys: Vec<(&[u8], u32)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (&t[..], i as u32))
                .collect();
            let tries = [
                Trie::new(&keys).unwrap(),
                Trie::with_jump(&keys, |v| v % 3 == 0).unwrap(),
            ];
            for _ in 0..20 {
                let mut hay = Vec::new();
                for _ in 0..1 + next(3) {
                    let t = &texts[next(texts.len())];
                    hay.extend_from_slice(&t[..next(t.len() + 1).max(t.len() / 2)]);
                    let n = next(3);
                    hay.extend(random(&mut next, alphabet, n));
                }
                for s in 0..=hay.len() {
                    let want = naive(&keys, &hay, s);
                    for trie in &tries {
                        let mut got = Vec::new();
                        trie.walk(&hay, s, |e, v| got.push((e, v)));
                        assert_eq!(got, want, "{hay:?} at {s}");
                    }
                    hits += usize::from(!want.is_empty());
                    long += usize::from(want.len() > WALK_BATCH);
                }
            }
        }
        assert!(hits > 20_000 && long > 500, "{hits} {long}");
    }
}
