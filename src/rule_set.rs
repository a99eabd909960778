//! The `re:` rules of an engine: its automata (`rule_automaton.rs`) say which rules match
//! somewhere in a message, and where each one's last match ends; only those then run
//! alone (each compiled on first use) to give their spans, searching no further than that
//! end.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use regex::bytes::RegexBuilder;
use regex_automata::hybrid::dfa::Cache;
use regex_automata::meta::{self, Regex};
use regex_automata::util::iter::Searcher;
use regex_automata::{Input, MatchKind};

use regex_automata::nfa::thompson;
use regex_automata::util::syntax;

pub(crate) use crate::rule_automaton::RuleAutomaton;
use crate::rule_automaton::{syntax_config, thompson_config};
use crate::Error;
use runs::ByteRuns;

mod runs;

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

/// The capacity of one rule's lazy DFA cache, in bytes: `regex`'s default.
const RULE_DFA_CACHE: usize = 2 * (1 << 20);

/// One `re:` rule, compiled on first use: the regex that `regex_builder` builds with the
/// whole set's size limit (`regex::bytes::Regex` is this `meta::Regex` with this
/// configuration), searched here with a cache from the thread's `RuleScratch` instead of
/// the regex's own pool; or, when its matches are runs of one byte set, a loop over the
/// bytes.
#[derive(Debug)]
struct LazyRegex {
    source: String,
    slot: u32,
    compiled: OnceLock<Option<Search>>,
}

/// How a rule that matched in a message finds its spans.
#[derive(Debug)]
enum Search {
    /// Its regex, with the most bytes one of its matches spans, when that is bounded.
    Regex(Regex, Option<usize>),
    /// A loop over the bytes (`runs.rs`).
    Runs(ByteRuns),
}

