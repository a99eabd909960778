//! The pruning of a message's candidates before the rules: at each start, only the longest
//! match of each overlap group can win.

use super::{Candidate, PatternSlot};

/// Candidates are pruned (see `prune`) once this many have piled up, and then whenever
/// their number doubles: rare for ordinary lexicons, bounded for adversarial ones.
const PRUNE_MIN: usize = 4096;

/// Sorts candidates by start, longest first, and drops each one whose every overlap
/// group already has a longer candidate at the same start: per group, only the
/// longest match at a start can win, so this changes no result. It keeps the work
/// and memory bounded when a lexicon has many phrases sharing a start ("a", "a b",
/// "a b c", ...).
#[inline(never)]
pub(super) fn prune(slots: &[PatternSlot], out: &mut Vec<Candidate>) {
    // The scan leaves its candidates nearly always sorted (starts grow, and a walk gives
    // a start's keys longest first, see `Trie::walk`), and the few from the `re:`
    // rules follow them: a stable sort finds the runs and merges them in one pass,
    // where an unstable one sorts from scratch. (Equal candidates are the same, so
    // either gives the same order.)
    out.sort_by(by_start);
    let mut start = usize::MAX;
    let mut covered = 0u8;
    // In place, as `retain` would, in a plain loop (cheaper for the few candidates of
    // a message).
    let mut kept = 0;
    for i in 0..out.len() {
        let c = out[i];
        if c.start != start {
            start = c.start;
            covered = 0;
        }
        let groups = slots[c.slot as usize].groups;
        if groups & !covered != 0 {
            out[kept] = c;
            kept += 1;
        }
        covered |= groups;
    }
    out.truncate(kept);
}

/// Prunes candidates as the scan pushes them, while they come in `prune`'s order (the
/// scan's walks give them by start, longest first): a candidate whose every overlap
/// group a candidate before it at the same start already has is dropped at once, as
/// `prune`'s sweep would drop it. Once one comes out of order (a symbol and a term at one
/// start, rare batches of key ends), it stops dropping, and `finish` leaves the work to
/// `prune`. On the benchmark tweet, whose candidates all come in order, this skips
/// `prune`'s sort and sweep (about 320 instructions a message).
///
/// Dropping early changes nothing: with the arrivals so far in order, the candidates
/// before a dropped one at its start come before it in `prune`'s order too, so `prune`
/// would find its groups covered as well; and its own groups, covered already, add
/// nothing to what covers the ones after it.
#[derive(Clone, Copy, Debug)]
pub(super) struct OnlinePrune {
    /// The start, end and slot of the last candidate given (pushed or dropped).
    start: usize,
    end: usize,
    slot: u32,
    /// The groups of the candidates given at `start`.
    covered: u8,
    /// Whether every candidate so far came in `prune`'s order (and none were added
    /// around this pruner): then `out` is what `prune` would leave.
    in_order: bool,
    /// When `out` holds this many, `prune` runs (see `PRUNE_MIN`).
    prune_at: usize,
}

impl OnlinePrune {
    /// For an empty `out`.
    pub(super) fn new() -> OnlinePrune {
        // An end past any candidate's: the first candidate at start 0 comes after it.
        OnlinePrune {
            start: 0,
            end: usize::MAX,
            slot: 0,
            covered: 0,
            in_order: true,
            prune_at: PRUNE_MIN,
        }
    }

    /// Pushes `c` onto `out` unless `prune` would drop it (see the type); with `DROP`
    /// false, pushes it in any case (and `finish` prunes).
    #[inline(always)]
    pub(super) fn push<const DROP: bool>(
        &mut self,
        slots: &[PatternSlot],
        out: &mut Vec<Candidate>,
        c: Candidate,
    ) {
        if out.len() >= self.prune_at {
            prune(slots, out);
            self.prune_at = PRUNE_MIN.max(2 * out.len());
            self.disorder();
        }
        if !DROP {
            self.disorder();
            out.push(c);
            return;
        }
        let groups = slots[c.slot as usize].groups;
        if c.start != self.start {
            self.in_order &= c.start > self.start;
            self.start = c.start;
            self.covered = 0;
        } else {
            // Longest first, then by slot.
            self.in_order &= c.end < self.end || (c.end == self.end && c.slot >= self.slot);
        }
        self.end = c.end;
        self.slot = c.slot;
        if self.in_order && groups & !self.covered == 0 {
            return;
        }
        self.covered |= groups;
        out.push(c);
    }

    /// Candidates were added to `out` or taken from it other than by `push`.
    pub(super) fn disorder(&mut self) {
        self.in_order = false;
    }

    /// Leaves `out` as `prune` leaves it, where `out[scanned..]` was added after the
    /// last `push` (the `re:` rules' candidates, in any order).
    pub(super) fn finish(&self, slots: &[PatternSlot], out: &mut Vec<Candidate>, scanned: usize) {
        if !self.in_order || out.len() - scanned > TAIL_MAX {
            prune(slots, out);
        } else if out.len() > scanned {
            merge_tail(slots, out, scanned);
        }
    }
}

/// `finish` merges at most this many candidates added after the scan into its pruned
/// ones (a message's `re:` rules match a few times at most); more go through `prune`.
/// Each one costs a search and a move of the candidates after it.
const TAIL_MAX: usize = 8;

