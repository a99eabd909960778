//! The built-in `re:` rules as a DFA determinized ahead of time (`lexicons/prebuilt/`,
//! written by `examples/prebuild_rules.rs`), so `Triage::new()` loads it in well under a
//! millisecond instead of compiling about 12 KB of regular expressions (some 28 M
//! instructions, the costliest step of building the engine).
//!
//! It is only a cache: an engine runs it for the rules it has among those it was built
//! from (the list beside it) and compiles a lazy DFA for the rest, when most of the
//! prebuilt rules are the engine's and the bytes pass `regex-automata`'s own checks
//! (format, version, endianness); otherwise all rules compile as before. A test fails
//! while the files are stale, naming the command that writes them again.

use std::sync::OnceLock;

use regex_automata::dfa::{dense, Automaton};

use crate::rule_automaton::NOT_OURS;
use crate::rule_set::RuleSource;
pub(crate) use search::which_match;

mod search;

/// The determinized automaton, read in place.
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
const SOURCES: &str = include_str!("../lexicons/prebuilt/rules.sources");

/// A prebuilt rule runs for an engine only when at least this share of the prebuilt
/// rules are the engine's: an engine that removed most built-in rules (or never had
/// them) would pay a pass over a DFA mostly of rules it ignores.
const MIN_SHARE_OURS: f64 = 0.5;

/// The prebuilt automaton with, for each of its rules, the index of the same source in
/// `rules` (`NOT_OURS` when the engine does not have it), when enough of its rules are
/// the engine's; `None` otherwise, or when the bytes do not load on this target (a
/// big-endian machine, another format version).
pub(crate) fn cover(rules: &[RuleSource<'_>]) -> Option<(Dense, Vec<u32>)> {
    // An engine has few rules (the built-ins about 60): a sorted list serves as index.
    let mut by_text: Vec<(&str, u32)> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.text, i as u32))
        .collect();
    by_text.sort_unstable();
    let ours: Vec<u32> = SOURCES
        .lines()
        .map(
            |text| match by_text.binary_search_by(|(t, _)| (*t).cmp(text)) {
                Ok(k) => by_text[k].1,
                Err(_) => NOT_OURS,
            },
        )
        .collect();
    let have = ours.iter().filter(|&&i| i != NOT_OURS).count();
    if have == 0 || (have as f64) < MIN_SHARE_OURS * ours.len() as f64 {
        return None;
    }
    static LOADED: OnceLock<Option<Dense>> = OnceLock::new();
    let dfa = LOADED
        .get_or_init(|| {
            dense::DFA::from_bytes(&DFA_BYTES.bytes)
                .ok()
                .map(|(dfa, _)| dfa)
        })
        .clone()?;
    (dfa.pattern_len() == ours.len()).then_some((dfa, ours))
}

