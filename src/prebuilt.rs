//! The built-in `re:` rules as a DFA determinized ahead of time (`lexicons/prebuilt/`,
//! written by `examples/prebuild_rules.rs`), so `Triage::new()` loads it in well under a
//! millisecond instead of compiling about 12 KB of regular expressions (some 28 M
//! instructions, the costliest step of building the engine).
//!
//! It is only a cache: an engine uses it when its rule sources are exactly the ones it
//! was built from (the list beside it), and the bytes pass `regex-automata`'s own checks
//! (format, version, endianness); otherwise the rules compile as before. A test fails
//! while the files are stale, naming the command that writes them again.

use std::sync::OnceLock;

use regex_automata::dfa::{dense, Automaton};
use regex_automata::{Input, PatternSet};

use crate::rule_set::RuleSource;

/// The determinized automaton's table, read in place.
pub(crate) type Dense = dense::DFA<&'static [u32]>;

/// `include_bytes!` with the alignment `dense::DFA::from_bytes` needs (4 bytes).
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

/// The serialized DFA, little-endian (`dense::DFA::to_bytes_little_endian`).
static DFA_BYTES: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!("../lexicons/prebuilt/rules.dfa"),
};

/// The rule sources the DFA was built from, one per line, in the order it numbers them.
pub(crate) const SOURCES: &str = include_str!("../lexicons/prebuilt/rules.sources");

/// The prebuilt automaton when `rules` are exactly the sources it was built from, in the
/// same order; `None` otherwise, or when the bytes do not load on this target (a
/// big-endian machine, another format version).
pub(crate) fn lookup(rules: &[RuleSource<'_>]) -> Option<Dense> {
    let mut lines = SOURCES.lines();
    let same = rules.iter().all(|r| lines.next() == Some(r.text)) && lines.next().is_none();
    if !same {
        return None;
    }
    static LOADED: OnceLock<Option<Dense>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            dense::DFA::from_bytes(&DFA_BYTES.bytes)
                .ok()
                .map(|(dfa, _)| dfa)
        })
        .clone()
        .filter(|dfa| dfa.pattern_len() == rules.len())
}

/// Notes in `which` the rules that match somewhere in `hay`, as `rule_set`'s loop does
/// for the lazy DFA: one pass over the bytes (matches show one byte late, and at the end
/// of the text). `None` when the DFA quits (it has no quit bytes as built).
pub(crate) fn which_match<A: Automaton>(dfa: &A, hay: &[u8], which: &mut PatternSet) -> Option<()> {
    let mut sid = dfa.start_state_forward(&Input::new(hay)).ok()?;
    let note = |sid, which: &mut PatternSet| {
        for i in 0..dfa.match_len(sid) {
            which.insert(dfa.match_pattern(sid, i));
        }
    };
    for &b in hay {
        sid = dfa.next_state(sid, b);
        if dfa.is_special_state(sid) {
            if dfa.is_match_state(sid) {
                note(sid, which);
            } else if dfa.is_dead_state(sid) {
                return Some(());
            } else if dfa.is_quit_state(sid) {
                return None;
            }
        }
    }
    sid = dfa.next_eoi_state(sid);
    if dfa.is_match_state(sid) {
        note(sid, which);
    }
    Some(())
}

/// Determinizes `sources` (one rule set, in order) with the configuration the lazy DFA
/// uses, minimized, and returns its little-endian serialization. For
/// `examples/prebuild_rules.rs`; takes seconds.
#[cfg(feature = "prebuild")]
pub(crate) fn build(sources: &[&str]) -> Result<Vec<u8>, crate::Error> {
    let (bytes, pad) = determinize(sources)?.to_bytes_little_endian();
    Ok(bytes[pad..].to_vec())
}

/// The DFA that [`build`] serializes.
#[cfg(any(test, feature = "prebuild"))]
pub(crate) fn determinize(sources: &[&str]) -> Result<dense::DFA<Vec<u32>>, crate::Error> {
    use regex_automata::dfa::StartKind;
    use regex_automata::MatchKind;
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Unanchored)
                .minimize(true),
        )
        .syntax(crate::rule_set::syntax_config())
        .thompson(crate::rule_set::thompson_config())
        .build_many(sources)
        .map_err(|e| crate::Error::invalid(format!("cannot determinize the rules: {e}")))
}

