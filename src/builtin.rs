//! The embedded English lexicons, parsed lazily through the same parser users call.

use std::sync::LazyLock;

use crate::Lexicon;

/// Every built-in lexicon file: its path under the crate root and its text.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "lexicons/hostility/anger.txt",
        include_str!("../lexicons/hostility/anger.txt"),
    ),
    (
        "lexicons/hostility/blame.txt",
        include_str!("../lexicons/hostility/blame.txt"),
    ),
    (
        "lexicons/hostility/contempt.txt",
        include_str!("../lexicons/hostility/contempt.txt"),
    ),
    (
        "lexicons/hostility/emoji.txt",
        include_str!("../lexicons/hostility/emoji.txt"),
    ),
    (
        "lexicons/hostility/insult.txt",
        include_str!("../lexicons/hostility/insult.txt"),
    ),
    (
        "lexicons/hostility/profanity.txt",
        include_str!("../lexicons/hostility/profanity.txt"),
    ),
    (
        "lexicons/hostility/threat.txt",
        include_str!("../lexicons/hostility/threat.txt"),
    ),
    (
        "lexicons/modifiers.txt",
        include_str!("../lexicons/modifiers.txt"),
    ),
    (
        "lexicons/politeness.txt",
        include_str!("../lexicons/politeness.txt"),
    ),
    (
        "lexicons/urgency/escalation.txt",
        include_str!("../lexicons/urgency/escalation.txt"),
    ),
    (
        "lexicons/urgency/impact.txt",
        include_str!("../lexicons/urgency/impact.txt"),
    ),
    (
        "lexicons/urgency/safety.txt",
        include_str!("../lexicons/urgency/safety.txt"),
    ),
    (
        "lexicons/urgency/time_pressure.txt",
        include_str!("../lexicons/urgency/time_pressure.txt"),
    ),
    (
        "lexicons/urgency/waiting.txt",
        include_str!("../lexicons/urgency/waiting.txt"),
    ),
];

/// The parsed built-in lexicons, or the first parse error (a unit test proves there is none).
pub(crate) static LEXICONS: LazyLock<Result<Vec<Lexicon>, crate::Error>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, text)| Lexicon::parse(name, text))
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Axis, Category};

    #[test]
    fn every_builtin_file_parses_sorted_and_unique() {
        let lexicons = LEXICONS.as_ref().expect("built-in lexicons parse");
        for lex in lexicons {
            lex.check_sorted().unwrap();
        }
    }

    #[test]
    fn builtin_coverage_meets_the_minimum() {
        let lexicons = LEXICONS.as_ref().unwrap();
        let count = |axis: Axis| {
            lexicons
                .iter()
                .flat_map(|l| l.entries())
                .filter(|e| e.category.axis() == axis)
                .count()
        };
        assert!(count(Axis::Hostility) >= 1500, "{}", count(Axis::Hostility));
        assert!(count(Axis::Urgency) >= 400, "{}", count(Axis::Urgency));
        let scored = [Axis::Hostility, Axis::Urgency, Axis::Relief, Axis::Modifier];
        for c in Category::ALL
            .into_iter()
            .filter(|c| scored.contains(&c.axis()))
        {
            let n = lexicons
                .iter()
                .flat_map(|l| l.entries())
                .filter(|e| e.category == c)
                .count();
            assert!(n > 0, "no built-in entries for {c}");
        }
    }
}
