//! Which `re:` rules match somewhere in a message: one forward pass of a DFA over all of
//! them (all matches, bytes, no captures). The built-in rules an engine has run in the
//! prebuilt DFA (`prebuilt.rs`); the rest, if any, in a lazy DFA compiled when the engine
//! is built, so adding a rule or two to the built-ins (or the reply checker's phrase
//! lists) compiles only those.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternID};

use crate::prebuilt::{self, Dense};
use crate::rule_set::{bad_regex, regex_builder, RuleSource, REGEX_SET_SIZE_LIMIT};
use crate::Error;

/// The most a lazy DFA's cache grows to, in bytes: `regex`'s default for its own lazy
/// DFA, ample for the built-in rules.
const LAZY_DFA_CACHE: usize = 2 * (1 << 20);

/// Marks a prebuilt rule the engine does not have (a removed built-in rule).
pub(crate) const NOT_OURS: u32 = u32::MAX;

/// The automata of a rule set, from [`RuleAutomaton::compile`]; they number the engine's
/// rules as the sources given to `compile` are ordered.
#[derive(Clone, Debug)]
pub(crate) struct RuleAutomaton {
    /// The prebuilt DFA, with the engine's index of each of its rules (`NOT_OURS`).
    prebuilt: Option<(Dense, Vec<u32>)>,
    /// The lazy DFA over the other rules, with the engine's index of each.
    lazy: Option<(DFA, Vec<u32>)>,
    /// How many rules the engine has.
    len: usize,
}

/// How rule sources are read, by the lazy DFA and the prebuilt one alike: bytes, ASCII
/// classes (see `rule_set::regex_builder`).
pub(crate) fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

/// The automata's NFA: no captures (the rules that match run alone for their spans).
pub(crate) fn thompson_config() -> thompson::Config {
    thompson::Config::new()
        .utf8(false)
        .which_captures(WhichCaptures::None)
        .nfa_size_limit(Some(REGEX_SET_SIZE_LIMIT))
}

