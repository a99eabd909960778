//! The `re:` rules of an engine: its automata (`rule_automaton.rs`) say which rules match
//! somewhere in a message; only those then run alone (each compiled on first use) to give
//! their spans.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::Cache;
use regex_automata::{PatternID, PatternSet};

pub(crate) use crate::rule_automaton::RuleAutomaton;
use crate::Error;

/// Engine ids, which tell one engine's caches from another's in a thread's `RuleScratch`.
static NEXT_ENGINE_ID: AtomicU64 = AtomicU64::new(0);

/// Compiled size limit for one `re:` rule; generous for real rules, and it makes a
/// pathological user regex fail at build time with a clear error instead of using memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// `re:` rules run on the normalized view, which is lower-case and folded to ASCII where
/// it matters, so ASCII classes (`\b`, `\d`, `\w`) are exact there and much cheaper
/// than their Unicode forms.
pub(crate) fn regex_builder(pattern: &str) -> RegexBuilder {
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

/// Compiled size limit for all `re:` rules together, run as one set over each message.
pub(crate) const REGEX_SET_SIZE_LIMIT: usize = 8 * REGEX_SIZE_LIMIT;

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
/// first makes room).
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
    /// The rule set of `dfa`, compiled by [`RuleAutomaton::compile`] over the sources of
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

    /// The automata.
    #[cfg(test)]
    pub fn automaton(&self) -> &RuleAutomaton {
        &self.dfa
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
                scratch
                    .engines
                    .push((self.id, patterns, self.dfa.create_cache()));
                scratch.engines.len() - 1
            }
        };
        let (_, which, cache) = &mut scratch.engines[k];
        which.clear();
        if self.dfa.which(hay, cache.as_mut(), which).is_none() {
            // An automaton gave up (they do not as configured): every rule runs alone,
            // which finds the same matches.
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

pub(crate) fn bad_regex(origin: (&str, usize), e: regex::Error) -> Error {
    let msg = match e {
        regex::Error::CompiledTooBig(limit) => {
            format!("regular expression is too large to compile (limit {limit} bytes)")
        }
        other => format!("bad regular expression: {other}"),
    };
    Error::lexicon(origin.0, origin.1, msg)
}
