/*!
Scores customer messages for **hostility** and **urgency**, in-process and offline, and
explains every score with the exact spans of text that drove it.

The engine, [`Triage`], compiles the embedded English lexicons (or yours) once into a trie
of terms and symbols plus a regex set. [`Triage::analyze`] then reads one message and
returns an [`Assessment`]: two scores in `0.0..=1.0` with bands
([`HostilityBand`]: calm < frustrated < angry < abusive; [`UrgencyBand`]: low < normal <
high < critical), a per-[`Category`] breakdown, and the [`Hit`]s with byte [`Span`]s into the
original text. Analysis never fails and never panics; only building can fail, with an
[`Error`] that names the file and line.

# Example

```
use sentiment_triage::{HostilityBand, Triage};

let triage = Triage::new();
let text = "This is the THIRD time I ask. You people are useless!!";
let a = triage.analyze(text);
assert!(a.hostility.band >= HostilityBand::Angry);
for hit in &a.hits {
    println!("{:>10} {:+.2} {:?}", &text[hit.span], hit.weight, hit.modifiers);
}
```

# Custom lexicons

Lexicon files use one line-oriented format (see `lexicons/README.md`), parsed by
[`Lexicon::parse`], the same parser the built-in files go through.

```
use sentiment_triage::{Category, Lexicon, Triage};

let ours = Lexicon::parse("ours.txt", "[insult]\nmuppet* 0.5\n")?;
let triage = Triage::builder().lexicon(ours).build()?;
assert!(triage.analyze("what muppets").has(Category::Insult));
# Ok::<(), sentiment_triage::Error>(())
```

# Replies

[`suggest_replies`] drafts empathetic, responsibility-taking replies from an
[`Assessment`] (topic, hostility and urgency bands) and a [`ReplyContext`]; the wording is
data in `lexicons/replies/` ([`Templates`]). [`Reviewer`] (or [`review_reply`]) checks an
agent's draft: findings with spans and rewrites, missing parts, a [`Verdict`] and a score.

```
use sentiment_triage::{suggest_replies, review_reply_to, ReplyContext, Triage, Verdict};

let customer = Triage::new().analyze("My parcel never arrived and nobody answers!");
let drafts = suggest_replies(&customer, &ReplyContext::new().name("Ana"));
assert_eq!(review_reply_to(&drafts[0].text, &customer).verdict, Verdict::Send);
let bad = review_reply_to("Please calm down, that's our policy.", &customer);
assert_eq!(bad.verdict, Verdict::Revise);
```

# Difficult customers

A [`CustomerHistory`] (owned and stored by you, or kept in a [`HistoryStore`]) folds each
customer's [`Assessment`]s in with [`CustomerHistory::record`], keeping decayed numbers and
never text. [`CustomerHistory::difficulty`] then tells who needs extra care: a
[`DifficultyLevel`] (none < watch < extra_care < escalate), the [`Reason`]s in plain words,
and the care plan as [`CareAction`]s. One bad message never labels anyone, customers recover
as they calm down, and the level only ever adds care. Times are the caller's [`Timestamp`]s.

```
use sentiment_triage::{CustomerHistory, DifficultyLevel, Timestamp, Triage};

let triage = Triage::new();
let mut history = CustomerHistory::new();
let at = Timestamp::parse_rfc3339("2024-03-04T09:00:00Z")?;
history.record(&triage.analyze("Where is my parcel?"), at);
assert_eq!(history.difficulty(at).level, DifficultyLevel::None);
# Ok::<(), sentiment_triage::Error>(())
```

# Untrusted input

[`Triage::analyze`] takes whatever the internet typed and never panics. Its work is linear
in the message length (trie walks no longer than the longest term, regex scans, linear
rules), and messages longer than [`DEFAULT_MAX_BYTES`] (1 MiB, configurable with
[`TriageBuilder::max_bytes`]) are scored on their first part only, with
[`Assessment::truncated`] set, never silently. Only
configuration can fail: an oversized regex, a lexicon file over [`MAX_LEXICON_BYTES`] or
not UTF-8, a corrupt or newer history file, each with an [`Error`] naming the file and
line. One [`Triage`] shared by many threads answers exactly as one thread does. The
library has no `unsafe` code. This is checked by six coverage-guided fuzz targets
(`fuzz/`), 10 MB adversarial benchmarks (`benches/adversarial.rs`), a test over every word
of an English word list, evasion, concurrency, CLI-abuse and bad-configuration tests; see
`docs/untrusted_input.md` for the guarantees in full and the figures.

# Crate features

- `serde` (default): `Serialize` for every output record, `Deserialize` for histories.
- `cli`: the `sentiment-triage` JSON-lines command-line tool.
*/

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