impl LazyRegex {
    /// The compiled rule. Alone it gets the whole set's size limit, so a rule that
    /// compiled in the set compiles here; `None` is unreachable in practice and never a
    /// panic. A rule with no look-around is first tried as runs of one byte set (its
    /// Thompson NFA is small then, and read once).
    fn get(&self) -> Option<&Search> {
        self.compiled
            .get_or_init(|| {
                let hir = syntax::parse_with(&self.source, &syntax_config()).ok()?;
                if hir.properties().look_set().is_empty() {
                    let nfa = thompson::Compiler::new()
                        .configure(thompson_config())
                        .build_from_hir(&hir);
                    if let Some(runs) = nfa.ok().as_ref().and_then(ByteRuns::of) {
                        return Some(Search::Runs(runs));
                    }
                }
                meta::Builder::new()
                    .configure(
                        meta::Config::new()
                            .match_kind(MatchKind::LeftmostFirst)
                            .utf8_empty(false)
                            .nfa_size_limit(Some(REGEX_SET_SIZE_LIMIT))
                            .hybrid_cache_capacity(RULE_DFA_CACHE),
                    )
                    .build_from_hir(&hir)
                    .ok()
                    .map(|re| Search::Regex(re, hir.properties().maximum_len()))
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

/// A thread's scratch for rule sets, per engine (by id), for up to `CACHED_ENGINES`
/// engines (the one cached first makes room).
#[derive(Clone, Debug, Default)]
pub(crate) struct RuleScratch {
    engines: Vec<EngineScratch>,
}

/// One engine's part of a `RuleScratch`.
#[derive(Clone, Debug)]
struct EngineScratch {
    id: u64,
    /// The rules that match in the message, in the order the automata first saw them.
    matched: Vec<usize>,
    /// Per rule, where its last match in the message ends; `NO_MATCH` outside `matched`
    /// (and so between messages).
    last_end: Vec<usize>,
    /// Per rule in `matched`, where its first match ends.
    first_end: Vec<usize>,
    /// The lazy DFA's cache (none for a prebuilt DFA).
    dfa: Option<Cache>,
    /// Per rule, its regex's search cache, made on the rule's first match.
    regex: Vec<Option<meta::Cache>>,
}

/// `EngineScratch::last_end` of a rule that did not match.
const NO_MATCH: usize = usize::MAX;

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

    /// Calls `push(start, end, slot)` for every match of every rule in `hay` (its
    /// non-empty leftmost-first matches, as `regex::bytes::Regex::find_iter` over the whole
    /// text gives them).
    pub fn find(
        &self,
        hay: &[u8],
        scratch: &mut RuleScratch,
        mut push: impl FnMut(usize, usize, u32),
    ) {
        let k = match scratch.engines.iter().position(|e| e.id == self.id) {
            Some(k) => k,
            None => {
                if scratch.engines.len() == CACHED_ENGINES {
                    scratch.engines.remove(0);
                }
                let len = self.dfa.pattern_len();
                scratch.engines.push(EngineScratch {
                    id: self.id,
                    matched: Vec::new(),
                    last_end: vec![NO_MATCH; len],
                    first_end: vec![0; len],
                    dfa: self.dfa.create_cache(),
                    regex: vec![None; len],
                });
                scratch.engines.len() - 1
            }
        };
        let e = &mut scratch.engines[k];
        let (matched, last_end, first_end) = (&mut e.matched, &mut e.last_end, &mut e.first_end);
        let found = self.dfa.which(hay, e.dfa.as_mut(), |i, end| {
            if last_end[i] == NO_MATCH {
                matched.push(i);
                last_end[i] = end;
                first_end[i] = end;
            } else if last_end[i] < end {
                last_end[i] = end;
            } else if first_end[i] > end {
                first_end[i] = end;
            }
        });
        if found.is_none() {
            // An automaton gave up (they do not as configured): every rule runs alone
            // over the whole text, which finds the same matches.
            matched.clear();
            matched.extend(0..self.dfa.pattern_len());
            last_end.fill(hay.len());
            first_end.fill(0);
        }
        // Rule by rule in order, as the rules were always run.
        matched.sort_unstable();
        for &i in matched.iter() {
            let last = std::mem::replace(&mut last_end[i], NO_MATCH);
            let first = first_end[i];
            let rule = &self.rules[i];
            let slot = rule.slot;
            let (re, max_len) = match rule.get() {
                Some(Search::Regex(re, max_len)) => (re, *max_len),
                Some(Search::Runs(runs)) => {
                    runs.find(hay, first, last, |s, e| push(s, e, slot));
                    continue;
                }
                None => continue,
            };
            let cache = e.regex[i].get_or_insert_with(|| re.create_cache());
            // No match of the rule ends after its last end (the automata note every end),
            // so the search stops there, seeing the text beyond it for look-ahead, and finds
            // the very matches of a search over the whole text; a match that ends there is
            // its last non-empty one. Nor does any match start more than the longest match
            // before the first end, so the search starts there when that is bounded.
            let from = max_len.map_or(0, |n| first.saturating_sub(n));
            let mut matches = Searcher::new(Input::new(hay).range(from..last));
            while let Some(m) = matches.advance(|input| Ok(re.search_with(cache, input))) {
                if m.start() < m.end() {
                    push(m.start(), m.end(), slot);
                }
                if m.end() == last {
                    break;
                }
            }
        }
        matched.clear();
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

/// The words that rule sources spell out (runs of ASCII letters, digits and apostrophes),
/// sorted and unique: random texts made of them match the rules often. For the randomized
/// tests here and in `prebuilt`.
#[cfg(test)]
pub(crate) fn rule_words<'a>(rules: &[&'a str]) -> Vec<&'a str> {
    let mut words: Vec<&str> = rules
        .iter()
        .flat_map(|r| r.split(|c: char| !c.is_ascii_alphanumeric() && c != '\''))
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_set::RuleSource;

    /// Rules of an engine's own (run by the lazy DFA beside the prebuilt one): empty
    /// matches, anchors, look-around at both ends, alternations whose first alternative
    /// is not the longest, and runs of one byte set (found by a loop, `runs.rs`).
    const OWN_RULES: [&str; 13] = [
        r"a*",
        r"!+",
        r"[!?]{2,}",
        r"x{3}",
        r"\d{2}",
        r"(?m)^no\b",
        r"x$",
        r"!+\?",
        r"\b(ab|a)(c|bcd)\b",
        r"\d+(st|nd|rd|th)?",
        r"o{0,3}k",
        r"\bcan(not)?\b",
        r"\b(i|i'm|i'm not)\b",
    ];

    /// Phrases that the built-in rules match, so random texts hit them often.
    const PHRASES: [&str; 14] = [
        "can you please help",
        "third time",
        "for 3 hours",
        "why??",
        "9 am",
        "10:30pm",
        "ticket #12345",
        "how do i",
        "is it possible",
        "waiting for over 2 hours",
        "since yesterday",
        "abcd",
        "no way",
        "???",
    ];

    /// The rule set's spans are those of each rule's `regex::bytes::Regex::find_iter`
    /// over the whole text (non-empty ones, rule by rule in order), on random text made
    /// of the rules' own words, the phrases above, digits and marks.
    #[test]
    fn the_spans_are_those_of_each_rule_over_the_whole_text() {
        let triage = crate::Triage::new();
        let built_in = triage.inner.matcher.rule_set().expect("built-in re: rules");
        let mut rules: Vec<&str> = built_in.sources().collect();
        rules.extend(OWN_RULES);
        let sources: Vec<RuleSource<'_>> = rules
            .iter()
            .map(|&text| RuleSource {
                text,
                origin: ("test", 0),
            })
            .collect();
        let auto = RuleAutomaton::compile(&sources).unwrap().unwrap();
        let set = RuleSet::new(auto, rules.iter().zip(0..).map(|(&r, slot)| (r, slot)));
        let oracles: Vec<regex::bytes::Regex> = rules
            .iter()
            .map(|r| {
                let mut b = regex_builder(r);
                b.size_limit(REGEX_SET_SIZE_LIMIT);
                b.build().unwrap()
            })
            .collect();
        let words = rule_words(&rules);
        let marks = [
            " ", " ", " ", "", ", ", "?", "!", "\n", "5", "12", "x", "!!?", "xxxx",
        ];
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let mut scratch = RuleScratch::default();
        let mut hits = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(24) {
                match next(4) {
                    0 => text.push_str(PHRASES[next(PHRASES.len())]),
                    _ => text.push_str(words[next(words.len())]),
                }
                text.push_str(marks[next(marks.len())]);
            }
            let hay = text.as_bytes();
            let mut want = Vec::new();
            for (slot, re) in (0..).zip(&oracles) {
                for m in re.find_iter(hay).filter(|m| !m.is_empty()) {
                    want.push((m.start(), m.end(), slot));
                }
            }
            let mut got = Vec::new();
            set.find(hay, &mut scratch, |s, e, slot| got.push((s, e, slot)));
            assert_eq!(got, want, "{text:?}");
            hits += want.len();
        }
        assert!(
            hits > 3000,
            "the texts match the rules often ({hits} spans)"
        );
    }
}
