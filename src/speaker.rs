//! Whether a sentence has someone in it: a writer or reader ("I", "our", "you") or a word
//! of the moment ("now", "please", "help"). A threat or hazard mentioned in a sentence
//! with nobody in it ("vaccines can cause anaphylaxis", "the company was sued") is more
//! often a topic of discussion than something happening to the writer; `score.rs` counts
//! such safety and escalation hits at a reduced share of their urgency.

/// Words that put the writer, the reader or the present moment into a sentence. Compared
/// case-insensitively with the runs of letters of the sentence, so "I'm" gives "i", and
/// "we've" gives "we". "u" is left out: "U.S." would make every news sentence personal.
const ANCHORS: &[&str] = &[
    "asap",
    "help",
    "here",
    "i",
    "im",
    "immediately",
    "ive",
    "me",
    "mine",
    "my",
    "now",
    "our",
    "ours",
    "please",
    "somebody",
    "someone",
    "ur",
    "urgent",
    "us",
    "we",
    "you",
    "your",
    "yours",
];

/// Bytes that end a sentence for this purpose.
fn is_sentence_end(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b'\n')
}

/// True when the sentence of `text` holding the byte range `start..end` contains an
/// anchor word. Sentences end at `.`, `!`, `?` and line breaks (ASCII, so any byte offset
/// found is a char boundary).
pub(crate) fn anchored(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let end = end.clamp(start, bytes.len());
    let from = bytes[..start]
        .iter()
        .rposition(|&b| is_sentence_end(b))
        .map_or(0, |i| i + 1);
    let to = bytes[end..]
        .iter()
        .position(|&b| is_sentence_end(b))
        .map_or(bytes.len(), |i| end + i);
    text[from..to]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 11)
        .any(|w| ANCHORS.iter().any(|a| a.eq_ignore_ascii_case(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, word: &str) -> bool {
        let s = text.find(word).expect("word in text");
        anchored(text, s, s + word.len())
    }

    #[test]
    fn a_person_or_the_moment_anchors_the_sentence() {
        assert!(at("My son was injured by the heater.", "injured"));
        assert!(at("We will sue.", "sue"));
        assert!(at("I'm calling my lawyer", "lawyer"));
        assert!(at("Gas leak in the basement now!", "Gas leak"));
        assert!(at("Smoke everywhere, please hurry", "Smoke"));
    }

    #[test]
    fn a_sentence_with_nobody_in_it_is_not_anchored() {
        assert!(!at("Vaccines can cause anaphylaxis.", "anaphylaxis"));
        assert!(!at(
            "I read the article. The company was sued in 2010. What do you think?",
            "sued"
        ));
        assert!(!at("The U.S. court ruled against it", "court"));
    }

    #[test]
    fn anchor_words_must_be_whole_words() {
        assert!(!at("Humidity causes injury to plants", "injury"));
        assert!(!at("Yourself aside, the venue was unsafe", "unsafe"));
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        assert!(!anchored("fire", 10, 20));
        assert!(anchored("help", 3, 1));
    }
}