#[cfg(feature = "prebuild")]
impl crate::Triage {
    /// For maintainers (cargo feature `prebuild`): this engine's `re:` rules determinized
    /// ahead of time, as the two files of `lexicons/prebuilt/`: the rule sources, one per
    /// line in the DFA's order (`rules.sources`), and the DFA's little-endian serialization
    /// (`rules.dfa`). `examples/prebuild_rules.rs` writes them for the built-in engine.
    /// Takes seconds; `None` when the engine has no `re:` rules.
    pub fn prebuild_rules(&self) -> Result<Option<(String, Vec<u8>)>, crate::Error> {
        let Some(rules) = self.inner.matcher.rule_set() else {
            return Ok(None);
        };
        let sources: Vec<&str> = rules.sources().collect();
        let mut listed = String::new();
        for s in &sources {
            listed.push_str(s);
            listed.push('\n');
        }
        Ok(Some((listed, build(&sources)?)))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::MatchKind;

    use super::*;

    /// The lazy DFA over the built-in rules, compiled once for all tests.
    static BUILT_IN: LazyLock<DFA> = LazyLock::new(|| lazy(&SOURCES.lines().collect::<Vec<_>>()));

    /// The built-in rules, as an engine hands them over.
    fn built_in_rules() -> Vec<RuleSource<'static>> {
        SOURCES
            .lines()
            .map(|text| RuleSource {
                text,
                origin: ("test", 0),
            })
            .collect()
    }

    /// The lazy DFA over `sources`, configured as the rule set's.
    fn lazy(sources: &[&str]) -> DFA {
        DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .syntax(crate::rule_set::syntax_config())
            .thompson(crate::rule_set::thompson_config())
            .build_many(sources)
            .unwrap()
    }

    /// The rules each automaton finds in `text`, which must agree.
    fn assert_agree(dense: &impl Automaton, lazy: &DFA, text: &str) {
        let mut want = PatternSet::new(lazy.pattern_len());
        lazy.try_which_overlapping_matches(&mut lazy.create_cache(), &Input::new(text), &mut want)
            .unwrap();
        let mut got = PatternSet::new(dense.pattern_len());
        which_match(dense, text.as_bytes(), &mut got).unwrap();
        let (got, want): (Vec<_>, Vec<_>) = (got.iter().collect(), want.iter().collect());
        assert_eq!(got, want, "{text:?}");
    }

    /// The built-in engine loads the prebuilt DFA: the files in `lexicons/prebuilt/` were
    /// written from the current rules.
    #[test]
    fn the_prebuilt_rules_are_the_built_in_rules() {
        let triage = crate::Triage::new();
        let rules = triage.inner.matcher.rule_set().expect("built-in re: rules");
        let now: Vec<&str> = rules.sources().collect();
        let then: Vec<&str> = SOURCES.lines().collect();
        assert_eq!(
            now, then,
            "lexicons/prebuilt/ is stale; write it again with \
             `cargo run --release --features prebuild --example prebuild_rules`"
        );
        assert!(
            rules.is_prebuilt(),
            "lexicons/prebuilt/rules.dfa does not load"
        );
    }

    #[test]
    fn other_rule_lists_are_not_served_the_prebuilt_dfa() {
        let sources = built_in_rules();
        assert!(lookup(&sources).is_some());
        assert!(lookup(&sources[1..]).is_none(), "one rule fewer");
        assert!(
            lookup(&sources[..sources.len() - 1]).is_none(),
            "one rule fewer"
        );
        let mut swapped = sources.clone();
        swapped.swap(0, 1);
        assert!(lookup(&swapped).is_none(), "another order");
        let mut more = sources.clone();
        more.push(RuleSource {
            text: r"\bextra\b",
            origin: ("test", 0),
        });
        assert!(lookup(&more).is_none(), "one rule more");
    }

    /// The built-in rules' prebuilt DFA finds the rules the lazy DFA finds, on the case
    /// table's messages (lower-cased, as the normalized view is).
    #[test]
    fn the_prebuilt_dfa_agrees_with_the_lazy_one_on_the_cases() {
        let dense = lookup(&built_in_rules()).expect("the prebuilt DFA loads");
        let cases = include_str!("../tests/data/cases.tsv");
        for line in cases.lines().filter(|l| !l.starts_with('#')) {
            let text = line.split('\t').nth(3).unwrap_or("").to_lowercase();
            assert_agree(&dense, &BUILT_IN, &text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// ... and on random text made of the rules' own words, digits and marks.
        #[test]
        fn the_prebuilt_dfa_agrees_with_the_lazy_one_on_random_text(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("third"), Just("time"), Just("for"), Just("3"), Just("12"),
                    Just("days"), Just("weeks"), Just("hours"), Just("by"), Just("friday"),
                    Just("pm"), Just(":30"), Just("?"), Just("!"), Just("can't"),
                    Just("log"), Just("in"), Just("not"), Just("working"), Just("i"),
                    Just("will"), Just("report"), Just("this"), Just("to"), Just("the"),
                    Just("bbb"), Just("my"), Just("son"), Just("is"), Just("x"), Just("\n"),
                ],
                0..24,
            ),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just(", ")], 24),
        ) {
            let dense = lookup(&built_in_rules()).expect("the prebuilt DFA loads");
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            assert_agree(&dense, &BUILT_IN, &text);
        }
    }
}
