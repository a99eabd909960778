//! Which matches compete for a place: overlap groups, and the leftmost-longest selection
//! inside each group before the rules weigh what is left.

use crate::matcher::Candidate;
use crate::{Axis, Category};

/// One (match, entry) pair competing for its place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Item {
    pub cand: Candidate,
    pub entry: u32,
    pub group: Group,
    /// Lost to an overlapping scoring match (set by `select`).
    pub dropped: bool,
}

/// Overlapping matches compete only inside their group, so "this is the third time" can
/// be both anger and repeat contact. Modifiers and relief lose to any scoring match they
/// overlap ("not" inside "not working", "thank you" inside "thank you for nothing").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    Hostility,
    Urgency,
    Topic,
    Review,
    /// Tags (the kind of an escalation threat) compete only with each other.
    Tag,
    Softening,
    /// Clause starts: kept whatever they overlap ("I" in "I will cancel").
    Structure,
    /// Anchors of a sentence (`impersonal.rs`): they never compete, `apply` sets them
    /// aside before the selection; the group only gives them a pruning bit of their own.
    Anchor,
}

/// The number of groups (`Group` as `usize` is below it).
const GROUPS: usize = Group::Anchor as usize + 1;

/// The overlap group of a category as one bit, for the matcher's pruning.
#[inline]
pub(crate) fn group_bit(category: Category) -> u8 {
    1 << group_of(category) as u8
}

#[inline]
pub(crate) fn group_of(category: Category) -> Group {
    match category {
        Category::Clause => return Group::Structure,
        Category::Anchor => return Group::Anchor,
        _ => {}
    }
    match category.axis() {
        Axis::Hostility => Group::Hostility,
        Axis::Urgency => Group::Urgency,
        Axis::Topic => Group::Topic,
        Axis::Review => Group::Review,
        Axis::Tag => Group::Tag,
        Axis::Relief | Axis::Modifier => Group::Softening,
    }
}

/// Keeps, per group, the leftmost-longest matches that do not overlap; then drops the
/// softening matches that overlap a hostility or urgency match. Leaves the items sorted by
/// start, end and entry.
///
/// Every group is read in one order, by start, longest first, then entry: the items come
/// from the candidates nearly so (`rules::apply` makes them in the candidates' order), so
/// the sort finds them nearly sorted, and each group's items stand in it in the order its
/// selection reads them.
#[inline(never)]
pub(crate) fn select(items: &mut Vec<Item>) {
    items.sort_unstable_by(|a, b| {
        (a.cand.start, std::cmp::Reverse(a.cand.end), a.entry).cmp(&(
            b.cand.start,
            std::cmp::Reverse(b.cand.end),
            b.entry,
        ))
    });
    // Modifiers may share a span ("you" is a target and starts a clause); scoring
    // entries may not, so one match never counts twice on an axis.
    let mut last: [Option<(usize, usize)>; GROUPS] = [None; GROUPS];
    items.retain(|it| {
        let last = &mut last[it.group as usize];
        let keep = match *last {
            Some((s, e)) => {
                it.cand.start >= e
                    || (it.group == Group::Softening && it.cand.start == s && it.cand.end == e)
            }
            None => true,
        };
        if keep {
            *last = Some((it.cand.start, it.cand.end));
        }
        keep
    });
    // Each scoring group is now sorted and free of overlaps: sweep it once, with a cursor
    // per scoring group over the items of that group (dropped ones included).
    let (mut hi, mut ui) = (0, 0);
    for k in 0..items.len() {
        if items[k].group != Group::Softening {
            continue;
        }
        let (s, e) = (items[k].cand.start, items[k].cand.end);
        for (j, group) in [(&mut hi, Group::Hostility), (&mut ui, Group::Urgency)] {
            while *j < items.len() && (items[*j].group != group || items[*j].cand.end <= s) {
                *j += 1;
            }
            let j = *j;
            if j < items.len() && items[j].cand.start < e {
                let (js, je) = (items[j].cand.start, items[j].cand.end);
                if s <= js && je <= e && (s, e) != (js, je) {
                    // "no rush" holds "rush": the softening phrase wins.
                    items[j].dropped = true;
                } else {
                    items[k].dropped = true;
                }
            }
        }
    }
    items.retain(|it| !it.dropped);
    items.sort_unstable_by_key(|it| (it.cand.start, it.cand.end, it.entry));
}

/// The group bits of softening items, and of the scoring items that drop a softening
/// item they overlap.
const SOFTENING: u8 = 1 << Group::Softening as u8;
/// See `SOFTENING`.
const SCORING: u8 = 1 << Group::Hostility as u8 | 1 << Group::Urgency as u8;

