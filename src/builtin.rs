//! The embedded English lexicons, parsed lazily through the same parser users call.

use std::sync::LazyLock;

use crate::{Lexicon, Templates};

/// Every built-in lexicon file: its path under the crate root and its text.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("lexicons/hostility/anger.txt", include_str!("../lexicons/hostility/anger.txt")),
    ("lexicons/hostility/blame.txt", include_str!("../lexicons/hostility/blame.txt")),
    ("lexicons/hostility/contempt.txt", include_str!("../lexicons/hostility/contempt.txt")),
    ("lexicons/hostility/emoji.txt", include_str!("../lexicons/hostility/emoji.txt")),
    ("lexicons/hostility/insult.txt", include_str!("../lexicons/hostility/insult.txt")),
    ("lexicons/hostility/profanity.txt", include_str!("../lexicons/hostility/profanity.txt")),
    ("lexicons/hostility/threat.txt", include_str!("../lexicons/hostility/threat.txt")),
    ("lexicons/modifiers.txt", include_str!("../lexicons/modifiers.txt")),
    ("lexicons/politeness.txt", include_str!("../lexicons/politeness.txt")),
    ("lexicons/topics.txt", include_str!("../lexicons/topics.txt")),
    ("lexicons/urgency/escalation.txt", include_str!("../lexicons/urgency/escalation.txt")),
    ("lexicons/urgency/impact.txt", include_str!("../lexicons/urgency/impact.txt")),
    ("lexicons/urgency/safety.txt", include_str!("../lexicons/urgency/safety.txt")),
    ("lexicons/urgency/time_pressure.txt", include_str!("../lexicons/urgency/time_pressure.txt")),
    ("lexicons/urgency/waiting.txt", include_str!("../lexicons/urgency/waiting.txt")),
];

/// The phrase lists of the reply checker (`Reviewer`): not part of the default engine.
pub(crate) const REVIEW_FILES: &[(&str, &str)] = &[
    ("lexicons/review/blame.txt", include_str!("../lexicons/review/blame.txt")),
    ("lexicons/review/condescension.txt", include_str!("../lexicons/review/condescension.txt")),
    ("lexicons/review/curt.txt", include_str!("../lexicons/review/curt.txt")),
    ("lexicons/review/good_parts.txt", include_str!("../lexicons/review/good_parts.txt")),
    ("lexicons/review/helpless.txt", include_str!("../lexicons/review/helpless.txt")),
    ("lexicons/review/non_apology.txt", include_str!("../lexicons/review/non_apology.txt")),
    ("lexicons/review/policy_wall.txt", include_str!("../lexicons/review/policy_wall.txt")),
    ("lexicons/review/tone_policing.txt", include_str!("../lexicons/review/tone_policing.txt")),
];

/// The reply templates (see "Reply templates" in `lexicons/README.md`).
pub(crate) const TEMPLATE_FILES: &[(&str, &str)] = &[
    ("lexicons/replies/parts.txt", include_str!("../lexicons/replies/parts.txt")),
    ("lexicons/replies/rewrites.txt", include_str!("../lexicons/replies/rewrites.txt")),
    ("lexicons/replies/topics.txt", include_str!("../lexicons/replies/topics.txt")),
];

/// The parsed review lexicons, or the first parse error (a unit test proves there is none).
pub(crate) static REVIEW_LEXICONS: LazyLock<Result<Vec<Lexicon>, crate::Error>> =
    LazyLock::new(|| REVIEW_FILES.iter().map(|(name, text)| Lexicon::parse(name, text)).collect());

/// The parsed built-in templates, or the first parse error (a unit test proves there is none).
pub(crate) static TEMPLATES: LazyLock<Result<Templates, crate::Error>> = LazyLock::new(|| {
    let mut all = Templates::parse("(none)", "")?;
    for (name, text) in TEMPLATE_FILES {
        all.extend(Templates::parse(name, text)?);
    }
    Ok(all)
});

/// The parsed built-in lexicons, or the first parse error (a unit test proves there is none).
pub(crate) static LEXICONS: LazyLock<Result<Vec<Lexicon>, crate::Error>> =
    LazyLock::new(|| FILES.iter().map(|(name, text)| Lexicon::parse(name, text)).collect());

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
        let review = REVIEW_LEXICONS.as_ref().expect("review lexicons parse");
        for lex in review {
            lex.check_sorted().unwrap();
            for e in lex.entries() {
                assert_eq!(e.category.axis(), Axis::Review, "{}: line {}", lex.name(), e.line);
            }
        }
    }

    #[test]
    fn every_topic_and_review_category_has_builtin_entries() {
        let all: Vec<&crate::Entry> = LEXICONS
            .as_ref()
            .unwrap()
            .iter()
            .chain(REVIEW_LEXICONS.as_ref().unwrap())
            .flat_map(|l| l.entries())
            .collect();
        for c in Category::ALL.into_iter().filter(|c| matches!(c.axis(), Axis::Topic | Axis::Review)) {
            assert!(all.iter().any(|e| e.category == c), "no built-in entries for {c}");
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
        for c in Category::ALL.into_iter().filter(|c| scored.contains(&c.axis())) {
            let n = lexicons.iter().flat_map(|l| l.entries()).filter(|e| e.category == c).count();
            assert!(n > 0, "no built-in entries for {c}");
        }
    }
}
