//! The `re:` rules of an engine: one forward DFA over all of them says which rules match
//! somewhere in a message; only those then run alone (each compiled on first use) to give
//! their spans. The DFA is the prebuilt one for the built-in rules (`prebuilt.rs`), else
//! a lazy DFA compiled when the engine is built.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};
use regex_automata::dfa::Automaton as _;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternID, PatternSet};

use crate::prebuilt::{self, Dense};
use crate::Error;

/// The automaton of a rule set, from [`RuleSet::compile`].
#[derive(Clone, Debug)]
pub(crate) enum RuleAutomaton {
    /// Determinized ahead of time: the built-in rules, unchanged.
    Prebuilt(Dense),
    /// Determinized as messages need it, with a cache per thread.
    Lazy(DFA),
}

impl RuleAutomaton {
    fn pattern_len(&self) -> usize {
        match self {
            RuleAutomaton::Prebuilt(dfa) => dfa.pattern_len(),
            RuleAutomaton::Lazy(dfa) => dfa.pattern_len(),
        }
    }
}

/// How rule sources are read, for the lazy DFA and the prebuilt one alike: bytes, ASCII
/// classes (see `regex_builder`).
pub(crate) fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

/// The rule set's NFA: no captures (the rules that match run alone for their spans).
pub(crate) fn thompson_config() -> thompson::Config {
    thompson::Config::new()
        .utf8(false)
        .which_captures(WhichCaptures::None)
        .nfa_size_limit(Some(REGEX_SET_SIZE_LIMIT))
}

/// Engine ids, which tell one engine's caches from another's in a thread's `RuleScratch`.
static NEXT_ENGINE_ID: AtomicU64 = AtomicU64::new(0);

/// Compiled size limit for one `re:` rule; generous for real rules, and it makes a
/// pathological user regex fail at build time with a clear error instead of using memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// `re:` rules run on the normalized view, which is lower-case and folded to ASCII where
/// it matters, so ASCII classes (`\b`, `\d`, `\w`) are exact there and much cheaper
/// than their Unicode forms.
fn regex_builder(pattern: &str) -> RegexBuilder {
    let mut b = RegexBuilder::new(pattern);
    b.unicode(false).size_limit(REGEX_SIZE_LIMIT);
    b
}

/// One `re:` rule, compiled on first use.
#[derive(Debug)]
struct LazyRegex {
    source: String,
    slot: u32,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// The compiled rule. Alone it gets the whole set's size limit, so a rule that
    /// compiled in the set compiles here; `None` is unreachable in practice and never a
    /// panic.
    fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                let mut b = regex_builder(&self.source);
                b.size_limit(REGEX_SET_SIZE_LIMIT);
                b.build().ok()
            })
            .as_ref()
    }
}

/// The most a rule set's lazy DFA cache grows to, in bytes: `regex`'s default for its own
/// lazy DFA, ample for the built-in rules.
const REGEX_SET_DFA_CACHE: usize = 2 * (1 << 20);

/// Compiled size limit for all `re:` rules together, run as one set over each message.
const REGEX_SET_SIZE_LIMIT: usize = 8 * REGEX_SIZE_LIMIT;

/// The compiled rules of one engine.
#[derive(Debug)]
pub(crate) struct RuleSet {
    /// Which rules match somewhere (all matches, bytes, no captures).
    dfa: RuleAutomaton,
    /// Tells this engine's lazy DFA cache apart from another engine's in a shared scratch.
    id: u64,
    /// The rules by pattern index: source, slot, and the compiled form, built on first use
    /// (the set has already proven that each one compiles within the size limit).
    rules: Vec<LazyRegex>,
}

/// A thread's scratch for rule sets: per engine (by id), which rules matched and the lazy
/// DFA cache (none for a prebuilt DFA), for up to `CACHED_ENGINES` engines (the one cached
/// first makes room). A cache grows to at most `REGEX_SET_DFA_CACHE` bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct RuleScratch {
    engines: Vec<(u64, PatternSet, Option<Cache>)>,
}