/// `name()` (the snake_case name used in JSON) and `Display` for a small enum.
macro_rules! snake_case_names {
    ($t:ty { $($v:ident => $n:literal),* $(,)? }) => {
        impl $t {
            /// The snake_case name used in JSON.
            pub fn name(self) -> &'static str {
                match self { $(<$t>::$v => $n),* }
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

mod assessment;
mod builtin;
mod care;
mod category;
mod compile;
mod difficulty;
mod error;
mod escalation;
mod fold;
mod history;
mod impersonal;
mod lexicon;
mod matcher;
mod normalize;
mod odd;
mod overrides;
mod par;
mod placeholder;
mod prebuilt;
mod preprocess;
mod reply;
mod review;
mod review_builder;
mod rule_automaton;
mod rule_set;
mod rules;
mod scan;
mod score;
mod select;
mod span;
mod store;
mod template;
#[cfg(test)]
mod test_rng;
mod timestamp;
mod tokenize;
mod topic;
mod triage;
mod trie;

#[cfg(feature = "cli")]
pub mod jsonl;

pub use crate::assessment::{
    Assessment, CategoryScores, Hit, HostilityBand, Modifier, Modifiers, Score, Term, UrgencyBand,
};
pub use crate::care::{
    CareAction, Difficulty, DifficultyLevel, Reason, Trend, ESCALATE_AT, EXTRA_CARE_AT,
    FOLLOW_UP_HOURS, MAX_HOLD_SECONDS, WATCH_AT,
};
pub use crate::category::{Axis, Category};
pub use crate::difficulty::{TREND_MARGIN, TREND_PRIOR};
pub use crate::error::Error;
pub use crate::escalation::EscalationKind;
pub use crate::history::{
    Contact, CustomerHistory, HistoryConfig, DEFAULT_HALF_LIFE, ESCALATION_HALF_LIFE,
    HISTORY_VERSION, LABEL_WINDOW, RECENT_CONTACTS, REPEAT_CONTACTS, REPEAT_WINDOW,
    SAME_CONTACT_WINDOW, TREND_FAST_HALF_LIFE, TREND_SLOW_HALF_LIFE,
};
pub use crate::lexicon::{Entry, Lexicon, Pattern, MAX_LEXICON_BYTES};
pub use crate::placeholder::MAX_VALUE_CHARS;
pub use crate::reply::{suggest_replies, Care, Part, ReplyContext, Suggestion, SUGGESTIONS};
pub use crate::review::{
    review_reply, review_reply_to, Finding, FindingKind, Missing, Review, Reviewer, Verdict,
    FINDING_MIN_WEIGHT, REVISE_AT,
};
pub use crate::review_builder::ReviewerBuilder;
pub use crate::span::Span;
pub use crate::store::{HistoryStore, STORE_SHARDS};
pub use crate::template::{PartKind, Templates};
pub use crate::timestamp::{Timestamp, MAX_TIMESTAMP};
pub use crate::topic::{Topic, MIN_TOPIC_EVIDENCE};
pub use crate::triage::{Triage, TriageBuilder, DEFAULT_MAX_BYTES};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../docs/replies.md")]
struct RepliesDoctests;

#[cfg(doctest)]
#[doc = include_str!("../docs/history.md")]
struct HistoryDocDoctests;

#[cfg(test)]
mod auto_traits {
    use super::*;

    fn send_sync<T: Send + Sync>() {}
    fn clone_debug<T: Clone + std::fmt::Debug>() {}

    #[test]
    fn public_types_are_send_sync() {
        send_sync::<Triage>();
        send_sync::<TriageBuilder>();
        send_sync::<Assessment>();
        send_sync::<Lexicon>();
        send_sync::<Error>();
        send_sync::<Reviewer>();
        send_sync::<ReviewerBuilder>();
        send_sync::<Review>();
        send_sync::<Templates>();
        send_sync::<Suggestion>();
        send_sync::<ReplyContext>();
        clone_debug::<Reviewer>();
        clone_debug::<Review>();
        clone_debug::<Suggestion>();
        send_sync::<CustomerHistory>();
        send_sync::<HistoryConfig>();
        send_sync::<HistoryStore>();
        send_sync::<Difficulty>();
        send_sync::<Timestamp>();
        clone_debug::<CustomerHistory>();
        clone_debug::<HistoryConfig>();
        clone_debug::<Difficulty>();
        clone_debug::<Triage>();
        clone_debug::<Assessment>();
    }
}