/// Whether `select` would keep `items` (made candidate after candidate, each
/// candidate's entries in a row) as they are: no candidate overlaps one before it, and
/// each one's entries ascend, fall in groups of their own (softening ones may share one)
/// and hold no softening entry beside a hostility or urgency one. Then every group is
/// free of overlaps, no softening item meets a scoring one, and the items stand in the
/// order `select` leaves (by start, end and entry). Most short messages pass.
pub(crate) fn plain(items: &[Item]) -> bool {
    // Where the candidates so far end, the last item, and its candidate's group bits.
    let mut reach = 0;
    let mut last: Option<&Item> = None;
    let mut groups = 0u8;
    for it in items {
        let bit = 1u8 << it.group as u8;
        match last {
            Some(l) if l.cand == it.cand => {
                if it.entry <= l.entry || (groups & bit != 0 && it.group != Group::Softening) {
                    return false;
                }
            }
            _ => {
                if it.cand.start < reach || (groups & SOFTENING != 0 && groups & SCORING != 0) {
                    return false;
                }
                groups = 0;
            }
        }
        reach = reach.max(it.cand.end);
        groups |= bit;
        last = Some(it);
    }
    groups & SOFTENING == 0 || groups & SCORING == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every group, for random items.
    const GROUPS: [Group; 5] = [
        Group::Hostility,
        Group::Urgency,
        Group::Topic,
        Group::Softening,
        Group::Structure,
    ];

    /// The selection as it was written before: sorted group by group, each group swept
    /// on its own.
    fn select_by_group(items: &mut Vec<Item>) {
        items.sort_unstable_by_key(|it| {
            let c = it.cand;
            (it.group, c.start, std::cmp::Reverse(c.end), it.entry)
        });
        let mut last: Option<(Group, usize, usize)> = None;
        items.retain(|it| {
            let keep = match last {
                Some((g, s, e)) if g == it.group => {
                    it.cand.start >= e
                        || (g == Group::Softening && it.cand.start == s && it.cand.end == e)
                }
                _ => true,
            };
            if keep {
                last = Some((it.group, it.cand.start, it.cand.end));
            }
            keep
        });
        let end_of = |g: Group| items.partition_point(|it| it.group <= g);
        let (hostility_end, urgency_end) = (end_of(Group::Hostility), end_of(Group::Urgency));
        let (soft_start, soft_end) = (end_of(Group::Tag), end_of(Group::Softening));
        let (mut hi, mut ui) = (0, hostility_end);
        for k in soft_start..soft_end {
            let (s, e) = (items[k].cand.start, items[k].cand.end);
            while hi < hostility_end && items[hi].cand.end <= s {
                hi += 1;
            }
            while ui < urgency_end && items[ui].cand.end <= s {
                ui += 1;
            }
            for (j, end) in [(hi, hostility_end), (ui, urgency_end)] {
                if j < end && items[j].cand.start < e {
                    let (js, je) = (items[j].cand.start, items[j].cand.end);
                    if s <= js && je <= e && (s, e) != (js, je) {
                        items[j].dropped = true;
                    } else {
                        items[k].dropped = true;
                    }
                }
            }
        }
        items.retain(|it| !it.dropped);
        items.sort_unstable_by_key(|it| (it.cand.start, it.cand.end, it.entry));
    }

    /// Random candidates in the matcher's order (by start, longest first, then slot), made
    /// into items as `rules::apply` makes them (a slot's entries in a row; one slot's
    /// entries descend): whenever `plain` says so, `select` keeps them as they are.
    #[test]
    fn plain_items_are_what_select_keeps() {
        let groups = GROUPS;
        let slots: [&[u32]; 6] = [&[0], &[1, 2], &[3], &[4, 5, 6], &[7], &[9, 8]];
        let mut next = crate::test_rng::below(0x3C6E_F372_FE94_F82B);
        let mut plain_sets = 0;
        for _ in 0..20_000 {
            let group_of: Vec<Group> = (0..10).map(|_| groups[next(groups.len())]).collect();
            let mut cands: Vec<Candidate> = (0..next(6))
                .map(|_| {
                    let start = next(16);
                    Candidate {
                        start,
                        end: start + 1 + next(4),
                        slot: next(slots.len()) as u32,
                    }
                })
                .collect();
            cands.sort_unstable_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.slot));
            cands.dedup();
            let items: Vec<Item> = cands
                .iter()
                .flat_map(|c| {
                    slots[c.slot as usize].iter().map(|&entry| Item {
                        cand: *c,
                        entry,
                        group: group_of[entry as usize],
                        dropped: false,
                    })
                })
                .collect();
            if !plain(&items) {
                continue;
            }
            plain_sets += 1;
            let mut selected = items.clone();
            select(&mut selected);
            let key = |v: &[Item]| {
                v.iter()
                    .map(|it| (it.cand.start, it.cand.end, it.cand.slot, it.entry))
                    .collect::<Vec<_>>()
            };
            assert_eq!(key(&selected), key(&items), "{cands:?} {group_of:?}");
        }
        // The test means something only if many sets are plain.
        assert!(plain_sets > 2_000, "{plain_sets}");
    }

    /// Random items over a few positions, groups and entries (an entry keeps one group),
    /// each set selected both ways.
    #[test]
    fn agrees_with_the_selection_group_by_group() {
        let groups = GROUPS;
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let len = next(12);
            let mut items: Vec<Item> = (0..len)
                .map(|_| {
                    let (start, entry) = (next(10), next(15) as u32);
                    let cand = Candidate {
                        start,
                        end: start + 1 + next(4),
                        slot: entry,
                    };
                    let group = groups[entry as usize % groups.len()];
                    Item {
                        cand,
                        entry,
                        group,
                        dropped: false,
                    }
                })
                .collect();
            items.sort_unstable_by_key(|it| (it.cand.start, it.cand.end, it.entry));
            items.dedup_by_key(|it| (it.cand.start, it.cand.end, it.entry));
            let mut want = items.clone();
            select_by_group(&mut want);
            select(&mut items);
            let key = |v: &[Item]| {
                v.iter()
                    .map(|it| (it.cand.start, it.cand.end, it.entry))
                    .collect::<Vec<_>>()
            };
            assert_eq!(key(&items), key(&want));
        }
    }
}