/// How many engines' rule-set caches a thread keeps: a service that scores customer
/// messages and reviews agent drafts on the same thread alternates two engines (the
/// reviewer has its own), and each should keep its warm cache instead of rebuilding it.
const CACHED_ENGINES: usize = 4;

/// One `re:` rule on its way into a rule set: its source and where it was written.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RuleSource<'a> {
    pub text: &'a str,
    /// (source, line), for errors.
    pub origin: (&'a str, usize),
}

impl RuleSet {
    /// Compiles the automaton over `rules`, in their order; `None` when there are none.
    /// The built-in rules, unchanged, load the prebuilt DFA instead. A bad rule is an
    /// error naming its file and line. Compiling is the costliest step of building an
    /// engine, and needs only the rule sources, so an engine can run it while it builds
    /// everything else.
    pub fn compile(rules: &[RuleSource<'_>]) -> Result<Option<RuleAutomaton>, Error> {
        if rules.is_empty() {
            return Ok(None);
        }
        if let Some(dfa) = prebuilt::lookup(rules) {
            return Ok(Some(RuleAutomaton::Prebuilt(dfa)));
        }
        RuleSet::compile_lazy(rules).map(Some)
    }

    /// Compiles the lazy DFA over `rules` (not empty), in their order.
    fn compile_lazy(rules: &[RuleSource<'_>]) -> Result<RuleAutomaton, Error> {
        let sources: Vec<&str> = rules.iter().map(|r| r.text).collect();
        // One forward lazy DFA over all rules: it answers which rules match somewhere
        // (all matches, bytes, no captures); the rules that do are then run alone.
        // Forward only, with no prefilter, it builds in a fraction of what a full
        // `regex` set (forward and reverse automata, literal prefilter) takes.
        let set = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(REGEX_SET_DFA_CACHE),
            )
            .syntax(syntax_config())
            .thompson(thompson_config())
            .build_many(&sources);
        match set {
            Ok(dfa) => Ok(RuleAutomaton::Lazy(dfa)),
            // Find the rule to blame, with its file and line.
            Err(e) => {
                for rule in rules {
                    regex_builder(rule.text)
                        .build()
                        .map_err(|e| bad_regex(rule.origin, e))?;
                }
                Err(Error::invalid(format!("cannot build the regex set: {e}")))
            }
        }
    }

    /// The rule set of `dfa`, compiled by [`RuleSet::compile`] over the sources of
    /// `rules` in the same order, each rule with its slot.
    pub fn new<'a>(dfa: RuleAutomaton, rules: impl Iterator<Item = (&'a str, u32)>) -> RuleSet {
        let rules: Vec<LazyRegex> = rules
            .map(|(source, slot)| LazyRegex {
                source: source.to_string(),
                slot,
                compiled: OnceLock::new(),
            })
            .collect();
        debug_assert_eq!(rules.len(), dfa.pattern_len());
        RuleSet {
            dfa,
            id: NEXT_ENGINE_ID.fetch_add(1, Ordering::Relaxed),
            rules,
        }
    }

    /// The rule sources, in the automaton's order.
    #[cfg(any(test, feature = "prebuild"))]
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.source.as_str())
    }

    /// Whether the automaton is the prebuilt one.
    #[cfg(test)]
    pub fn is_prebuilt(&self) -> bool {
        matches!(self.dfa, RuleAutomaton::Prebuilt(_))
    }

    /// Calls `push(start, end, slot)` for every match of every rule in `hay`.
    pub fn find(
        &self,
        hay: &[u8],
        scratch: &mut RuleScratch,
        mut push: impl FnMut(usize, usize, u32),
    ) {
        let k = match scratch.engines.iter().position(|e| e.0 == self.id) {
            Some(k) => k,
            None => {
                if scratch.engines.len() == CACHED_ENGINES {
                    scratch.engines.remove(0);
                }
                let patterns = PatternSet::new(self.dfa.pattern_len());
                let cache = match &self.dfa {
                    RuleAutomaton::Lazy(dfa) => Some(dfa.create_cache()),
                    RuleAutomaton::Prebuilt(_) => None,
                };
                scratch.engines.push((self.id, patterns, cache));
                scratch.engines.len() - 1
            }
        };
        let (_, which, cache) = &mut scratch.engines[k];
        which.clear();
        let found = match (&self.dfa, cache) {
            (RuleAutomaton::Prebuilt(dfa), _) => prebuilt::which_match(dfa, hay, which),
            (RuleAutomaton::Lazy(dfa), Some(cache)) => which_match(dfa, cache, hay, which),
            // Unreachable: a lazy DFA's scratch was made with its cache.
            (RuleAutomaton::Lazy(_), None) => None,
        };
        if found.is_none() {
            // The lazy DFA gave up (it does not with the default configuration): every
            // rule runs alone, which finds the same matches.
            for i in 0..self.dfa.pattern_len() {
                which.insert(PatternID::new_unchecked(i));
            }
        }
        // Most messages match no rule: skip the walk over every pattern's flag.
        if which.is_empty() {
            return;
        }
        for i in which.iter() {
            let rule = &self.rules[i.as_usize()];
            let Some(re) = rule.get() else { continue };
            for m in re.find_iter(hay) {
                if m.start() < m.end() {
                    push(m.start(), m.end(), rule.slot);
                }
            }
        }
    }
}

