//! Words people actually use do not score: every word of a standard English word list
//! (`/usr/share/dict/words`, Debian's `wamerican`), scored on its own, gives no hostility
//! hit unless the word is in a hostility lexicon on purpose. Those words are listed by
//! name in `tests/data/wordlist_exceptions.txt`; the test fails on a word that scores and
//! is not listed (a false hit), and on a listed word that no longer scores (a stale
//! entry).
//!
//! A listed word must be matched by its own lexicon entry: the entry's pattern is the word
//! itself ("idiot" for "idiot", "idiot's") or a prefix pattern that covers it ("idiot*"
//! for "idiots"). A hit any other way (leet decoding of a real word, a look-alike, an
//! accent) is a false hit and cannot be listed.
//!
//! Regenerate the list after a deliberate lexicon change (then review the diff):
//! `WORDLIST_BLESS=1 cargo test --test wordlist`. Without the word list installed the
//! test prints a note and passes (`.ci/run` installs `wamerican`).

use std::collections::BTreeSet;
use std::path::Path;

use sentiment_triage::{Axis, Hit, Triage};

const WORDS: &str = "/usr/share/dict/words";
const EXCEPTIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/wordlist_exceptions.txt"
);
const HEADER: &str = "\
# Words of /usr/share/dict/words (Debian wamerican) that score a hostility hit on their own
# because they are in a hostility lexicon on purpose, one per line, sorted. The test
# tests/wordlist.rs fails when this list and the scorer disagree.
# DO NOT EDIT by hand: regenerate with `WORDLIST_BLESS=1 cargo test --test wordlist`
# after a deliberate lexicon change, and review the diff.
";

/// The word, lower-cased, accents folded ("cliché" is the entry "cliche"), without a
/// possessive `'s`: what a lexicon entry would name.
fn base(word: &str) -> String {
    let w: String = word
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à'..='å' => 'a',
            'ç' => 'c',
            'è'..='ë' => 'e',
            'ì'..='ï' => 'i',
            'ñ' => 'n',
            'ò'..='ö' => 'o',
            'ù'..='ü' => 'u',
            c => c,
        })
        .collect();
    w.strip_suffix("'s").map_or(w.clone(), str::to_string)
}

/// True when `hit` is the word's own lexicon entry: the pattern is the word, or a prefix
/// pattern (`idiot*`) the word starts with.
fn own_entry(word: &str, hit: &Hit) -> bool {
    let w = base(word);
    let term = hit.term.as_str();
    match term.strip_suffix('*') {
        Some(prefix) => w.starts_with(prefix),
        None => term == w || term.replace('\'', "") == w.replace('\'', ""),
    }
}

#[test]
fn dictionary_words_do_not_score_unless_listed() {
    if !Path::new(WORDS).exists() {
        eprintln!("note: {WORDS} is missing (install wamerican); word-list test skipped");
        return;
    }
    let words = std::fs::read_to_string(WORDS).expect("word list is UTF-8");
    let triage = Triage::new();
    let mut listed_ok = BTreeSet::new();
    let mut false_hits = Vec::new();
    let mut total = 0;
    for word in words.lines().map(str::trim).filter(|w| !w.is_empty()) {
        total += 1;
        let a = triage.analyze(word);
        let hostile: Vec<&Hit> = a
            .hits
            .iter()
            .filter(|h| h.category.axis() == Axis::Hostility && h.weight > 0.0)
            .collect();
        if hostile.is_empty() {
            continue;
        }
        if hostile.iter().all(|h| own_entry(word, h)) {
            listed_ok.insert(word.to_string());
        } else {
            let terms: Vec<&str> = hostile.iter().map(|h| h.term.as_str()).collect();
            false_hits.push(format!("{word} (matched {terms:?})"));
        }
    }
    println!(
        "word list: {total} words, {} score as their own hostility entry, {} false hits",
        listed_ok.len(),
        false_hits.len()
    );
    assert!(
        false_hits.is_empty(),
        "dictionary words that score without being in a lexicon:\n{}",
        false_hits.join("\n")
    );
    if std::env::var_os("WORDLIST_BLESS").is_some() {
        let mut out = String::from(HEADER);
        for w in &listed_ok {
            out.push_str(w);
            out.push('\n');
        }
        std::fs::write(EXCEPTIONS, out).expect("write the exceptions file");
        return;
    }
    let listed: BTreeSet<String> = std::fs::read_to_string(EXCEPTIONS)
        .expect("tests/data/wordlist_exceptions.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let unlisted: Vec<&String> = listed_ok.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&listed_ok).collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "score but are not listed: {unlisted:?}\nlisted but no longer score: {stale:?}\n\
         (after a deliberate lexicon change: WORDLIST_BLESS=1 cargo test --test wordlist)"
    );
}
