//! One table row per rule, on a small lexicon so each row isolates its rule: which hits
//! survive, with which modifiers, and how their weight compares to the bare term.

use sentiment_triage::{Category, Lexicon, Modifier, Triage};

const LEXICON: &str = "\
[anger]
annoying 0.4
[insult]
idiots 0.5
useless 0.5
[profanity]
damn 0.4
[praise]
happy 0.4
[politeness]
thanks 0.3
[waiting]
third time 0.5
[escalation]
i will cancel 0.6
sued 0.6
[safety]
anaphylaxis 0.6
[negator]
not 1
never 1
[intensifier]
extremely 1.5
[dampener]
a bit 0.6
[contrast]
but 1
[target]
you people 1.5
[clause]
i 1
[anchor]
i 1
my 1
now 1
we 1
you 1
";

fn triage() -> Triage {
    Triage::builder()
        .builtins(false)
        .lexicon(Lexicon::parse("rules-test", LEXICON).unwrap())
        .build()
        .unwrap()
}

/// (message, term that must hit or "" for none, its category, modifiers it must carry,
/// how its weight compares to the lexicon weight: "=", ">", "<", or its sign "+", "-")
const ROWS: &[(&str, &str, &str, &[Modifier], &str)] = &[
    ("this is annoying", "annoying", "anger", &[], "="),
    ("this is not annoying", "", "", &[], ""),
    ("not at all annoying", "", "", &[], ""),
    ("not, annoying", "annoying", "anger", &[], "="),
    (
        "i am not happy",
        "happy",
        "anger",
        &[Modifier::Negated],
        "+",
    ),
    (
        "extremely annoying",
        "annoying",
        "anger",
        &[Modifier::Intensified],
        ">",
    ),
    (
        "a bit annoying",
        "annoying",
        "anger",
        &[Modifier::Dampened],
        "<",
    ),
    (
        "this is ANNOYING, really",
        "annoying",
        "anger",
        &[Modifier::Caps],
        ">",
    ),
    (
        "this is annoying!!",
        "annoying",
        "anger",
        &[Modifier::Exclamation],
        ">",
    ),
    (
        "this is annoyinggg",
        "annoying",
        "anger",
        &[Modifier::Elongated],
        ">",
    ),
    (
        "you people are useless",
        "useless",
        "insult",
        &[Modifier::Directed],
        ">",
    ),
    ("this printer is useless", "useless", "insult", &[], "="),
    ("not damn fair", "damn", "profanity", &[], "="),
    (
        "annoying, but it works",
        "annoying",
        "anger",
        &[Modifier::Contrasted],
        "<",
    ),
    ("useless, but it works", "useless", "insult", &[], "="),
    ("thanks a lot", "thanks", "politeness", &[], "-"),
    (
        "thanks, but this is the third time",
        "third time",
        "waiting",
        &[],
        "=",
    ),
    (
        "this is not fixed i will cancel",
        "i will cancel",
        "escalation",
        &[],
        "=",
    ),
    // A swear word right before praise is emphasis: it counts less, marked dampened.
    (
        "damn happy",
        "damn",
        "profanity",
        &[Modifier::Dampened],
        "<",
    ),
    ("damn, happy", "damn", "profanity", &[], "="),
    ("damn annoying", "damn", "profanity", &[], "="),
    ("d a m n", "damn", "profanity", &[Modifier::Obfuscated], "="),
    ("id1ots", "idiots", "insult", &[Modifier::Obfuscated], "="),
    // A lone hazard or legal word in a sentence with nobody in it is a topic: half.
    (
        "vaccines can cause anaphylaxis",
        "anaphylaxis",
        "safety",
        &[Modifier::Impersonal],
        "<",
    ),
    (
        "my son went into anaphylaxis",
        "anaphylaxis",
        "safety",
        &[],
        "=",
    ),
    ("anaphylaxis, now!", "anaphylaxis", "safety", &[], "="),
    (
        "i read it. the firm was sued in 2010. do you think so?",
        "sued",
        "escalation",
        &[Modifier::Impersonal],
        "<",
    ),
    ("we were sued", "sued", "escalation", &[], "="),
    (
        "yourself aside, anaphylaxis",
        "anaphylaxis",
        "safety",
        &[Modifier::Impersonal],
        "<",
    ),
    ("i will cancel", "i will cancel", "escalation", &[], "="),
];

#[test]
fn each_rule_does_what_it_says() {
    let triage = triage();
    let lex = Lexicon::parse("rules-test", LEXICON).unwrap();
    for &(text, term, category, mods, cmp) in ROWS {
        let a = triage.analyze(text);
        if term.is_empty() {
            let scoring: Vec<_> = a
                .hits
                .iter()
                .filter(|h| h.category != Category::Politeness)
                .collect();
            assert!(scoring.is_empty(), "{text:?}: {scoring:?}");
            continue;
        }
        let hit = a
            .hits
            .iter()
            .find(|h| h.term.as_str() == term)
            .unwrap_or_else(|| panic!("{text:?}: no hit for {term}: {:?}", a.hits));
        assert_eq!(hit.category.name(), category, "{text:?}");
        for m in mods {
            assert!(
                hit.modifiers.contains(*m),
                "{text:?}: {:?} lacks {m}",
                hit.modifiers
            );
        }
        let base = lex
            .entries()
            .iter()
            .find(|e| e.pattern.to_string() == term)
            .unwrap()
            .weight;
        let ok = match cmp {
            "=" => (hit.weight - base).abs() < 1e-6,
            ">" => hit.weight > base,
            "+" => hit.weight > 0.0,
            "<" => hit.weight < base,
            "-" => hit.weight < 0.0,
            _ => unreachable!(),
        };
        assert!(
            ok,
            "{text:?}: weight {} vs lexicon {base} ({cmp})",
            hit.weight
        );
    }
}

#[test]
fn contrast_cancels_the_thanks() {
    let triage = triage();
    assert!(triage.analyze("thanks a lot").has(Category::Politeness));
    let a = triage.analyze("thanks, but this is the third time");
    assert!(!a.has(Category::Politeness), "{:?}", a.hits);
    assert!(
        a.hostility.score
            > triage
                .analyze("thanks, this is the third time")
                .hostility
                .score
    );
}

#[test]
fn without_anchor_words_the_impersonal_rule_is_off() {
    let lexicon = LEXICON.split("[anchor]").next().unwrap();
    let triage = Triage::builder()
        .builtins(false)
        .lexicon(Lexicon::parse("rules-test", lexicon).unwrap())
        .build()
        .unwrap();
    let a = triage.analyze("vaccines can cause anaphylaxis");
    assert!(
        a.hits
            .iter()
            .any(|h| h.term.as_str() == "anaphylaxis" && h.modifiers.is_empty()),
        "{:?}",
        a.hits
    );
}
