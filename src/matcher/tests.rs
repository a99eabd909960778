//! The matcher's tests: word boundaries, and the fast scan against the scan as it was.

use super::*;

/// Random texts of lexicon words, phrases, long words that keys and stems end inside,
/// emoticons, emoji, leet, masked and drawn-out words, apostrophes and punctuation, with
/// and without spaces between: `find` (a plain byte done in the round before, a slot's
/// kind read only for a key that ends inside a word) finds the same candidates, words and
/// clause breaks as the scan as it was (`find_with::<false>`).
#[test]
fn fast_scan_agrees_with_the_scan_as_it_was() {
    let pieces: &[&str] = &[
        "hate",
        "motherfucker",
        "assholes",
        "classless",
        "hatefulness",
        "disappointment",
        "unbelievable",
        "fuuuucking",
        "idiots",
        "you",
        "people",
        "not",
        "very",
        "worst",
        "flight",
        "don't",
        "can't",
        "company's",
        "ass",
        "class",
        "fuck",
        "fucking",
        "sh*t",
        "h4te",
        "loooove",
        "i",
        "the",
        "delayed",
        "again",
        "never",
        "thank",
        "thanks",
        ":)",
        ":(",
        ">:(",
        "😡",
        "é",
        "ß",
        ",",
        ".",
        "!",
        "?",
        "'",
        "*",
        "-",
        "@",
        "#",
        "2",
        "\n",
        "\"",
        "(",
        "so",
        "bad",
        "x",
        "2015",
        "$30",
        "@united",
        "http://x",
    ];
    let seps: &[&str] = &[" ", " ", " ", "", "  ", "\t", ", ", "'"];
    let triage = crate::Triage::new();
    let matcher = &triage.inner.matcher;
    let mut next = crate::test_rng::below(0x0DDB_A11C_AFE5_F00D);
    let (mut norm, mut found) = (Normalized::default(), 0);
    let (mut w1, mut w2) = (Words::default(), Words::default());
    let (mut c1, mut c2) = (Vec::new(), Vec::new());
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..next(16) {
            text.push_str(pieces[next(pieces.len())]);
            text.push_str(seps[next(seps.len())]);
        }
        norm.clear();
        norm.append(&text, 0..text.len());
        norm.finish();
        matcher.find(&norm, &mut w1, &mut c1);
        matcher.find_with::<false>(&norm, &mut w2, &mut c2);
        assert_eq!(c1, c2, "{text:?}");
        assert_eq!(w1.tokens, w2.tokens, "{text:?}");
        assert_eq!(w1.breaks, w2.breaks, "{text:?}");
        found += c1.len();
    }
    assert!(found > 50_000, "{found}");
}

#[test]
fn word_boundaries() {
    let hay = "class ass don't 'ass' company's assistant".as_bytes();
    assert!(!word_start(hay, 2)); // "ass" inside "class"
    assert!(word_start(hay, 6) && word_end(hay, 9));
    assert!(!word_start(hay, 14)); // "t" inside "don't"
    assert!(word_start(hay, 17) && word_end(hay, 20));
    let company = 22;
    assert!(word_end(hay, company + 7)); // company's
    assert!(!word_end(hay, 35 + 3)); // "ass" of assistant
}
