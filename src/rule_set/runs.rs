//! Rules whose matches are runs of one set of bytes (`\?+`, `!+`, `[!?]{2,}`, `x{3}`): on
//! real text `\?+` alone is 78..86% of all the rules that match, and a loop over the bytes
//! finds its spans for a fraction of a regex search. Told from the rule's Thompson NFA,
//! whatever its source spells: a chain of states that each step on the same byte set to
//! the next, ending in the match, or in a loop back to the chain's last state that
//! prefers going round (greedy).

use regex_automata::nfa::thompson::{State, NFA};
use regex_automata::util::primitives::StateID;

/// A rule whose leftmost-first matches are runs of bytes of `set`: `len` of them at a
/// time, or (`more`) as many as follow, at least `len`.
#[derive(Clone, Debug)]
pub(crate) struct ByteRuns {
    /// Which bytes the rule steps on, by byte.
    set: Box<[bool; 256]>,
    /// How many bytes of the set a match needs (at least 1).
    len: usize,
    /// Whether a match takes every byte of the set that follows (a greedy loop); if not,
    /// each match is exactly `len` bytes.
    more: bool,
}

impl ByteRuns {
    /// The runs `nfa` (one pattern, no captures, no look-around) matches, when it is a
    /// chain of states over one byte set as above; `None` for any other shape.
    pub fn of(nfa: &NFA) -> Option<ByteRuns> {
        let (mut set, mut last) = (None, None);
        let mut sid = nfa.start_anchored();
        let mut len = 0;
        let more = loop {
            match nfa.state(sid) {
                State::Match { .. } => break false,
                // A greedy loop: back to the chain's last state first, else the match.
                State::BinaryUnion { alt1, alt2 } => {
                    let to_match = matches!(nfa.state(*alt2), State::Match { .. });
                    if Some(*alt1) != last || !to_match {
                        return None;
                    }
                    break true;
                }
                // A chain longer than the NFA has states loops on itself.
                _ if len > nfa.states().len() => return None,
                _ => {
                    let (s, next) = steps(nfa, sid)?;
                    if set.is_some_and(|set| set != s) {
                        return None;
                    }
                    (set, last) = (Some(s), Some(sid));
                    (sid, len) = (next, len + 1);
                }
            }
        };
        Some(ByteRuns {
            set: Box::new(set?),
            len,
            more,
        })
    }

    /// Calls `push(start, end)` for every match in `hay[..last]`, as a leftmost-first
    /// search of the rule would find them there, given `first`, the end of the first
    /// match (or 0, not known): that match starts `len` bytes before it, as every byte of
    /// the set in the same run before it would end an earlier match.
    pub fn find(&self, hay: &[u8], first: usize, last: usize, mut push: impl FnMut(usize, usize)) {
        let hay = &hay[..last];
        let mut at = first.saturating_sub(self.len);
        while at < hay.len() {
            if !self.set[usize::from(hay[at])] {
                at += 1;
                continue;
            }
            let start = at;
            let mut end = at + 1;
            while end < hay.len() && self.set[usize::from(hay[end])] {
                end += 1;
            }
            at = end;
            match self.more {
                true if end - start >= self.len => push(start, end),
                true => {}
                false => {
                    let mut s = start;
                    while end - s >= self.len {
                        push(s, s + self.len);
                        s += self.len;
                    }
                }
            }
        }
    }
}

/// The byte set of state `sid` when it steps on bytes to one state, and that state.
fn steps(nfa: &NFA, sid: StateID) -> Option<([bool; 256], StateID)> {
    let mut set = [false; 256];
    let mut to = None;
    let mut add = |start: u8, end: u8, next: StateID| {
        for b in start..=end {
            set[usize::from(b)] = true;
        }
        match to {
            Some(t) => t == next,
            None => {
                to = Some(next);
                true
            }
        }
    };
    let ok = match nfa.state(sid) {
        State::ByteRange { trans } => add(trans.start, trans.end, trans.next),
        State::Sparse(sparse) => sparse
            .transitions
            .iter()
            .all(|t| add(t.start, t.end, t.next)),
        State::Dense(dense) => (0..=255u8).all(|b| {
            let next = dense.transitions[usize::from(b)];
            next == StateID::ZERO || add(b, b, next)
        }),
        _ => false,
    };
    Some((set, to?)).filter(|_| ok)
}

#[cfg(test)]
mod tests {
    use regex_automata::nfa::thompson::Compiler;

    use super::*;
    use crate::rule_automaton::{syntax_config, thompson_config};
    use crate::rule_set::regex_builder;

    fn runs(pattern: &str) -> Option<ByteRuns> {
        let nfa = Compiler::new()
            .syntax(syntax_config())
            .configure(thompson_config())
            .build(pattern)
            .unwrap();
        ByteRuns::of(&nfa)
    }

    /// (pattern, its runs: bytes of the set needed, whether a match takes all that follow)
    const SHAPES: &[(&str, Option<(usize, bool)>)] = &[
        (r"\?+", Some((1, true))),
        (r"!+", Some((1, true))),
        (r"(\?)+", Some((1, true))),
        (r"[!?]{2,}", Some((2, true))),
        (r"[^a-z ]{3,}", Some((3, true))),
        (r"\d{2}", Some((2, false))),
        (r"x{3}", Some((3, false))),
        (r"a|b", Some((1, false))),
        (r"\?+?", None),
        (r"x*", None),
        (r"ab", None),
        (r"a+b", None),
        (r"(ab)+", None),
        (r"x{2,4}", None),
        (r"\bx+", None),
        (r"x+$", None),
        (r"(?i)why", None),
    ];

    #[test]
    fn rules_of_one_byte_set_are_told_from_their_nfa() {
        for &(pattern, want) in SHAPES {
            let got = runs(pattern).map(|r| (r.len, r.more));
            assert_eq!(got, want, "{pattern}");
        }
    }

    /// The runs found are the non-empty matches of `regex::bytes::Regex::find_iter`
    /// over the text up to the rule's last end, from the first match's end or from no
    /// end known, on random texts of the sets' bytes and others.
    #[test]
    fn the_runs_are_the_regex_matches() {
        let mut next = crate::test_rng::below(0x1234_5678_9ABC_DEF1);
        let bytes = b"??!!x5 a12b?";
        for &(pattern, want) in SHAPES {
            let Some(runs) = want.and(runs(pattern)) else {
                continue;
            };
            let re = regex_builder(pattern).build().unwrap();
            for _ in 0..2000 {
                let text: Vec<u8> = (0..next(40)).map(|_| bytes[next(bytes.len())]).collect();
                let want: Vec<(usize, usize)> =
                    re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
                let (Some(&(s, _)), Some(&(_, last))) = (want.first(), want.last()) else {
                    continue;
                };
                for first in [s + runs.len, 0] {
                    let mut got = Vec::new();
                    runs.find(&text, first, last, |s, e| got.push((s, e)));
                    assert_eq!(
                        got,
                        want,
                        "{pattern} on {:?}",
                        String::from_utf8_lossy(&text)
                    );
                }
            }
        }
    }
}
