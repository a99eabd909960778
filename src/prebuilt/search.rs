//! The prebuilt DFA's search: which rules match in a message, and where their matches
//! end.

use regex_automata::dfa::Automaton;
use regex_automata::util::start;
use regex_automata::PatternID;

use regex_automata::util::primitives::StateID;

/// Messages shorter than this run as one chain of transitions: below it the second
/// chain's start state and bookkeeping cost more than its overlap saves.
pub(super) const MIN_SPLIT: usize = 32;

/// How many of the second chain's states the first one can meet (past them it reads on
/// to the end): on real text it meets them within a few bytes, at the first spot where
/// no rule is half-way through a match. Over the 82,000 messages of the shared data: 1.5
/// bytes on average, 8 or fewer in 99.4% of them, more than 16 in 37 of them.
const MEET_WINDOW: usize = 16;

/// Calls `note(rule, end)` for every rule that matches somewhere in `hay`, at each offset
/// where one of its matches ends (in no particular order, and some of them twice), as the
/// lazy DFA's loop in `rule_automaton` does: transitions over the bytes (a match ending at
/// `end` shows when the byte at `end` is read, and at the end of the text). `None` when the DFA quits (it has no quit bytes as built).
///
/// Each transition waits for the one before it (a load from the table), so one chain of
/// them runs at the speed of that load, whatever the processor could do besides. A
/// message of `MIN_SPLIT` bytes or more runs as two independent chains, interleaved: one
/// from the start and one from the middle (a search that starts there, with the byte
/// before it as context). The second chain sees only matches that start in the second
/// half, all of them real; the first chain then goes on past the middle until its state
/// is the one the second chain had at the same offset, from where the two agree to the
/// end: together they see every match a single chain sees. About a quarter faster on
/// real messages (0.247 -> 0.186 µs per message over the shared data, for this step
/// alone).
pub(crate) fn which_match<A: Automaton>(
    dfa: &A,
    hay: &[u8],
    mut note: impl FnMut(PatternID, usize),
) -> Option<()> {
    let start = dfa.start_state(&start::Config::new()).ok()?;
    let steps = Steps(dfa);
    if hay.len() < MIN_SPLIT {
        return one_chain(dfa, steps, hay, start, &mut note);
    }
    let mid = hay.len() / 2;
    let (left, right) = hay.split_at(mid);
    let behind = start::Config::new().look_behind(left.last().copied());
    let (mut first, mut second) = (start, dfa.start_state(&behind).ok()?);
    // The second half is longer by one byte when the length is odd.
    let (pairs, odd) = right.split_at(left.len());
    // The second chain's states, by offset from the middle, for the first one to meet.
    let mut seen = [StateID::ZERO; MEET_WINDOW];
    let window = left.len().min(MEET_WINDOW);
    let mut k = 0;
    while k < window {
        (first, second) = (steps.next(first, left[k]), steps.next(second, pairs[k]));
        if (steps.is_special(first) || steps.is_special(second))
            && !note_both(dfa, (first, second), (k, mid + k), &mut note)
        {
            return one_chain(dfa, steps, hay, start, &mut note);
        }
        seen[k] = second;
        k += 1;
    }
    // The chains step without a call until one of them reaches a special state.
    while k < left.len() {
        let (at, states) = run_to_special(steps, &left[k..], &pairs[k..], (first, second));
        (first, second) = states;
        k += at;
        if k == left.len() {
            break;
        }
        if !note_both(dfa, states, (k, mid + k), &mut note) {
            return one_chain(dfa, steps, hay, start, &mut note);
        }
        k += 1;
    }
    if let Some(&y) = odd.first() {
        second = steps.next(second, y);
        if let Some(s) = seen.get_mut(left.len()) {
            *s = second;
        }
        if stops(dfa, second) {
            return one_chain(dfa, steps, hay, start, &mut note);
        }
        note_all(dfa, second, hay.len() - 1, &mut note);
    }
    note_all(dfa, dfa.next_eoi_state(second), hay.len(), &mut note);
    for (k, &x) in right.iter().enumerate() {
        first = steps.next(first, x);
        if seen.get(k) == Some(&first) {
            return Some(());
        }
        if steps.is_special(first) {
            if stops(dfa, first) {
                return one_chain(dfa, steps, hay, start, &mut note);
            }
            note_all(dfa, first, mid + k, &mut note);
        }
    }
    // The chains never met: the first one read the whole text, its end counts too.
    note_all(dfa, dfa.next_eoi_state(first), hay.len(), &mut note);
    Some(())
}

