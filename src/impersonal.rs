//! A hazard or legal word in a sentence with nobody in it ("vaccines can cause
//! anaphylaxis", "the company was sued") is more often a topic of discussion than something
//! happening to the writer. Such a hit counts `IMPERSONAL_SHARE` of its weight and is
//! marked [`Modifier::Impersonal`]. Who is in a sentence comes from the `anchor` words of
//! the lexicons ("I", "our", "you", "now", "please"), found by the engine's matcher.

use crate::scan::is_sentence_mark;
use crate::{Assessment, Category, Hit, Modifier};

/// A lone safety or escalation word (a one-word term: "anaphylaxis", "sued", "ceo") in a
/// sentence with no anchor counts this share of its weight: "vaccines can cause
/// anaphylaxis" is a discussion topic more often than a report. Phrases that tell an event
/// ("battery exploded") and `re:` patterns count fully. Half, not zero: a bare "fire!"
/// still counts.
pub(crate) const IMPERSONAL_SHARE: f32 = 0.5;

/// The sentence of `text` around the byte range `start..end`: from after the previous
/// `.`, `!`, `?` or line break to the next one (ASCII, so every bound is a char boundary).
fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let end = end.clamp(start, bytes.len());
    let from = bytes[..start]
        .iter()
        .rposition(|&b| is_sentence_mark(b))
        .map_or(0, |i| i + 1);
    let to = bytes[end..]
        .iter()
        .position(|&b| is_sentence_mark(b))
        .map_or(bytes.len(), |i| end + i);
    (from, to)
}

/// Whether `h` is a lone safety or escalation word: a one-word term, not a phrase or a
/// `re:` pattern. (The category first: it rules out nearly every hit without reading the
/// term.)
fn lone(h: &Hit) -> bool {
    matches!(h.category, Category::Safety | Category::Escalation) && {
        let term = h.term.as_str();
        !term.contains(' ') && !term.starts_with("re:")
    }
}

/// Marks and discounts the lone safety and escalation hits of `out` whose sentence in
/// `text` holds none of the anchors (anchor word starts in `text`, sorted, which `anchors`
/// gives when first asked: most messages have no such hit and never ask). Hits come
/// sorted by start, so one sentence serves every hit inside it: each byte is scanned a
/// bounded number of times however many hits a long sentence holds.
pub(crate) fn discount<'a>(
    text: &str,
    anchors: impl FnOnce() -> &'a [usize],
    out: &mut Assessment,
) {
    let mut find = Some(anchors);
    let mut anchors: &[usize] = &[];
    let mut current: Option<(usize, usize)> = None;
    for h in &mut out.hits {
        if !lone(h) {
            continue;
        }
        let (from, to) = match current {
            Some((from, to)) if from <= h.span.start && h.span.end <= to => (from, to),
            _ => {
                let s = sentence(text, h.span.start, h.span.end);
                current = Some(s);
                s
            }
        };
        if let Some(find) = find.take() {
            anchors = find();
        }
        let at = anchors.partition_point(|&a| a < from);
        if anchors.get(at).is_none_or(|&a| a >= to) {
            h.weight *= IMPERSONAL_SHARE;
            h.modifiers.insert(Modifier::Impersonal);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Span, Term};

    /// `discount` written plainly: every lone hit's sentence found anew, the anchors given
    /// up front and searched one by one.
    fn discount_naive(text: &str, anchors: &[usize], out: &mut Assessment) {
        for h in out.hits.iter_mut().filter(|h| lone(h)) {
            let (from, to) = sentence(text, h.span.start, h.span.end);
            if !anchors.iter().any(|&a| from <= a && a < to) {
                h.weight *= IMPERSONAL_SHARE;
                h.modifiers.insert(Modifier::Impersonal);
            }
        }
    }

    /// Random texts of words and sentence marks, random sorted hits on their words (lone
    /// words, phrases and rules, of categories that are discounted and some that are not)
    /// and random anchors among the word starts: with the anchors asked for lazily and one
    /// sentence serving every hit inside it, `discount` gives what the plain version gives;
    /// the anchors are asked for at most once, and only when a hit is a lone word.
    #[test]
    fn discount_agrees_with_the_plain_version() {
        let pieces = [
            "fire", "sued", "we", "the ceo", "now", ". ", "! ", "\n", ", ", " ",
        ];
        let kinds = [
            (Category::Safety, "fire"),
            (Category::Escalation, "sued"),
            (Category::Safety, "gas leak"),
            (Category::Escalation, "re:sue"),
            (Category::Anger, "fire"),
            (Category::Impact, "down"),
        ];
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let mut asked_sets = 0;
        for _ in 0..5_000 {
            let text: String = (0..next(24)).map(|_| pieces[next(pieces.len())]).collect();
            let words: Vec<(usize, usize)> = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .scan(0, |at, w| {
                    let start = *at;
                    *at += w.len() + 1;
                    Some((start, start + w.len()))
                })
                .filter(|&(s, e)| e > s)
                .collect();
            let anchors: Vec<usize> = words
                .iter()
                .filter(|_| next(3) == 0)
                .map(|&(s, _)| s)
                .collect();
            let mut a = Assessment::new();
            for &(s, e) in &words {
                if next(2) == 0 {
                    continue;
                }
                let (category, term) = kinds[next(kinds.len())];
                a.hits.push(Hit {
                    span: Span::new(s, e),
                    term: Term::new(term),
                    category,
                    weight: 0.5,
                    modifiers: Default::default(),
                });
            }
            let mut want = a.clone();
            discount_naive(&text, &anchors, &mut want);
            let mut asked = 0;
            discount(
                &text,
                || {
                    asked += 1;
                    &anchors[..]
                },
                &mut a,
            );
            assert_eq!(a, want, "{text:?} {anchors:?}");
            let any_lone = want.hits.iter().any(lone);
            assert_eq!(asked, usize::from(any_lone), "{text:?}");
            asked_sets += asked;
        }
        // The test means something only if many sets ask.
        assert!(asked_sets > 1_000, "{asked_sets}");
    }

    #[test]
    fn a_sentence_ends_at_stops_and_line_breaks() {
        let text = "I read it. The company was sued in 2010!\nWhat now?";
        let s = text.find("sued").unwrap();
        let (from, to) = sentence(text, s, s + 4);
        assert_eq!(&text[from..to], " The company was sued in 2010");
        assert_eq!(sentence("fire", 10, 20), (0, 4));
        assert_eq!(sentence("help", 3, 1), (0, 4));
    }
}
