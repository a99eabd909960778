/*!
Scores customer messages for **hostility** and **urgency**, in-process and offline, and
explains every score with the exact spans of text that drove it.

The engine, [`Triage`], compiles the embedded English lexicons (or yours) once into one
aho-corasick automaton plus a regex set. [`Triage::analyze`] then reads one message and
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

# Crate features

- `serde` (default): `Serialize` for every output record.
- `cli`: the `sentiment-triage` JSON-lines command-line tool.
*/

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod assessment;
mod builtin;
mod category;
mod error;
mod fold;
mod lexicon;
mod matcher;
mod normalize;
mod preprocess;
mod reply;
mod review;
mod rules;
mod score;
mod span;
mod template;
mod topic;
mod triage;

#[cfg(feature = "cli")]
pub mod jsonl;

pub use crate::assessment::{
    Assessment, CategoryScores, Hit, HostilityBand, Modifier, Modifiers, Score, Term, UrgencyBand,
};
pub use crate::category::{Axis, Category};
pub use crate::error::Error;
pub use crate::lexicon::{Entry, Lexicon, Pattern, MAX_LEXICON_BYTES};
pub use crate::reply::{suggest_replies, Care, Part, ReplyContext, Suggestion, SUGGESTIONS};
pub use crate::review::{
    review_reply, review_reply_to, Finding, FindingKind, Missing, Review, Reviewer,
    ReviewerBuilder, Verdict, FINDING_MIN_WEIGHT, REVISE_AT,
};
pub use crate::span::Span;
pub use crate::template::{PartKind, Templates, MAX_VALUE_CHARS};
pub use crate::topic::{Topic, MIN_TOPIC_EVIDENCE};
pub use crate::triage::{Triage, TriageBuilder, DEFAULT_MAX_BYTES};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../docs/replies.md")]
struct RepliesDoctests;

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
        clone_debug::<Triage>();
        clone_debug::<Assessment>();
    }
}