/// Steps the two chains from `states` over `left` and `right` (as long as `left`) until
/// one of them reaches a special state: the offset of that step and the states after it,
/// or the length of `left` and the states at its end. Two steps of each chain per round.
#[inline(always)]
fn run_to_special<A: Automaton>(
    steps: Steps<'_, A>,
    left: &[u8],
    right: &[u8],
    (mut a, mut b): (StateID, StateID),
) -> (usize, (StateID, StateID)) {
    let right = &right[..left.len()];
    let mut k = 0;
    for (x, y) in left.chunks_exact(2).zip(right.chunks_exact(2)) {
        (a, b) = (steps.next(a, x[0]), steps.next(b, y[0]));
        if steps.is_special(a) || steps.is_special(b) {
            return (k, (a, b));
        }
        (a, b) = (steps.next(a, x[1]), steps.next(b, y[1]));
        if steps.is_special(a) || steps.is_special(b) {
            return (k + 1, (a, b));
        }
        k += 2;
    }
    if let (Some(&x), Some(&y)) = (left.get(k), right.get(k)) {
        (a, b) = (steps.next(a, x), steps.next(b, y));
        if steps.is_special(a) || steps.is_special(b) {
            return (k, (a, b));
        }
        k += 1;
    }
    (k, (a, b))
}

/// The DFA's own transitions, as the search steps through them: the check of the table
/// index that `next_state` makes is a branch off the chain of dependent loads, where
/// masking the index (a table of our own) was one more instruction on it, and measured
/// slower on real text.
struct Steps<'a, A>(&'a A);

impl<A> Clone for Steps<'_, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A> Copy for Steps<'_, A> {}

impl<A: Automaton> Steps<'_, A> {
    /// The state after `sid` on byte `b`.
    #[inline(always)]
    fn next(self, sid: StateID, b: u8) -> StateID {
        self.0.next_state(sid, b)
    }

    /// Whether `sid` is a special state (dead, quit or match; the DFA numbers them first,
    /// so this is one comparison).
    #[inline(always)]
    fn is_special(self, sid: StateID) -> bool {
        self.0.is_special_state(sid)
    }
}

/// Notes the rules of the chains' states `sids`, with matches ending at `ends`; `false`
/// when either chain stops.
#[inline(never)]
fn note_both<A: Automaton>(
    dfa: &A,
    sids: (StateID, StateID),
    ends: (usize, usize),
    note: &mut impl FnMut(PatternID, usize),
) -> bool {
    if stops(dfa, sids.0) || stops(dfa, sids.1) {
        return false;
    }
    note_all(dfa, sids.0, ends.0, note);
    note_all(dfa, sids.1, ends.1, note);
    true
}

/// Whether `sid` is a dead or quit state, where a search stops (the DFA has no quit
/// bytes, and its unanchored start never dies, as built): the two chains then leave the
/// answer to one chain, as it always was.
fn stops<A: Automaton>(dfa: &A, sid: StateID) -> bool {
    dfa.is_dead_state(sid) || dfa.is_quit_state(sid)
}

/// `which_match` as one chain of transitions from `sid`, the start state of `hay`.
fn one_chain<A: Automaton>(
    dfa: &A,
    steps: Steps<'_, A>,
    hay: &[u8],
    mut sid: StateID,
    note: &mut impl FnMut(PatternID, usize),
) -> Option<()> {
    for (at, &b) in hay.iter().enumerate() {
        sid = steps.next(sid, b);
        if steps.is_special(sid) {
            if dfa.is_match_state(sid) {
                note_all(dfa, sid, at, note);
            } else if dfa.is_dead_state(sid) {
                return Some(());
            } else if dfa.is_quit_state(sid) {
                return None;
            }
        }
    }
    note_all(dfa, dfa.next_eoi_state(sid), hay.len(), note);
    Some(())
}

/// Notes the rules of `sid` with a match ending at `end`, if it is a match state.
fn note_all<A: Automaton>(
    dfa: &A,
    sid: StateID,
    end: usize,
    note: &mut impl FnMut(PatternID, usize),
) {
    if dfa.is_match_state(sid) {
        for i in 0..dfa.match_len(sid) {
            note(dfa.match_pattern(sid, i), end);
        }
    }
}