impl RuleAutomaton {
    /// The automata over `rules`, numbered in their order; `None` when there are none.
    /// A bad rule is an error naming its file and line. Compiling is the costliest step
    /// of building an engine, and needs only the rule sources, so an engine can run it
    /// while it builds everything else.
    pub fn compile(rules: &[RuleSource<'_>]) -> Result<Option<RuleAutomaton>, Error> {
        if rules.is_empty() {
            return Ok(None);
        }
        let prebuilt = prebuilt::cover(rules);
        let mut covered = vec![false; rules.len()];
        if let Some((_, ours)) = &prebuilt {
            for &i in ours.iter().filter(|&&i| i != NOT_OURS) {
                covered[i as usize] = true;
            }
        }
        let (rest, index): (Vec<RuleSource<'_>>, Vec<u32>) = rules
            .iter()
            .enumerate()
            .filter(|&(i, _)| !covered[i])
            .map(|(i, r)| (*r, i as u32))
            .unzip();
        let lazy = match rest.is_empty() {
            true => None,
            false => Some((compile_lazy(&rest)?, index)),
        };
        Ok(Some(RuleAutomaton {
            prebuilt,
            lazy,
            len: rules.len(),
        }))
    }

    /// How many rules the engine has.
    pub fn pattern_len(&self) -> usize {
        self.len
    }

    /// A cache for the lazy DFA, if there is one.
    pub fn create_cache(&self) -> Option<Cache> {
        self.lazy.as_ref().map(|(dfa, _)| dfa.create_cache())
    }

    /// Whether the prebuilt DFA runs every rule (no lazy DFA).
    #[cfg(test)]
    pub fn all_prebuilt(&self) -> bool {
        self.prebuilt.is_some() && self.lazy.is_none()
    }

    /// Calls `note(rule, end)` for every rule that matches somewhere in `hay`, at each
    /// offset where one of its matches ends (in no particular order, some twice), with
    /// `cache` from [`Self::create_cache`]. `None` when an automaton gives up (they do not
    /// as configured).
    pub fn which(
        &self,
        hay: &[u8],
        cache: Option<&mut Cache>,
        mut note: impl FnMut(usize, usize),
    ) -> Option<()> {
        if let Some((dfa, ours)) = &self.prebuilt {
            prebuilt::which_match(dfa, hay, |p, end| {
                let i = ours[p.as_usize()];
                if i != NOT_OURS {
                    note(i as usize, end);
                }
            })?;
        }
        if let Some((dfa, index)) = &self.lazy {
            which_match(dfa, cache?, hay, |p, end| {
                note(index[p.as_usize()] as usize, end);
            })?;
        }
        Some(())
    }
}

/// The lazy DFA over `rules` (not empty), in their order. Forward only, with no
/// prefilter, it builds in a fraction of what a full `regex` set (forward and reverse
/// automata, literal prefilter) takes.
fn compile_lazy(rules: &[RuleSource<'_>]) -> Result<DFA, Error> {
    let sources: Vec<&str> = rules.iter().map(|r| r.text).collect();
    let set = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(LAZY_DFA_CACHE),
        )
        .syntax(syntax_config())
        .thompson(thompson_config())
        .build_many(&sources);
    set.or_else(|e| {
        // Find the rule to blame, with its file and line.
        for rule in rules {
            regex_builder(rule.text)
                .build()
                .map_err(|e| bad_regex(rule.origin, e))?;
        }
        Err(Error::invalid(format!("cannot build the regex set: {e}")))
    })
}

/// Calls `note(rule, end)` for every rule that matches somewhere in `hay`, at each offset
/// where one of its matches ends (in increasing order): the lazy DFA's overlapping
/// search, as one loop over the bytes that notes the rules of every match state it
/// passes (a match ending at `end` shows when the byte at `end` is read, and at the end
/// of the text). The library's overlapping search stops at each match to report it and
/// does several times the work per byte. `None` when the DFA gives up or quits.
fn which_match(
    dfa: &DFA,
    cache: &mut Cache,
    hay: &[u8],
    mut note: impl FnMut(PatternID, usize),
) -> Option<()> {
    let mut sid = dfa.start_state_forward(cache, &Input::new(hay)).ok()?;
    let mut note_all = |sid, cache: &Cache, end| {
        for i in 0..dfa.match_len(cache, sid) {
            note(dfa.match_pattern(cache, sid, i), end);
        }
    };
    for (at, &b) in hay.iter().enumerate() {
        // From an untagged state the cached transition is one load; an unknown one (not
        // computed yet) and transitions out of match states take the checked path.
        let next = if sid.is_tagged() {
            None
        } else {
            Some(dfa.next_state_untagged(cache, sid, b)).filter(|n| !n.is_unknown())
        };
        sid = match next {
            Some(n) => n,
            None => dfa.next_state(cache, sid, b).ok()?,
        };
        if sid.is_tagged() {
            if sid.is_match() {
                note_all(sid, cache, at);
            } else if sid.is_dead() {
                return Some(());
            } else if sid.is_quit() {
                return None;
            }
        }
    }
    sid = dfa.next_eoi_state(cache, sid).ok()?;
    if sid.is_match() {
        note_all(sid, cache, hay.len());
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use regex_automata::PatternSet;

    use super::*;

    /// The lazy loop finds the same rules as the library's overlapping search, including
    /// anchored, empty and end-of-text matches; so does the prebuilt DFA's loop over the
    /// same rules determinized ahead of time (read back from its serialized form).
    #[test]
    fn the_search_loops_agree_with_the_overlapping_search() {
        let rules = [
            r"\?+",
            r"^why\b",
            r"\bfix(ed)?$",
            r"a*",
            r"\b\d{1,2} ?(am|pm)\b",
            r"!\s?\?",
            r"\bthird (call|time)\b",
            r"(?m)^no\b",
            r"x$",
        ];
        let sources: Vec<RuleSource<'_>> = rules
            .iter()
            .map(|r| RuleSource {
                text: r,
                origin: ("test", 0),
            })
            .collect();
        let lazy = compile_lazy(&sources).unwrap();
        let (bytes, pad) = prebuilt::determinize(&rules)
            .unwrap()
            .to_bytes_native_endian();
        let dense = regex_automata::dfa::dense::DFA::from_bytes(&bytes[pad..])
            .unwrap()
            .0;
        let texts = [
            "",
            "why",
            "why not?",
            "please fix",
            "fixed it at 9 am!?",
            "no way\nno",
            "3rd",
            "third time",
            "the third call?? x",
            "box",
            "ab",
            "?",
            "!?",
        ];
        for t in texts {
            let mut cache = lazy.create_cache();
            let mut want = PatternSet::new(rules.len());
            lazy.try_which_overlapping_matches(&mut cache, &Input::new(t), &mut want)
                .unwrap();
            let want: Vec<_> = want.iter().collect();
            let ends = overlapping_ends(&lazy, t);
            let mut got = Vec::new();
            which_match(&lazy, &mut cache, t.as_bytes(), |p, end| got.push((p, end))).unwrap();
            got.sort_unstable();
            got.dedup();
            assert_eq!(got, ends, "lazy ends: {t:?}");
            let mut got: Vec<_> = got.into_iter().map(|(p, _)| p).collect();
            got.dedup();
            assert_eq!(got, want, "lazy: {t:?}");
            let mut ahead = Vec::new();
            prebuilt::which_match(&dense, t.as_bytes(), |p, end| ahead.push((p, end))).unwrap();
            ahead.sort_unstable();
            ahead.dedup();
            assert_eq!(ahead, ends, "prebuilt: {t:?}");
        }
    }

    /// Every (rule, end offset) of a match in `text`, sorted: the library's overlapping
    /// search over the lazy DFA, one match at a time.
    fn overlapping_ends(dfa: &DFA, text: &str) -> Vec<(PatternID, usize)> {
        use regex_automata::hybrid::dfa::OverlappingState;
        let (mut cache, input) = (dfa.create_cache(), Input::new(text));
        let mut state = OverlappingState::start();
        let mut ends = Vec::new();
        loop {
            dfa.try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .unwrap();
            match state.get_match() {
                Some(m) => ends.push((m.pattern(), m.offset())),
                None => break,
            }
        }
        ends.sort_unstable();
        ends.dedup();
        ends
    }
}
