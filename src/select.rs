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
    /// Lost to an overlapping scoring match.
    Dropped,
}

/// The number of groups (`Group` as `usize` is below it).
pub(crate) const GROUPS: usize = Group::Dropped as usize + 1;

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
/// softening matches that overlap a hostility or urgency match.
pub(crate) fn select(items: &mut Vec<Item>) {
    items.sort_unstable_by(|a, b| {
        (
            a.group,
            a.cand.start,
            std::cmp::Reverse(a.cand.end),
            a.entry,
        )
            .cmp(&(
                b.group,
                b.cand.start,
                std::cmp::Reverse(b.cand.end),
                b.entry,
            ))
    });
    // Modifiers may share a span ("you" is a target and starts a clause); scoring
    // entries may not, so one match never counts twice on an axis.
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
    // Each scoring group is now sorted and free of overlaps: sweep it once.
    // Where the groups end, counted in one pass (a message has a few dozen items: less
    // work than four binary searches).
    let mut ends = [0usize; GROUPS];
    for it in items.iter() {
        ends[it.group as usize] += 1;
    }
    for g in 1..GROUPS {
        ends[g] += ends[g - 1];
    }
    let hostility_end = ends[Group::Hostility as usize];
    let urgency_end = ends[Group::Urgency as usize];
    let soft_start = ends[Group::Softening as usize - 1];
    let soft_end = ends[Group::Softening as usize];
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
                    // "no rush" holds "rush": the softening phrase wins.
                    items[j].group = Group::Dropped;
                } else {
                    items[k].group = Group::Dropped;
                }
            }
        }
    }
    items.retain(|it| it.group != Group::Dropped);
    items.sort_unstable_by_key(|it| (it.cand.start, it.cand.end, it.entry));
}
