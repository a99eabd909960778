//! Property tests: invariants of `analyze` on arbitrary input, and the matcher against a
//! naive whole-word oracle.

use proptest::prelude::*;
use sentiment_triage::{Category, Lexicon, Span, Triage};

/// Characters that exercise every normalization path.
fn nasty_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        'a', 'f', 'u', 'c', 'k', 's', 'h', 'i', 't', 'o', 'n', 'A', 'F', 'U', ' ', ' ', '\n', '\r',
        '!', '?', '*', '$', '@', '1', '0', '3', '>', '-', '\'', '’', '.', ',', '\u{200B}',
        '\u{FE0F}', '\u{0301}', 'é', 'а', 'ο', 'ｆ', '😡', '🖕', '🏻', '\u{FEFF}', '\t', '_', '#',
    ])
}

fn nasty_string() -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..200).prop_map(|v| v.into_iter().collect())
}

fn check_invariants(triage: &Triage, text: &str) {
    let a = triage.analyze(text);
    assert!((0.0..=1.0).contains(&a.hostility.score), "{text:?}");
    assert!((0.0..=1.0).contains(&a.urgency.score), "{text:?}");
    for (_, v) in a.categories.iter() {
        assert!((0.0..=1.0).contains(&v));
    }
    for h in &a.hits {
        assert!(
            h.span.start < h.span.end && h.span.end <= text.len(),
            "{text:?} {h:?}"
        );
        assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
        let _ = &text[h.span];
        assert!(h.weight.is_finite() && h.weight != 0.0);
    }
    assert_eq!(a, triage.analyze(text), "deterministic");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_spans_are_valid(text in any::<String>()) {
        check_invariants(&Triage::new(), &text);
    }

    #[test]
    fn never_panics_on_evasion_alphabet(text in nasty_string()) {
        check_invariants(&Triage::new(), &text);
    }

    #[test]
    fn adding_a_hostile_term_never_lowers_hostility(text in nasty_string()) {
        let triage = Triage::new();
        let before = triage.analyze(&text).hostility.score;
        let after = triage.analyze(&format!("{text} idiot")).hostility.score;
        prop_assert!(after >= before - 1e-6, "{before} -> {after}");
    }

    #[test]
    fn matcher_agrees_with_naive_whole_word_scan(
        words in prop::collection::vec(prop::sample::select(WORDS.to_vec()), 0..30),
        seps in prop::collection::vec(prop::sample::select(vec![" ", ", ", "  ", "\n", "-", ". "]), 30),
    ) {
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                text.push_str(seps[i]);
            }
            text.push_str(w);
        }
        let got: Vec<Span> = toy().analyze(&text).hits.iter().map(|h| h.span).collect();
        prop_assert_eq!(got, naive(&text));
    }
}

/// Words for the oracle test: lexicon terms, their prefixes and extensions.
const WORDS: [&str; 10] = [
    "bad", "bade", "ba", "abad", "dab", "cab", "cabs", "scab", "dabba", "ace",
];
/// The toy lexicon: whole words only.
const TERMS: [&str; 3] = ["bad", "cab", "dabba"];

fn toy() -> Triage {
    let text: String = std::iter::once("[anger]\n".to_string())
        .chain(TERMS.iter().map(|t| format!("{t} 0.3\n")))
        .collect();
    Triage::builder()
        .builtins(false)
        .lexicon(Lexicon::parse("toy", &text).unwrap())
        .build()
        .unwrap()
}

/// The oracle: split on anything that is not a letter, keep the words in `TERMS`.
fn naive(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if TERMS.contains(&&text[s..i]) {
                    out.push(Span::new(s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[test]
fn builtin_categories_parse_back() {
    for c in Category::ALL {
        assert_eq!(c.to_string().parse::<Category>().unwrap(), c);
    }
}
