//! Evasion: every built-in single-word hostility term (read from `lexicons/hostility/*.txt`
//! through the public `Lexicon` API) is written the ways people hide words, and the test
//! reports, per kind of disguise, the share still caught. Each share must stay at or above
//! its floor (named constants below, set just under what was measured), so a change that
//! lets more disguises through fails here.
//!
//! `cargo test --test evasion -- --nocapture` prints the table.

use std::path::Path;

use sentiment_triage::{Axis, Lexicon, Pattern, Triage};

/// Floors, per kind of disguise, as a share of the terms the disguise applies to.
const FLOOR_MASK: f64 = 0.99;
const FLOOR_DOTS: f64 = 0.99;
const FLOOR_SPACES: f64 = 0.99;
const FLOOR_ZERO_WIDTH: f64 = 0.99;
const FLOOR_REPEATED: f64 = 0.99;
const FLOOR_LEET: f64 = 0.65;
const FLOOR_FULL_WIDTH: f64 = 0.99;
const FLOOR_CYRILLIC: f64 = 0.99;
const FLOOR_GREEK: f64 = 0.99;
const FLOOR_MIXED_CASE: f64 = 0.99;

/// One kind of disguise: its name, its floor, and how it rewrites a lower-case ASCII word
/// (`None` when it does not apply, e.g. leet on a word with no leet letter).
type Disguise = (&'static str, f64, fn(&str) -> Option<String>);

const DISGUISES: [Disguise; 10] = [
    ("mask (f*ck)", FLOOR_MASK, mask),
    ("dots (f.u.c.k)", FLOOR_DOTS, |w| Some(join(w, "."))),
    ("spaces (f u c k)", FLOOR_SPACES, |w| Some(join(w, " "))),
    ("zero-width", FLOOR_ZERO_WIDTH, |w| {
        Some(join(w, "\u{200B}"))
    }),
    ("repeated (fuuuck)", FLOOR_REPEATED, repeated),
    ("leet (1d10t)", FLOOR_LEET, leet),
    ("full-width", FLOOR_FULL_WIDTH, full_width),
    ("cyrillic look-alikes", FLOOR_CYRILLIC, |w| {
        look_alikes(w, CYRILLIC)
    }),
    ("greek look-alikes", FLOOR_GREEK, |w| look_alikes(w, GREEK)),
    ("mixed case (IdIoT)", FLOOR_MIXED_CASE, mixed_case),
];

fn join(word: &str, sep: &str) -> String {
    word.chars().map(String::from).collect::<Vec<_>>().join(sep)
}

/// The first vowel after the first letter masked with `*` (needs a letter either side).
fn mask(word: &str) -> Option<String> {
    let b = word.as_bytes();
    let i = (1..b.len().saturating_sub(1)).find(|&i| b"aeiou".contains(&b[i]))?;
    Some(format!("{}*{}", &word[..i], &word[i + 1..]))
}

/// The first vowel written four times.
fn repeated(word: &str) -> Option<String> {
    let i = word.find(|c: char| "aeiou".contains(c))?;
    let v = &word[i..i + 1];
    Some(format!("{}{}{}", &word[..i], v.repeat(4), &word[i + 1..]))
}

/// Every letter with a usual leet digit or symbol replaced.
fn leet(word: &str) -> Option<String> {
    let out: String = word
        .chars()
        .map(|c| match c {
            'a' => '4',
            'e' => '3',
            'i' => '1',
            'o' => '0',
            's' => '$',
            't' => '7',
            c => c,
        })
        .collect();
    (out != word).then_some(out)
}

fn full_width(word: &str) -> Option<String> {
    Some(
        word.chars()
            .map(|c| char::from_u32(c as u32 - 'a' as u32 + 0xFF41).unwrap_or(c))
            .collect(),
    )
}

const CYRILLIC: &[(char, char)] = &[
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('i', 'і'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
];
const GREEK: &[(char, char)] = &[('i', 'ι'), ('k', 'κ'), ('o', 'ο'), ('u', 'υ'), ('v', 'ν')];

/// Every letter with a look-alike in `table` replaced.
fn look_alikes(word: &str, table: &[(char, char)]) -> Option<String> {
    let out: String = word
        .chars()
        .map(|c| table.iter().find(|(a, _)| *a == c).map_or(c, |(_, l)| *l))
        .collect();
    (out != word).then_some(out)
}

fn mixed_case(word: &str) -> Option<String> {
    Some(
        word.chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// The single-word hostility terms of the built-in lexicons, lower-case ASCII letters
/// only, at least three letters (prefix terms by their stem).
fn hostility_words() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons/hostility");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("lexicons/hostility")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut words = Vec::new();
    for f in files {
        let lex = Lexicon::from_file(&f).expect("built-in lexicon parses");
        for e in lex.entries() {
            if e.category.axis() != Axis::Hostility || e.weight <= 0.0 {
                continue;
            }
            if let Pattern::Term { words: w, .. } = &e.pattern {
                if w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()) {
                    words.push(w.clone());
                }
            }
        }
    }
    words.sort();
    words.dedup();
    words
}

fn caught(triage: &Triage, text: &str) -> bool {
    triage
        .analyze(text)
        .hits
        .iter()
        .any(|h| h.category.axis() == Axis::Hostility && h.weight > 0.0)
}

#[test]
fn evasion_variants_are_caught_at_their_floor_rates() {
    let triage = Triage::new();
    let words: Vec<String> = hostility_words()
        .into_iter()
        .filter(|w| caught(&triage, w))
        .collect();
    assert!(words.len() > 200, "only {} hostility words", words.len());
    println!(
        "evasion: {} single-word hostility terms that score as written",
        words.len()
    );
    let mut failures = Vec::new();
    for (name, floor, disguise) in DISGUISES {
        let (mut applied, mut hits) = (0usize, 0usize);
        let mut missed = Vec::new();
        for w in &words {
            let Some(v) = disguise(w) else { continue };
            applied += 1;
            if caught(&triage, &v) {
                hits += 1;
            } else if missed.len() < 8 {
                missed.push(v);
            }
        }
        let rate = hits as f64 / applied.max(1) as f64;
        println!(
            "  {name:<22} {hits:>5} / {applied:<5} = {:>5.1}% (floor {:.0}%)  missed e.g. {missed:?}",
            100.0 * rate,
            100.0 * floor
        );
        if rate < floor {
            failures.push(format!(
                "{name}: {:.1}% < floor {:.0}%",
                100.0 * rate,
                100.0 * floor
            ));
        }
    }
    assert!(failures.is_empty(), "catch rates fell: {failures:?}");
}