/// Determinizes `sources` (one rule set, in order) with the configuration the lazy DFA
/// uses, minimized, and returns its little-endian serialization. For
/// `examples/prebuild_rules.rs`; takes seconds.
#[cfg(feature = "prebuild")]
fn build(sources: &[&str]) -> Result<Vec<u8>, crate::Error> {
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
        .syntax(crate::rule_automaton::syntax_config())
        .thompson(crate::rule_automaton::thompson_config())
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
    use regex_automata::{Input, MatchKind, PatternID, PatternSet};

    use super::*;
    use crate::rule_automaton::RuleAutomaton;

    /// Rules of an engine that changed the built-ins: the first three removed, two of
    /// its own added (sorted in among the rest, as an engine orders its rules).
    fn changed_rules() -> Vec<&'static str> {
        let mut rules: Vec<&str> = SOURCES.lines().skip(3).collect();
        rules.extend([r"^why\b", r"\bthird (call|time)\b"]);
        rules.sort_unstable();
        rules
    }

    /// Each rule list under test with its oracle: the library's own overlapping search of
    /// one lazy DFA over the list, compiled once for all tests.
    static CASES: LazyLock<Vec<(Vec<&'static str>, DFA)>> = LazyLock::new(|| {
        [SOURCES.lines().collect(), changed_rules()]
            .into_iter()
            .map(|rules: Vec<&str>| {
                let dfa = DFA::builder()
                    .configure(DFA::config().match_kind(MatchKind::All))
                    .syntax(crate::rule_automaton::syntax_config())
                    .thompson(crate::rule_automaton::thompson_config())
                    .build_many(&rules)
                    .unwrap();
                (rules, dfa)
            })
            .collect()
    });

    fn sources<'a>(rules: &[&'a str]) -> Vec<RuleSource<'a>> {
        rules
            .iter()
            .map(|&text| RuleSource {
                text,
                origin: ("test", 0),
            })
            .collect()
    }

    /// The rules an engine's automata find in `text` are the ones the oracle finds.
    fn assert_agree(text: &str) {
        for (rules, oracle) in CASES.iter() {
            let auto = RuleAutomaton::compile(&sources(rules)).unwrap().unwrap();
            let mut want = PatternSet::new(rules.len());
            oracle
                .try_which_overlapping_matches(
                    &mut oracle.create_cache(),
                    &Input::new(text),
                    &mut want,
                )
                .unwrap();
            let mut got = PatternSet::new(rules.len());
            let mut last_end = vec![usize::MAX; rules.len()];
            auto.which(text.as_bytes(), auto.create_cache().as_mut(), |i, end| {
                got.insert(PatternID::new_unchecked(i));
                if last_end[i] == usize::MAX || last_end[i] < end {
                    last_end[i] = end;
                }
            })
            .unwrap();
            let (got, want): (Vec<_>, Vec<_>) = (got.iter().collect(), want.iter().collect());
            assert_eq!(got, want, "{text:?} with {} rules", rules.len());
            // The last end of each rule that matches is where its last match ends.
            let mut want_last = vec![usize::MAX; rules.len()];
            let mut state = regex_automata::hybrid::dfa::OverlappingState::start();
            let mut cache = oracle.create_cache();
            loop {
                oracle
                    .try_search_overlapping_fwd(&mut cache, &Input::new(text), &mut state)
                    .unwrap();
                let Some(m) = state.get_match() else { break };
                want_last[m.pattern().as_usize()] = m.offset();
            }
            assert_eq!(last_end, want_last, "{text:?} with {} rules", rules.len());
        }
    }

    /// The built-in engine runs every rule in the prebuilt DFA: the files in
    /// `lexicons/prebuilt/` were written from the current rules.
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
            rules.automaton().all_prebuilt(),
            "lexicons/prebuilt/rules.dfa does not load"
        );
    }

    #[test]
    fn the_prebuilt_dfa_serves_the_rules_an_engine_shares_with_it() {
        let all: Vec<&str> = SOURCES.lines().collect();
        let (_, ours) = cover(&sources(&all)).expect("the built-in rules");
        assert!(ours.iter().enumerate().all(|(i, &k)| k == i as u32));
        let changed = changed_rules();
        let (_, ours) = cover(&sources(&changed)).expect("most built-in rules");
        assert_eq!(ours.iter().filter(|&&k| k == NOT_OURS).count(), 3);
        for (p, &k) in ours.iter().enumerate().filter(|(_, &k)| k != NOT_OURS) {
            assert_eq!(changed[k as usize], all[p]);
        }
        let few = &all[..all.len() / 2 - 1];
        assert!(cover(&sources(few)).is_none(), "under half of them");
        assert!(cover(&sources(&[r"\bown\b"])).is_none(), "none of them");
    }

    /// Every (rule, end) that `search` notes, sorted, without repeats.
    fn ends(search: impl FnOnce(&mut dyn FnMut(PatternID, usize))) -> Vec<(PatternID, usize)> {
        let mut ends = Vec::new();
        search(&mut |p, end| ends.push((p, end)));
        ends.sort_unstable();
        ends.dedup();
        ends
    }

    /// `which_match` as one chain of transitions, step by step (the loop that the two
    /// chains replaced).
    fn one_chain(dfa: &Dense, hay: &[u8], note: &mut dyn FnMut(PatternID, usize)) {
        let mut sid = dfa.start_state_forward(&Input::new(hay)).unwrap();
        let mut note_all = |sid, end| {
            if dfa.is_match_state(sid) {
                for i in 0..dfa.match_len(sid) {
                    note(dfa.match_pattern(sid, i), end);
                }
            }
        };
        for (at, &b) in hay.iter().enumerate() {
            sid = dfa.next_state(sid, b);
            assert!(!dfa.is_dead_state(sid) && !dfa.is_quit_state(sid));
            note_all(sid, at);
        }
        note_all(dfa.next_eoi_state(sid), hay.len());
    }

    /// The two chains of `which_match` note the very (rule, end) pairs of one chain (the
    /// loop they replaced), on random messages of every length around `MIN_SPLIT` and
    /// well past `MEET_WINDOW`, made of the rules' own words (so that matches straddle
    /// the middle), digits, runs of marks and bytes that are not ASCII.
    #[test]
    fn two_chains_see_what_one_chain_sees() {
        let all: Vec<&str> = SOURCES.lines().collect();
        let (dfa, _) = cover(&sources(&all)).expect("the built-in rules");
        let words = crate::rule_set::rule_words(&all);
        let marks = [
            " ", " ", " ", "", "?", "??", "!", "\n", "3", "12", ":", "é", "#",
        ];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        let (mut split, mut matched) = (0, 0);
        // Matches longer than `MEET_WINDOW` across the middle, so that the chains never
        // meet, one of them at the end of the text.
        let long = (20..140).step_by(7).flat_map(|n| {
            let digits = "1".repeat(n);
            [
                format!("we are losing ${digits}k per day"),
                format!("losing {digits} a day and more"),
                format!("why{}", "?".repeat(n)),
            ]
        });
        let random = std::iter::repeat_with(|| {
            let mut text = String::new();
            let len = next(240);
            while text.len() < len {
                text.push_str(words[next(words.len())]);
                text.push_str(marks[next(marks.len())]);
            }
            text
        });
        for text in long.chain(random.take(4000)) {
            let hay = text.as_bytes();
            let want = ends(|note| one_chain(&dfa, hay, note));
            let got = ends(|note| which_match(&dfa, hay, note).unwrap());
            assert_eq!(got, want, "{text:?}");
            split += usize::from(hay.len() >= search::MIN_SPLIT);
            matched += usize::from(want.iter().any(|&(_, e)| e > hay.len() / 2));
        }
        assert!(
            split > 3000 && matched > 1000,
            "{split} split, {matched} matched"
        );
    }

    /// The case table's messages (lower-cased, as the normalized view is).
    #[test]
    fn the_automata_agree_with_one_lazy_dfa_on_the_cases() {
        let cases = include_str!("../tests/data/cases.tsv");
        for line in cases.lines().filter(|l| !l.starts_with('#')) {
            assert_agree(&line.split('\t').nth(3).unwrap_or("").to_lowercase());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// ... and random text made of the rules' own words, digits and marks.
        #[test]
        fn the_automata_agree_with_one_lazy_dfa_on_random_text(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("third"), Just("time"), Just("for"), Just("3"), Just("12"),
                    Just("days"), Just("weeks"), Just("hours"), Just("by"), Just("friday"),
                    Just("pm"), Just(":30"), Just("?"), Just("!"), Just("can't"),
                    Just("log"), Just("in"), Just("not"), Just("working"), Just("i"),
                    Just("will"), Just("report"), Just("this"), Just("to"), Just("the"),
                    Just("bbb"), Just("my"), Just("son"), Just("is"), Just("why"),
                    Just("call"), Just("\n"),
                ],
                0..24,
            ),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just(", ")], 24),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            assert_agree(&text);
        }
    }
}
