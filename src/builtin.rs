//! The embedded English lexicons, parsed lazily through the same parser users call.

use std::sync::{LazyLock, OnceLock};

use crate::{Lexicon, Templates};

/// One embedded file: its path under the crate root and its text.
macro_rules! lexicon {
    ($path:literal) => {
        (
            concat!("lexicons/", $path),
            include_str!(concat!("../lexicons/", $path)),
        )
    };
}

/// Every built-in lexicon file of the scorer.
pub(crate) const FILES: &[(&str, &str)] = &[
    lexicon!("hostility/anger.txt"),
    lexicon!("hostility/blame.txt"),
    lexicon!("hostility/contempt.txt"),
    lexicon!("hostility/dissatisfaction.txt"),
    lexicon!("hostility/emoji.txt"),
    lexicon!("hostility/evaluative_negative.txt"),
    lexicon!("hostility/insult.txt"),
    lexicon!("hostility/profanity.txt"),
    lexicon!("hostility/threat.txt"),
    lexicon!("modifiers.txt"),
    lexicon!("politeness.txt"),
    lexicon!("sentiment_positive.txt"),
    lexicon!("topics.txt"),
    lexicon!("escalation_kinds.txt"),
    lexicon!("evaluative_positive.txt"),
    lexicon!("urgency/escalation.txt"),
    lexicon!("urgency/impact.txt"),
    lexicon!("urgency/problem_reports.txt"),
    lexicon!("urgency/requests.txt"),
    lexicon!("urgency/safety.txt"),
    lexicon!("urgency/time_pressure.txt"),
    lexicon!("urgency/waiting.txt"),
];

/// The phrase lists of the reply checker (`Reviewer`): not part of the default engine.
pub(crate) const REVIEW_FILES: &[(&str, &str)] = &[
    lexicon!("review/blame.txt"),
    lexicon!("review/condescension.txt"),
    lexicon!("review/curt.txt"),
    lexicon!("review/good_parts.txt"),
    lexicon!("review/helpless.txt"),
    lexicon!("review/non_apology.txt"),
    lexicon!("review/policy_wall.txt"),
    lexicon!("review/tone_policing.txt"),
];

/// The reply templates (see "Reply templates" in `lexicons/README.md`).
pub(crate) const TEMPLATE_FILES: &[(&str, &str)] = &[
    lexicon!("replies/parts.txt"),
    lexicon!("replies/rewrites.txt"),
    lexicon!("replies/topics.txt"),
];

/// The parsed review lexicons, or the first parse error (a unit test proves there is none).
pub(crate) static REVIEW_LEXICONS: LazyLock<Result<Vec<Lexicon>, crate::Error>> =
    LazyLock::new(|| {
        REVIEW_FILES
            .iter()
            .map(|(name, text)| Lexicon::parse(name, text))
            .collect()
    });

/// The parsed built-in templates, or the first parse error (a unit test proves there is none).
pub(crate) static TEMPLATES: LazyLock<Result<Templates, crate::Error>> = LazyLock::new(|| {
    let mut all = Templates::parse("(none)", "")?;
    for (name, text) in TEMPLATE_FILES {
        all.extend(Templates::parse(name, text)?);
    }
    Ok(all)
});

/// Weights fitted on labeled data by `examples/fit_weights.rs`: entries here override the
/// weight of the built-in entry with the same category and pattern.
pub(crate) const FITTED_FILE: (&str, &str) = lexicon!("fitted/weights.txt");

/// The parsed fitted weights, parsed on first use.
static FITTED: OnceLock<Result<Lexicon, crate::Error>> = OnceLock::new();

/// The parsed fitted weights (parsed once per process).
pub(crate) fn fitted() -> &'static Result<Lexicon, crate::Error> {
    FITTED.get_or_init(|| Lexicon::parse(FITTED_FILE.0, FITTED_FILE.1))
}

/// Whether the fitted weights are parsed already: a build that needs them parses them on
/// a second thread only while they are not.
pub(crate) fn fitted_parsed() -> bool {
    FITTED.get().is_some()
}

/// The parsed built-in lexicons, or the first parse error (a unit test proves there is none).
pub(crate) static LEXICONS: LazyLock<Result<Vec<Lexicon>, crate::Error>> =
    LazyLock::new(|| parse_files(FILES));

/// Below this many bytes of lexicon text, parsing on this thread costs less than starting
/// a second one (about 50 µs); the built-in files are about 200 KB and take about 2 ms.
const PARALLEL_PARSE_BYTES: usize = 64 * 1024;

/// Parses `files` in order; the first error (in file order) wins. The later half (by
/// bytes) is parsed on a second thread where one can be started, since the first
/// `Triage::new()` of a process waits for this.
fn parse_files(files: &[(&str, &str)]) -> Result<Vec<Lexicon>, crate::Error> {
    let parse = |files: &[(&str, &str)]| -> Vec<Result<Lexicon, crate::Error>> {
        files
            .iter()
            .map(|(name, text)| Lexicon::parse(name, text))
            .collect()
    };
    let total: usize = files.iter().map(|(_, text)| text.len()).sum();
    let mut split = 0;
    let mut seen = 0;
    while split < files.len() && 2 * seen < total {
        seen += files[split].1.len();
        split += 1;
    }
    let (front, back) = files.split_at(split);
    let (mut results, later) = crate::par::join(
        total >= PARALLEL_PARSE_BYTES,
        || parse(front),
        || parse(back),
    );
    results.extend(later);
    results.into_iter().collect()
}

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
                assert_eq!(
                    e.category.axis(),
                    Axis::Review,
                    "{}: line {}",
                    lex.name(),
                    e.line
                );
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
        for c in Category::ALL
            .into_iter()
            .filter(|c| matches!(c.axis(), Axis::Topic | Axis::Review))
        {
            assert!(
                all.iter().any(|e| e.category == c),
                "no built-in entries for {c}"
            );
        }
    }

    #[test]
    fn every_scorer_file_in_the_folder_is_embedded() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut missing = Vec::new();
        while let Some(dir) = stack.pop() {
            for item in std::fs::read_dir(&dir).unwrap() {
                let path = item.unwrap().path();
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if path.is_dir() {
                    if !matches!(rel.as_str(), "review" | "replies" | "fitted") {
                        stack.push(path);
                    }
                } else if rel.ends_with(".txt")
                    && !FILES
                        .iter()
                        .any(|(name, _)| name.ends_with(&format!("/{rel}")))
                {
                    missing.push(rel);
                }
            }
        }
        assert!(missing.is_empty(), "not embedded: {missing:?}");
    }

    #[test]
    fn every_fitted_weight_has_its_entry() {
        let fitted = fitted().as_ref().expect("fitted weights parse");
        let lexicons = LEXICONS.as_ref().unwrap();
        let stale: Vec<String> = fitted
            .entries()
            .iter()
            .filter(|f| {
                !lexicons
                    .iter()
                    .flat_map(|l| l.entries())
                    .any(|e| e.category == f.category && e.pattern == f.pattern)
            })
            .map(|f| format!("[{}] {}", f.category, f.pattern))
            .collect();
        assert!(
            stale.is_empty(),
            "fitted weights for entries that no longer exist (re-run fit_weights): {stale:?}"
        );
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
