//! The tests of `rules`: the cursors of `Locator` against binary searches.

use super::*;
use crate::tokenize::tokenize;

/// Random texts of words, spaces and clause breaks, and random ordered spans in them
/// (word starts and any byte): the cursors agree with a binary search per span.
#[test]
fn locator_agrees_with_binary_search() {
    let pieces = [
        "ab", "c", "don't", " ", " ", ", ", "!", "!!", ". ", ":)", "x y", "\n",
    ];
    let mut next = crate::test_rng::below(0xA076_1D64_78BD_642F);
    let mut words = Words::default();
    for _ in 0..3_000 {
        let text: String = (0..next(30)).map(|_| pieces[next(pieces.len())]).collect();
        if text.is_empty() {
            continue;
        }
        tokenize(text.as_bytes(), &mut words);
        let mut spans: Vec<(usize, usize)> = (0..next(12))
            .map(|_| {
                let start = match words.tokens.get(next(words.tokens.len() + 1)) {
                    Some(t) if next(4) != 0 => t.start as usize,
                    _ => next(text.len()),
                };
                let end = (start + 1 + next(8)).min(text.len()).max(start + 1);
                (start, end)
            })
            .collect();
        spans.sort_unstable();
        let mut at = Locator::default();
        for (start, end) in spans {
            let tokens = &words.tokens;
            let ts = tokens.partition_point(|t| (t.end as usize) <= start);
            let te = ts + tokens[ts..].partition_point(|t| (t.start as usize) < end);
            let clause = words.breaks.partition_point(|&b| (b as usize) < start);
            let want = (ts as u32, te as u32, clause as u32);
            assert_eq!(
                at.locate(&words, start, end),
                want,
                "{text:?} {start}..{end}"
            );
        }
    }
}