/// Notes in `which` the rules that match somewhere in `hay`: the lazy DFA's overlapping
/// search, as one loop over the bytes that notes the rules of every match state it
/// passes (matches show one byte late, and at the end of the text). The library's
/// overlapping search stops at each match to report it and does several times the work
/// per byte. `None` when the DFA gives up or quits.
fn which_match(dfa: &DFA, cache: &mut Cache, hay: &[u8], which: &mut PatternSet) -> Option<()> {
    let mut sid = dfa.start_state_forward(cache, &Input::new(hay)).ok()?;
    let note = |sid, cache: &Cache, which: &mut PatternSet| {
        for i in 0..dfa.match_len(cache, sid) {
            which.insert(dfa.match_pattern(cache, sid, i));
        }
    };
    for &b in hay {
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
                note(sid, cache, which);
            } else if sid.is_dead() {
                return Some(());
            } else if sid.is_quit() {
                return None;
            }
        }
    }
    sid = dfa.next_eoi_state(cache, sid).ok()?;
    if sid.is_match() {
        note(sid, cache, which);
    }
    Some(())
}

fn bad_regex(origin: (&str, usize), e: regex::Error) -> Error {
    let msg = match e {
        regex::Error::CompiledTooBig(limit) => {
            format!("regular expression is too large to compile (limit {limit} bytes)")
        }
        other => format!("bad regular expression: {other}"),
    };
    Error::lexicon(origin.0, origin.1, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `which_match` finds the same rules as the library's overlapping search, including
    /// anchored, empty and end-of-text matches; so does the prebuilt DFA's loop over the
    /// same rules determinized ahead of time (read back from its serialized form).
    #[test]
    fn which_match_agrees_with_the_overlapping_search() {
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
        let dfa = RuleSet::compile(&sources).unwrap().unwrap();
        let set = RuleSet::new(dfa, rules.iter().map(|r| (*r, 0)));
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
            let RuleAutomaton::Lazy(dfa) = &set.dfa else {
                panic!("test rules compile lazily")
            };
            let mut cache = dfa.create_cache();
            let mut want = PatternSet::new(dfa.pattern_len());
            dfa.try_which_overlapping_matches(&mut cache, &Input::new(t), &mut want)
                .unwrap();
            let mut got = PatternSet::new(dfa.pattern_len());
            which_match(dfa, &mut cache, t.as_bytes(), &mut got).unwrap();
            let got: Vec<_> = got.iter().collect();
            let want: Vec<_> = want.iter().collect();
            assert_eq!(got, want, "{t:?}");
            let mut ahead = PatternSet::new(dfa.pattern_len());
            prebuilt::which_match(&dense, t.as_bytes(), &mut ahead).unwrap();
            assert_eq!(ahead.iter().collect::<Vec<_>>(), want, "prebuilt: {t:?}");
        }
    }
}