/// `prune` for `out` whose `out[..scanned]` `prune` leaves as it is: the rest is sorted
/// and put in place, and only the starts it lands on are swept again (a pruned start
/// loses nothing to a second sweep).
fn merge_tail(slots: &[PatternSlot], out: &mut Vec<Candidate>, scanned: usize) {
    out[scanned..].sort_by(by_start);
    let mut starts = [0usize; TAIL_MAX];
    let tail = out.len() - scanned;
    for (k, s) in starts[..tail].iter_mut().enumerate() {
        *s = out[scanned + k].start;
    }
    // Each one after every candidate not after it (a stable insertion).
    for i in scanned..out.len() {
        let c = out[i];
        let at = out[..i].partition_point(|x| by_start(x, &c).is_le());
        out[at..=i].rotate_right(1);
    }
    // The sweep of `prune`, over the starts the tail landed on.
    for (k, &start) in starts[..tail].iter().enumerate() {
        if k > 0 && starts[k - 1] == start {
            continue;
        }
        let from = out.partition_point(|x| x.start < start);
        let mut covered = 0u8;
        let mut kept = from;
        let mut i = from;
        while i < out.len() && out[i].start == start {
            let c = out[i];
            let groups = slots[c.slot as usize].groups;
            if groups & !covered != 0 {
                out[kept] = c;
                kept += 1;
            }
            covered |= groups;
            i += 1;
        }
        if kept < i {
            out.drain(kept..i);
        }
    }
}

/// The order of `prune`: by start, longest first, then slot.
fn by_start(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    (a.start, std::cmp::Reverse(a.end), a.slot).cmp(&(b.start, std::cmp::Reverse(b.end), b.slot))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Kind;

    /// Six slots whose overlap groups meet in several ways: two in group bit 1, two in
    /// bit 2, one in both, one alone in bit 4.
    fn test_slots() -> Vec<PatternSlot> {
        [1, 2, 3, 1, 4, 2]
            .into_iter()
            .map(|groups| PatternSlot {
                kind: Kind::Term,
                entries: (0, 0),
                groups,
            })
            .collect()
    }

    /// `prune` as it was written before: an unstable sort, then the same sweep.
    fn prune_naive(slots: &[PatternSlot], out: &mut Vec<Candidate>) {
        out.sort_unstable_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.slot));
        let mut start = usize::MAX;
        let mut covered = 0u8;
        out.retain(|c| {
            if c.start != start {
                start = c.start;
                covered = 0;
            }
            let groups = slots[c.slot as usize].groups;
            let keep = groups & !covered != 0;
            covered |= groups;
            keep
        });
    }

    /// Random candidates, in the scan's order (by start, longest first), shuffled a little
    /// or a lot, with a tail as the `re:` rules add: `prune` gives what the naive one does.
    #[test]
    fn prune_agrees_with_a_plain_sort_in_any_order() {
        let slots = test_slots();
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        for round in 0..5_000 {
            let len = next(30);
            let mut cands: Vec<Candidate> = (0..len)
                .map(|_| {
                    let start = next(12);
                    Candidate {
                        start,
                        end: start + 1 + next(5),
                        slot: next(6) as u32,
                    }
                })
                .collect();
            cands.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.slot));
            match round % 3 {
                0 => {}
                1 => {
                    for _ in 0..next(4) {
                        let (a, b) = (next(len + 1), next(len + 1));
                        if a < len && b < len {
                            cands.swap(a, b);
                        }
                    }
                }
                _ => cands.reverse(),
            }
            for _ in 0..next(3) {
                let start = next(12);
                let slot = next(6) as u32;
                let end = start + 1 + next(5);
                cands.push(Candidate { start, end, slot });
            }
            let mut want = cands.clone();
            prune_naive(&slots, &mut want);
            prune(&slots, &mut cands);
            assert_eq!(cands, want);
        }
    }

    /// Random candidates pushed through `OnlinePrune` (mostly in the scan's order, some
    /// out of it), then a tail of 0 to 10 in any order as the `re:` rules add it: `finish`
    /// leaves what the naive prune leaves of them all. Counts the rounds where the online
    /// path stayed in order and dropped some, and where the tail was merged.
    #[test]
    fn online_prune_agrees_with_a_plain_sort() {
        let slots = test_slots();
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        let (mut dropped, mut merged) = (0, 0);
        for round in 0..20_000 {
            let random = |next: &mut dyn FnMut(usize) -> usize| {
                let start = next(12);
                Candidate {
                    start,
                    end: start + 1 + next(5),
                    slot: next(6) as u32,
                }
            };
            let mut cands: Vec<Candidate> = (0..next(20)).map(|_| random(&mut next)).collect();
            cands.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.slot));
            if round % 4 == 0 && cands.len() > 1 {
                let (a, b) = (next(cands.len()), next(cands.len()));
                cands.swap(a, b);
            }
            let tail: Vec<Candidate> = (0..next(11)).map(|_| random(&mut next)).collect();
            let mut online = OnlinePrune::new();
            let mut got = Vec::new();
            for &c in &cands {
                online.push::<true>(&slots, &mut got, c);
            }
            dropped += usize::from(online.in_order && got.len() < cands.len());
            let scanned = got.len();
            got.extend_from_slice(&tail);
            merged += usize::from(online.in_order && (1..=TAIL_MAX).contains(&tail.len()));
            online.finish(&slots, &mut got, scanned);
            let mut want = cands.clone();
            want.extend_from_slice(&tail);
            prune_naive(&slots, &mut want);
            assert_eq!(got, want, "{cands:?} {tail:?}");
        }
        assert!(dropped > 2_000 && merged > 5_000, "{dropped} {merged}");
    }
}
