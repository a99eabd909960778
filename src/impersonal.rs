//! A hazard or legal word in a sentence with nobody in it ("vaccines can cause
//! anaphylaxis", "the company was sued") is more often a topic of discussion than something
//! happening to the writer. Such a hit counts `IMPERSONAL_SHARE` of its weight and is
//! marked [`Modifier::Impersonal`]. Who is in a sentence comes from the `anchor` words of
//! the lexicons ("I", "our", "you", "now", "please"), found by the engine's matcher.

use crate::scan::is_sentence_mark;
use crate::{Assessment, Category, Modifier};

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

/// Marks and discounts the lone safety and escalation hits of `out` whose sentence in
/// `text` holds none of `anchors` (anchor word starts in `text`, sorted). Hits come sorted
/// by start, so one sentence serves every hit inside it: each byte is scanned a bounded
/// number of times however many hits a long sentence holds.
pub(crate) fn discount(text: &str, anchors: &[usize], out: &mut Assessment) {
    let mut current: Option<(usize, usize)> = None;
    for h in &mut out.hits {
        // The category first: it rules out nearly every hit without reading the term.
        let lone = matches!(h.category, Category::Safety | Category::Escalation) && {
            let term = h.term.as_str();
            !term.contains(' ') && !term.starts_with("re:")
        };
        if !lone {
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
