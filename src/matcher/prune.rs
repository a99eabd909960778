//! The pruning of a message's candidates before the rules: at each start, only the longest
//! match of each overlap group can win.

use super::{Candidate, PatternSlot};

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

/// The order of `prune`: by start, longest first, then slot.
fn by_start(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    (a.start, std::cmp::Reverse(a.end), a.slot).cmp(&(b.start, std::cmp::Reverse(b.end), b.slot))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Kind;

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
        let slots: Vec<PatternSlot> = (0..6)
            .map(|i| PatternSlot {
                kind: Kind::Term,
                entries: (0, 0),
                groups: [1, 2, 3, 1, 4, 2][i],
            })
            .collect();
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
}
